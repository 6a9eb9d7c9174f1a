//! What every request view with a user shares: the envelope, the user's attributes and the
//! call's `clientMetadata`, and the helpers that read optional request members into a view.

/// The facts every request view with a user shares: the envelope, the user's attributes and the
/// call's `clientMetadata` (both empty when absent or `null`). Read through [`user_view!`].
#[derive(Clone, Debug, Default)]
pub(crate) struct UserContext {
    pub(crate) invocation: crate::Invocation,
    pub(crate) user_attributes: crate::AttributeMap,
    pub(crate) client_metadata: crate::AttributeMap,
}

impl UserContext {
    /// The user context of `event`, its request's maps picked by `attributes` and `metadata`.
    pub(crate) fn of<S, Req, Resp>(
        event: &crate::event::TriggerEvent<S, Req, Resp>,
        attributes: fn(&Req) -> &crate::Field<crate::AttributeMap>,
        metadata: fn(&Req) -> &crate::Field<crate::AttributeMap>,
    ) -> Self {
        let request = event.request.as_option();
        Self {
            invocation: crate::Invocation::of(event),
            user_attributes: request_map(request, attributes),
            client_metadata: request_map(request, metadata),
        }
    }
}

/// Whether the flag `pick` selects from an optional request is `true` (absent and `null` are
/// `false`).
pub(crate) fn request_flag<R>(request: Option<&R>, pick: fn(&R) -> &crate::Field<bool>) -> bool {
    request.is_some_and(|request| pick(request).as_option() == Some(&true))
}

/// The string map `pick` selects from an optional request, empty when absent or `null`.
pub(crate) fn request_map<R>(
    request: Option<&R>,
    pick: fn(&R) -> &crate::Field<crate::AttributeMap>,
) -> crate::AttributeMap {
    request
        .and_then(|request| pick(request).as_option().cloned())
        .unwrap_or_default()
}

/// The accessors every request view with a user shares: `invocation`, `username`,
/// `user_attributes`, `attribute` and `client_metadata`. The view needs a field
/// `user: UserContext`.
macro_rules! user_view {
    (impl<$($generic:ident),*> $view:ty) => {
        impl<$($generic),*> $view {
            /// The user, pool, region and app client of the call.
            pub fn invocation(&self) -> &$crate::Invocation {
                &self.user.invocation
            }

            /// The user name; see [`Invocation::username`](crate::Invocation::username).
            pub fn username(&self) -> &str {
                self.user.invocation.username()
            }

            /// The user's attributes as Cognito sent them.
            pub fn user_attributes(&self) -> &$crate::AttributeMap {
                &self.user.user_attributes
            }

            /// One user attribute as text, e.g. `attribute("email")`.
            pub fn attribute(&self, name: &str) -> Option<::std::borrow::Cow<'_, str>> {
                self.user.user_attributes.get(name)
            }

            /// `clientMetadata` of the API call (empty when none was sent, and for calls that
            /// carry none). Caller-controlled: check it before you trust it, escape it before
            /// you show it.
            pub fn client_metadata(&self) -> &$crate::AttributeMap {
                &self.user.client_metadata
            }
        }
    };
    ($view:ty) => {
        $crate::view::user_view!(impl<> $view);
    };
}

pub(crate) use user_view;
