//! The run options of the links a request makes (`starts_at`, `expires_at`, `expired_url`,
//! `max_clicks`, `password`): declared once for the bodies of `POST /api/v1/links` and
//! `POST /api/v1/campaigns`, and read out of them the same way.

/// Declares a request body: its own fields, the run options, then the fields of a `then`
/// block; and `take_run`, which hands the run options over as [`OptionFields`] and a password.
///
/// A macro because a body must stay one flat struct: with the run options in a struct of their
/// own under `#[serde(flatten)]`, `deny_unknown_fields` no longer says which fields it expects
/// ("unknown field `x`, expected one of …") and utoipa drops `additionalProperties: false`.
///
/// [`OptionFields`]: super::link_options::OptionFields
macro_rules! with_link_run {
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $( $(#[$own_attr:meta])* $own:ident: $own_ty:ty, )*
        }
        $( then {
            $( $(#[$then_attr:meta])* $then:ident: $then_ty:ty, )*
        } )?
    ) => {
        $(#[$attr])*
        pub struct $name {
            $( $(#[$own_attr])* $own: $own_ty, )*
            /// RFC 3339: before it, each new link answers 404 as if unknown.
            #[schema(format = DateTime, example = "2026-05-01T09:00:00Z")]
            starts_at: Option<String>,
            /// RFC 3339: from it on, each new link answers 410, or 302 to `expired_url`.
            #[schema(format = DateTime, example = "2026-06-01T00:00:00Z")]
            expires_at: Option<String>,
            /// Where a new link sends people once expired (by date or click limit): only with
            /// `expires_at` or `max_clicks`.
            #[schema(value_type = Option<$crate::routes::api::fields::HttpUrl>)]
            expired_url: Option<String>,
            /// After this many people (1 to 1,000,000,000), a new link has expired; previews,
            /// bots and prefetches do not count.
            #[schema(minimum = 1, maximum = 1_000_000_000)]
            max_clicks: Option<i64>,
            /// People get a form asking for it; stored as an argon2 hash, never shown.
            #[schema(value_type = Option<$crate::routes::api::fields::Password>)]
            password: Option<String>,
            $($( $(#[$then_attr])* $then: $then_ty, )*)?
        }

        impl $name {
            /// The run options sent, taken out of the body: those checked with the link's
            /// other options (the rest left out), and the password, checked where it is hashed.
            fn take_run(
                &mut self,
            ) -> ($crate::routes::api::link_options::OptionFields, Option<String>) {
                let fields = $crate::routes::api::link_options::OptionFields {
                    starts_at: self.starts_at.take().map(Some),
                    expires_at: self.expires_at.take().map(Some),
                    expired_url: self.expired_url.take().map(Some),
                    max_clicks: self.max_clicks.take().map(Some),
                    ..Default::default()
                };
                (fields, self.password.take())
            }
        }
    };
}

pub(super) use with_link_run;
