//! [`Field`]: a JSON member that may be absent, `null` or set, and is echoed back exactly as received.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON object member that remembers whether it was absent, `null` or set.
///
/// Cognito sends the same member as a value, as `null` or not at all depending on the API call
/// and its age. Keeping the three states apart lets a handler return the event exactly as it came,
/// changing only what the hook decided. Use it with
/// `#[serde(default, skip_serializing_if = "Field::is_absent")]`.
///
/// ```
/// use cognito_triggers::Field;
///
/// let set: Field<String> = Field::from(Some("x".to_owned()));
/// assert_eq!(set.as_option().map(String::as_str), Some("x"));
/// assert!(Field::<String>::Null.as_option().is_none());
/// assert!(Field::<String>::default().is_absent());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Field<T> {
    /// The member was not in the object.
    #[default]
    Absent,
    /// The member was present with the value `null`.
    Null,
    /// The member was present with a value.
    Value(T),
}

impl<T> Field<T> {
    /// Whether the member was missing; used to skip it when serializing.
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }

    /// The value, if one was set (`None` for both absent and `null`).
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Field::Value(value) => Some(value),
            Field::Absent | Field::Null => None,
        }
    }

    /// The value as a mutable reference, if one was set.
    pub fn as_option_mut(&mut self) -> Option<&mut T> {
        match self {
            Field::Value(value) => Some(value),
            Field::Absent | Field::Null => None,
        }
    }

    /// Consumes the field and returns its value, if one was set.
    pub fn into_option(self) -> Option<T> {
        match self {
            Field::Value(value) => Some(value),
            Field::Absent | Field::Null => None,
        }
    }

    /// Sets the value, or leaves the field as it was when `value` is `None`.
    pub fn set_if_some(&mut self, value: Option<T>) {
        if let Some(value) = value {
            *self = Field::Value(value);
        }
    }

    /// The value, inserting `T::default()` first when the member was absent or `null`.
    pub fn get_or_insert_default(&mut self) -> &mut T
    where
        T: Default,
    {
        if !matches!(self, Field::Value(_)) {
            *self = Field::Value(T::default());
        }
        match self {
            Field::Value(value) => value,
            // Just set above; this arm cannot be reached.
            Field::Absent | Field::Null => unreachable!("field was set to a value above"),
        }
    }
}

impl<T> From<Option<T>> for Field<T> {
    /// `Some` becomes a value, `None` becomes `null`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Field::Null, Field::Value)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Field::from)
    }
}

impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Value(value) => value.serialize(serializer),
            Field::Absent | Field::Null => serializer.serialize_none(),
        }
    }
}

/// A member of an object that may itself be missing, cloned; `None` when either is absent or
/// `null`.
pub(crate) fn member<R, T: Clone>(object: Option<&R>, pick: impl Fn(&R) -> &Field<T>) -> Option<T> {
    object.and_then(|object| pick(object).as_option().cloned())
}

/// Declares a JSON object of a trigger event as it travels: every member a [`Field`] that is
/// skipped when absent (so the object is echoed exactly), named in camelCase, and every member
/// this crate does not model kept in `extra`.
macro_rules! wire_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$member_meta:meta])* $member:ident: $ty:ty, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            $(
                $(#[$member_meta])*
                #[serde(default, skip_serializing_if = "crate::Field::is_absent")]
                pub $member: crate::Field<$ty>,
            )+
            /// Members this crate does not model, echoed back unchanged.
            #[serde(flatten)]
            pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        }
    };
}

pub(crate) use wire_object;
