//! The glue every trigger module shares, generated: [`hook_glue!`] writes the impls and free
//! functions around a hook trait that each trigger module writes out by hand.
//!
//! For a trait `T` with method `m` taking `R` and deciding `D` on event `E`, it generates:
//!
//! - `impl Hook<E> for every H: T` (what [`lifecycle::handle`](crate::lifecycle::handle) calls);
//! - `impl T for HookFn<F, E>` and `from_fn(f)`, so an async closure is a hook;
//! - `impl T for CognitoDefault` (returns `D::default()`), except for the senders;
//! - `handle(&hook, event)` and `run(hook)` (for the senders `run(decryptor, hook)`).

/// Generates a trigger module's glue around its hook trait; see the [module docs](self).
///
/// ```text
/// hook_glue!(PreSignUp::pre_sign_up for PreSignUpEvent, SignUpRequest => SignUpDecision);
/// hook_glue!(sender CustomEmailSender::custom_email_sender for CustomEmailSenderEvent,
///            EmailSenderSource, EmailSenderRequest);
/// ```
macro_rules! hook_glue {
    // What every hook trait gets: closures as hooks.
    (@closures $trait:ident::$method:ident for $event:ty, $request:ty => $decision:ty) => {
        impl<F, Fut> $trait for $crate::lifecycle::HookFn<F, $event>
        where
            F: Fn($request) -> Fut + Send + Sync + 'static,
            Fut: ::std::future::Future<
                Output = ::std::result::Result<$decision, $crate::HookError>,
            > + Send,
        {
            fn $method(
                &self,
                request: $request,
            ) -> impl ::std::future::Future<
                Output = ::std::result::Result<$decision, $crate::HookError>,
            > + Send {
                (self.function())(request)
            }
        }

        #[doc = concat!("Makes a hook from an async closure taking a [`", stringify!($request), "`].")]
        pub fn from_fn<F, Fut>(f: F) -> $crate::lifecycle::HookFn<F, $event>
        where
            F: Fn($request) -> Fut + Send + Sync + 'static,
            Fut: ::std::future::Future<
                Output = ::std::result::Result<$decision, $crate::HookError>,
            > + Send,
        {
            $crate::lifecycle::HookFn::new(f)
        }
    };

    // The custom senders: the lifecycle's hook is the trait's implementor paired with a
    // decryptor, which opens the code before the hook sees the request.
    (sender $trait:ident::$method:ident for $event:ty, $source:ty, $request:ty) => {
        $crate::glue::hook_glue!(@closures $trait::$method for $event, $request => ());

        impl<D, H> $crate::lifecycle::Hook<$event> for $crate::custom_sender::WithDecryptor<D, H>
        where
            D: $crate::custom_sender::CodeDecryptor,
            H: $trait,
        {
            async fn call(
                &self,
                request: $crate::custom_sender::SealedRequest<$source>,
            ) -> ::std::result::Result<(), $crate::HookError> {
                let request = $crate::custom_sender::open_for_hook(request, &self.decryptor).await?;
                self.hook.$method(request).await
            }
        }

        /// Handles one event: decrypts the code with the hook's decryptor, then runs the hook
        /// under the time budget. A code that does not decrypt is a failure (logged; nothing
        /// reaches the hook). The event goes back unchanged.
        ///
        /// # Errors
        ///
        /// The hook's error, a decryption failure, or the deadline, as a `TriggerError`
        /// already logged.
        pub async fn handle<D, H>(
            hook: &$crate::custom_sender::WithDecryptor<D, H>,
            event: $crate::LambdaEvent<$event>,
        ) -> ::std::result::Result<$event, $crate::TriggerError>
        where
            D: $crate::custom_sender::CodeDecryptor,
            H: $trait,
        {
            $crate::lifecycle::handle(hook, event).await
        }

        /// Runs the Lambda function: every event's code is decrypted with `decryptor` (build it
        /// once, before calling this) and handed to `hook`.
        ///
        /// # Errors
        ///
        /// Only when the Lambda runtime cannot start; event errors are answered and logged.
        pub async fn run<D, H>(decryptor: D, hook: H) -> ::std::result::Result<(), $crate::Error>
        where
            D: $crate::custom_sender::CodeDecryptor,
            H: $trait,
        {
            $crate::serve::run::<$event, _>($crate::custom_sender::WithDecryptor::new(
                decryptor, hook,
            ))
            .await
        }
    };

    // Every other trigger.
    ($trait:ident::$method:ident for $event:ty, $request:ty => $decision:ty) => {
        $crate::glue::hook_glue!(@closures $trait::$method for $event, $request => $decision);

        impl<H: $trait + ?Sized> $crate::lifecycle::Hook<$event> for H {
            fn call(
                &self,
                request: $request,
            ) -> impl ::std::future::Future<
                Output = ::std::result::Result<$decision, $crate::HookError>,
            > + Send {
                self.$method(request)
            }
        }

        impl $trait for $crate::CognitoDefault {
            async fn $method(
                &self,
                _request: $request,
            ) -> ::std::result::Result<$decision, $crate::HookError> {
                Ok(<$decision>::default())
            }
        }

        /// Runs `hook` on one event and returns the event with the decision written into it,
        /// without the Lambda runtime: what [`run`] serves, and what tests call. See
        /// [`lifecycle::handle`](crate::lifecycle::handle).
        ///
        /// # Errors
        ///
        /// A rejection, a failure, or (where the trigger fails on it) running out of time, each
        /// logged once.
        pub async fn handle<H: $trait + ?Sized>(
            hook: &H,
            event: $crate::LambdaEvent<$event>,
        ) -> ::std::result::Result<$event, $crate::TriggerError> {
            $crate::lifecycle::handle(hook, event).await
        }

        /// Serves `hook` as a Lambda function: JSON logs for CloudWatch, one event at a time,
        /// until the runtime stops. Every payload is decoded without leaking its values.
        ///
        /// # Errors
        ///
        /// When the Lambda Runtime API cannot be reached (for example outside Lambda).
        pub async fn run<H: $trait>(hook: H) -> ::std::result::Result<(), $crate::Error> {
            $crate::serve::run::<$event, H>(hook).await
        }
    };
}

pub(crate) use hook_glue;
