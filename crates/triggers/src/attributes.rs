//! [`AttributeMap`]: user attributes, `clientMetadata` and `validationData`, read tolerantly.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A string map as Cognito sends it (`userAttributes`, `clientMetadata`, `validationData`).
///
/// Real events carry strings (`"email_verified": "true"`), but several AWS sample events use JSON
/// booleans or numbers. The map keeps every value exactly as received, so the event is echoed back
/// unchanged, and reads each one as text: `true` reads as `"true"`, `null` reads as missing.
///
/// ```
/// use cognito_triggers::AttributeMap;
///
/// let attributes: AttributeMap =
///     serde_json::from_str(r#"{"email": "a@example.com", "email_verified": true}"#)?;
/// assert_eq!(attributes.get("email").as_deref(), Some("a@example.com"));
/// assert_eq!(attributes.get("email_verified").as_deref(), Some("true"));
/// assert!(attributes.is_true("email_verified"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AttributeMap(Map<String, Value>);

impl AttributeMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value of `name` as text; `None` when it is missing or `null`.
    pub fn get(&self, name: &str) -> Option<Cow<'_, str>> {
        self.0.get(name).and_then(value_as_text)
    }

    /// Whether `name` holds `"true"` (or the JSON boolean `true`), as Cognito's verified flags do.
    pub fn is_true(&self, name: &str) -> bool {
        self.get(name)
            .is_some_and(|value| value.eq_ignore_ascii_case("true"))
    }

    /// Whether the map has a value for `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets `name` to the string `value`.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.insert(name.into(), Value::String(value.into()));
    }

    /// Every entry with a non-null value, read as text, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Cow<'_, str>)> {
        self.0
            .iter()
            .filter_map(|(name, value)| value_as_text(value).map(|text| (name.as_str(), text)))
    }

    /// The number of entries, `null` values included.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The raw JSON values, exactly as received.
    pub fn as_json(&self) -> &Map<String, Value> {
        &self.0
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for AttributeMap {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self(
            iter.into_iter()
                .map(|(name, value)| (name.into(), Value::String(value.into())))
                .collect(),
        )
    }
}

impl From<Map<String, Value>> for AttributeMap {
    fn from(map: Map<String, Value>) -> Self {
        Self(map)
    }
}

fn value_as_text(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(text) => Some(Cow::Borrowed(text)),
        Value::Null => None,
        Value::Bool(flag) => Some(Cow::Borrowed(if *flag { "true" } else { "false" })),
        other => Some(Cow::Owned(other.to_string())),
    }
}
