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

/// Whether the JSON key `key` names the member `snake` (`user_attributes` ↔ `userAttributes`),
/// or exactly `wire` when the member has an explicit wire name. Compared in place: decoding an
/// event allocates nothing per known key.
pub(crate) fn names_member(key: &str, snake: &str, wire: Option<&str>) -> bool {
    if let Some(wire) = wire {
        return key == wire;
    }
    let mut key = key.chars();
    let mut snake = snake.chars();
    while let Some(s) = snake.next() {
        let expected = if s == '_' {
            match snake.next() {
                Some(next) => next.to_ascii_uppercase(),
                None => return false,
            }
        } else {
            s
        };
        if key.next() != Some(expected) {
            return false;
        }
    }
    key.next().is_none()
}

/// An object key as the JSON holds it: borrowed from the input when it has no escapes.
pub(crate) struct Key<'de>(pub(crate) std::borrow::Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a member name")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(key)))
            }

            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Declares a JSON object of a trigger event as it travels: every member a [`Field`] that is
/// skipped when absent (so the object is echoed exactly), named in camelCase (or `as "wireName"`),
/// and every member this crate does not model kept in `extra`. Decoding reads each member
/// straight into its field (no buffering of the object, as `#[serde(flatten)]` would).
macro_rules! wire_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$member_meta:meta])* $member:ident $(as $wire:literal)?: $ty:ty, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            $(
                $(#[$member_meta])*
                $( #[serde(rename = $wire)] )?
                #[serde(skip_serializing_if = "crate::Field::is_absent")]
                pub $member: crate::Field<$ty>,
            )+
            /// Members this crate does not model, echoed back unchanged.
            #[serde(flatten)]
            pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                struct ObjectVisitor;
                impl<'de> ::serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $name;

                    fn expecting(
                        &self,
                        f: &mut ::std::fmt::Formatter<'_>,
                    ) -> ::std::fmt::Result {
                        f.write_str("a JSON object")
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::std::result::Result<$name, A::Error> {
                        let mut object = $name::default();
                        while let Some(crate::field::Key(key)) = map.next_key()? {
                            $(
                                if crate::field::names_member(
                                    &key,
                                    stringify!($member),
                                    None $( .or(Some($wire)) )?,
                                ) {
                                    object.$member = map.next_value()?;
                                    continue;
                                }
                            )+
                            let value: ::serde_json::Value = map.next_value()?;
                            object.extra.insert(key.into_owned(), value);
                        }
                        Ok(object)
                    }
                }
                deserializer.deserialize_map(ObjectVisitor)
            }
        }
    };
}

pub(crate) use wire_object;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_names_are_the_camel_case_of_the_field_or_the_wire_name() {
        assert!(names_member("userAttributes", "user_attributes", None));
        assert!(names_member("code", "code", None));
        assert!(!names_member("UserAttributes", "user_attributes", None));
        assert!(!names_member("userAttribute", "user_attributes", None));
        assert!(!names_member("userAttributesX", "user_attributes", None));
        assert!(!names_member("user_attributes", "user_attributes", None));
        assert!(names_member(
            "enableSMSMFA",
            "enable_sms_mfa",
            Some("enableSMSMFA")
        ));
        assert!(!names_member(
            "enableSmsMfa",
            "enable_sms_mfa",
            Some("enableSMSMFA")
        ));
    }

    #[test]
    fn members_are_read_in_place_and_unknown_ones_kept() {
        let json = r#"{"userAttributes": {"email": "a@example.com"}, "UserAttributes": 1,
            "validationData": null, "escaped\u0041key": [true]}"#;
        let request: crate::pre_sign_up::wire::Request =
            serde_json::from_str(json).expect("decodes");
        assert!(request.user_attributes.as_option().is_some());
        assert_eq!(request.validation_data, Field::Null);
        assert!(request.client_metadata.is_absent());
        assert_eq!(request.extra.len(), 2, "{:?}", request.extra);
        assert!(request.extra.contains_key("escapedAkey"));
        let echoed: serde_json::Value = serde_json::to_value(&request).expect("encodes");
        let original: serde_json::Value = serde_json::from_str(json).expect("JSON");
        assert_eq!(echoed, original);
    }
}
