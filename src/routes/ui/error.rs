//! The web UI's one error type. A handler returns `Result<Response, PageError>` and uses `?`;
//! here a refusal becomes the page that says why, and a database failure is logged with its
//! cause, once, and shown as "try again" (503) or as a fault (500).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::forms::sentence;
use super::return_to::login_url;
use crate::error::Error;
use crate::i18n::{t, t1};
use crate::routes::pages;

#[derive(Debug)]
pub enum PageError {
    /// Nobody is signed in: the sign-in page instead, which leads back to the page asked for
    /// (its path and query).
    SignedOut { asked: String },
    /// Refused for a reason the person can act on.
    Refused {
        status: StatusCode,
        /// The title's message key (`error-not-allowed`), written in the request's language.
        title: &'static str,
        message: String,
    },
    /// The database failed under the page.
    Database(sqlx::Error),
}

impl PageError {
    pub fn refused(status: StatusCode, title: &'static str, message: impl Into<String>) -> Self {
        PageError::Refused {
            status,
            title,
            message: message.into(),
        }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::refused(StatusCode::FORBIDDEN, "error-not-allowed", message)
    }

    /// A form whose CSRF token is not this session's.
    pub fn expired_form() -> Self {
        Self::refused(
            StatusCode::FORBIDDEN,
            "error-expired-form",
            t("error-expired-form-text"),
        )
    }

    /// A record that is not there (any more); `what` names it (`share link`, with its message
    /// `missing-share-link` in the language files).
    pub fn missing(what: &str) -> Self {
        let key = format!("missing-{}", what.replace(' ', "-"));
        Self::refused(
            StatusCode::NOT_FOUND,
            "error-not-found",
            t1("error-missing-text", "what", t(&key)),
        )
    }

    /// The id of a `what` in the address (`/settings/sites/{id}`): anything but a number
    /// names none, answered with the app's 404 page rather than the router's "Invalid URL".
    pub fn id_in_path(raw: &str, what: &str) -> Result<i64, Self> {
        raw.parse().map_err(|_| Self::missing(what))
    }
}

/// What a refusal's page says, kept beside its answer for the frame.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub title: String,
    pub message: String,
}

impl From<sqlx::Error> for PageError {
    fn from(err: sqlx::Error) -> Self {
        PageError::Database(err)
    }
}

impl From<Error> for PageError {
    fn from(err: Error) -> Self {
        match err {
            Error::Invalid(message) => Self::refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                "error-not-valid",
                sentence(&message.localized()),
            ),
            Error::Conflict(message) => Self::refused(
                StatusCode::CONFLICT,
                "error-not-possible",
                sentence(&message.localized()),
            ),
            Error::NotFound(message) => Self::refused(
                StatusCode::NOT_FOUND,
                "error-not-found",
                t1(
                    "error-not-found-text",
                    "what",
                    sentence(&message.localized()).trim_end_matches('.'),
                ),
            ),
            Error::Database(err) => PageError::Database(err),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::SignedOut { asked } => Redirect::to(&login_url(&asked)).into_response(),
            PageError::Refused {
                status,
                title,
                message,
            } => {
                let title = t(title);
                let mut response = pages::error_page(status, &title, &message);
                // Someone signed in sees it in the UI's frame (src/routes/ui/frame.rs).
                response.extensions_mut().insert(Refusal { title, message });
                response
            }
            PageError::Database(err) if crate::error::log_database_error(&err) => {
                pages::unavailable()
            }
            PageError::Database(_) => pages::error_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                &t("error-fault"),
                &t("error-fault-text"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_errors_are_503_when_a_retry_can_cure_them_else_500() {
        let status = |err| PageError::from(err).into_response().status();
        assert_eq!(
            status(sqlx::Error::PoolTimedOut),
            StatusCode::SERVICE_UNAVAILABLE
        );
        assert_eq!(
            status(sqlx::Error::RowNotFound),
            StatusCode::INTERNAL_SERVER_ERROR
        );
        let signed_out = |asked: &str| {
            let asked = asked.to_owned();
            PageError::SignedOut { asked }.into_response().headers()["location"].clone()
        };
        assert_eq!(signed_out("/dashboard"), "/login");
        assert_eq!(signed_out("/links?q=x"), "/login?next=%2Flinks%3Fq%3Dx");
        assert_eq!(signed_out("//evil.example"), "/login");
    }
}
