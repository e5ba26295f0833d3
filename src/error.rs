//! Errors: the domain's one error (what an operation refuses, or the database under it), the
//! API's (a status and a message, answered as `{"error": "..."}`), the one test of a
//! database error, unavailable (503) or a fault (500), that the API and the web pages share,
//! and how an error is worded for the operator, on the console when a start or command fails
//! and in the log when a request does (without the values PostgreSQL quotes). Causes are
//! logged where they become an answer, never shown.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::time::Duration;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use sqlx::postgres::PgDatabaseError;

use crate::i18n::Message;

mod detail;

/// What a domain operation (creating a link, changing one, saving a campaign, adding a channel
/// …) refuses, or the database failure under it. Each edge answers it in one place:
/// `From<Error>` for [`ApiError`] here, and for the web UI's `PageError`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input, with what is wrong.
    #[error("{0}")]
    Invalid(Message),
    /// Taken already (a slug, a name, an email), or a state that forbids the change.
    #[error("{0}")]
    Conflict(Message),
    /// The record is not there (any more).
    #[error("{0}")]
    NotFound(Message),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// A refusal is a [`Message`] (a message of the language files, so each page shows it in its
/// language while the API answers it in English), or a text that has none.
impl Error {
    pub fn invalid(message: impl Into<Message>) -> Error {
        Error::Invalid(message.into())
    }
    pub fn conflict(message: impl Into<Message>) -> Error {
        Error::Conflict(message.into())
    }
    pub fn not_found(message: impl Into<Message>) -> Error {
        Error::NotFound(message.into())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    /// Seconds until the request may succeed, sent as `Retry-After` (429s).
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            retry_after: None,
        }
    }
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn unauthorized(message: impl Into<String>) -> ApiError {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        Self::new(StatusCode::FORBIDDEN, message)
    }
    pub fn not_found(message: impl Into<String>) -> ApiError {
        Self::new(StatusCode::NOT_FOUND, message)
    }
    pub fn conflict(message: impl Into<String>) -> ApiError {
        Self::new(StatusCode::CONFLICT, message)
    }
    pub fn invalid(message: impl Into<String>) -> ApiError {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }
    /// Over a rate limit: `Retry-After` says when the window ends.
    pub fn too_many(message: impl Into<String>, retry_after: Duration) -> ApiError {
        ApiError {
            retry_after: Some(crate::net::rate_limit::retry_after_secs(retry_after)),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, message)
        }
    }
    /// The database did not answer in time: the client should come back shortly.
    pub fn unavailable() -> ApiError {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the database is unavailable; try again in a moment",
        )
    }
}

/// Whether a database error means "not now": the database is unreachable, refusing
/// connections, shutting down, out of room or busy, so the client should come back shortly
/// (503 with `Retry-After`), rather than a fault of Lanterne (500). The one test, shared by the
/// API and the web pages.
pub fn is_unavailable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => match crate::db::sqlite_primary_code(err) {
            Some(code) => crate::db::SQLITE_UNAVAILABLE.contains(&code),
            None => db.code().is_some_and(|state| postgres_unavailable(&state)),
        },
        _ => false,
    }
}

/// PostgreSQL's SQLSTATEs of a server that cannot serve now
/// (<https://www.postgresql.org/docs/current/errcodes-appendix.html>).
fn postgres_unavailable(state: &str) -> bool {
    matches!(
        state,
        // the database does not accept connections now (ALLOW_CONNECTIONS false)
        "55000"
        // a lock waited for longer than allowed (a deletion behind a long fold)
        | "55P03"
        // shutting down, crashed, starting up
        | "57P01" | "57P02" | "57P03"
        // serialization failure, deadlock: the same request again succeeds
        | "40001" | "40P01"
    ) || state.starts_with("08") // connection exceptions
        || state.starts_with("53") // too many connections, disk full, out of memory
}

/// Logs a database error once, where it is turned into an answer, with its cause (the
/// database's own message: which relation, which constraint), worded by [`log_text`];
/// returns [`is_unavailable`].
pub fn log_database_error(err: &sqlx::Error) -> bool {
    let unavailable = is_unavailable(err);
    let error = log_text(err);
    if unavailable {
        tracing::warn!(error = %error, "database unavailable");
    } else {
        tracing::error!(error = %error, "database error");
    }
    unavailable
}

/// An error and its causes on one line of the log, worded as [`operator_text`] words them for
/// the console: PostgreSQL's message with its detail and hint, never sqlx's "at line N" (a
/// line of PostgreSQL's C source, which tells the operator nothing). But the values the detail
/// quotes (`Key (email)=(…) already exists.`, `Failing row contains (…).`) are left out: they
/// are what people typed or what visitors sent (an email, a slug, a webhook's secret), and the
/// log keeps none of that. Every warning and error the server logs words its error with it, a
/// request's as a background task's.
pub fn log_text(err: &(dyn StdError + 'static)) -> String {
    let chain = std::iter::successors(Some(err), |&err| err.source());
    worded(chain, Values::Hidden).join(": ")
}

/// An error and its causes as the operator reads them when a start or a command fails (and,
/// on one line, in the log of a failed request: [`log_text`]), one text each: a PostgreSQL
/// error by its message, detail and hint ([`postgres_text`]), without the line of
/// PostgreSQL's C source that sqlx adds to it (`… at line 948`); and a cause left out when the
/// text before it says it already (sqlx and its migrator repeat their cause in their own
/// message, so each level would say it again).
///
/// The detail keeps its values here, unlike the log's: the console of a command shows its
/// operator what they typed themselves (`lanterne user create` of an email taken), and a start
/// stopped by a migration needs the row to fix (`Key (slug)=(spring) is duplicated.`); both are
/// read once by the person at the terminal, not kept for every request.
pub fn operator_text<'a>(chain: impl Iterator<Item = &'a (dyn StdError + 'static)>) -> Vec<String> {
    worded(chain, Values::Shown)
}

/// Whether a PostgreSQL detail keeps the values it quotes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Values {
    Shown,
    Hidden,
}

/// [`operator_text`], with the detail's values shown or hidden.
fn worded<'a>(
    chain: impl Iterator<Item = &'a (dyn StdError + 'static)>,
    values: Values,
) -> Vec<String> {
    let levels: Vec<&(dyn StdError + 'static)> = chain.collect();
    let postgres = levels.iter().find_map(|level| {
        let err = level.downcast_ref::<sqlx::Error>()?.as_database_error()?;
        err.try_downcast_ref::<PgDatabaseError>()
    });
    let mut said: Vec<String> = Vec::new();
    for level in levels {
        let mut text = level.to_string();
        if let Some(err) = postgres {
            let detail = match values {
                Values::Shown => err.detail().map(Cow::Borrowed),
                Values::Hidden => err.detail().map(detail::without_values),
            };
            text = text.replace(
                &err.to_string(),
                &postgres_text(err.message(), detail.as_deref(), err.hint()),
            );
        }
        if !said.last().is_some_and(|before| before.contains(&text)) {
            said.push(text);
        }
    }
    said
}

/// What PostgreSQL said: its message, then its detail and its hint when it gave them, labelled
/// as `psql` labels them (they are sentences of their own).
fn postgres_text(message: &str, detail: Option<&str>, hint: Option<&str>) -> String {
    let mut text = message.to_owned();
    for (label, part) in [("Detail", detail), ("Hint", hint)] {
        if let Some(part) = part.filter(|p| !p.is_empty()) {
            text.push_str(if text.ends_with('.') { " " } else { ". " });
            text.push_str(&format!("{label}: {part}"));
        }
    }
    text
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> ApiError {
        if log_database_error(&err) {
            ApiError::unavailable()
        } else {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }
    }
}

impl From<Error> for ApiError {
    fn from(err: Error) -> ApiError {
        match err {
            Error::Invalid(message) => ApiError::invalid(message.english()),
            Error::Conflict(message) => ApiError::conflict(message.english()),
            Error::NotFound(message) => ApiError::not_found(message.english()),
            Error::Database(err) => err.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(json!({ "error": self.message }))).into_response();
        let retry_after = match self.status {
            StatusCode::SERVICE_UNAVAILABLE => Some(1),
            _ => self.retry_after,
        };
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_says_its_message_then_its_detail_and_hint() {
        assert_eq!(
            postgres_text("permission denied for schema public", None, None),
            "permission denied for schema public"
        );
        assert_eq!(
            postgres_text(
                "permission denied for database \"x\"",
                Some("User does not have CONNECT privilege."),
                Some("Ask its owner."),
            ),
            "permission denied for database \"x\". Detail: User does not have CONNECT privilege. Hint: Ask its owner."
        );
        assert_eq!(
            postgres_text("m", None, Some("Try again")),
            "m. Hint: Try again"
        );
    }

    /// What the log says of a request's PostgreSQL error: its message and detail, without the
    /// "at line N" sqlx adds, and without the values the detail quotes. Needs PostgreSQL (`LANTERNE_TEST_POSTGRES`, as the API tests),
    /// skipped without it outside CI.
    #[tokio::test]
    async fn a_logged_postgres_error_says_its_detail_and_no_line_of_c_source() {
        use sqlx::Connection;
        let url = std::env::var("LANTERNE_TEST_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let mut db = match sqlx::PgConnection::connect(&url).await {
            Ok(db) => db,
            Err(err) if std::env::var_os("CI").is_none() => {
                eprintln!("PostgreSQL at {url} is not reachable ({err}): SKIPPED");
                return;
            }
            Err(err) => panic!("PostgreSQL is required under CI but {url} failed: {err}"),
        };
        sqlx::query("CREATE TEMPORARY TABLE taken (id int PRIMARY KEY)")
            .execute(&mut db)
            .await
            .unwrap();
        let insert = "INSERT INTO taken VALUES (1)";
        sqlx::query(insert).execute(&mut db).await.unwrap();
        let err = sqlx::query(insert).execute(&mut db).await.unwrap_err();
        db.close().await.unwrap();
        assert!(
            err.to_string().contains(" at line "),
            "sqlx's own words: {err}"
        );
        assert_eq!(
            log_text(&err),
            "error returned from database: duplicate key value violates unique constraint \"taken_pkey\". Detail: Key (id)=(…) already exists."
        );
        // The console of a failed command shows its operator the value they gave.
        assert_eq!(
            operator_text(std::iter::once(&err as &(dyn StdError + 'static))),
            [
                "error returned from database: duplicate key value violates unique constraint \"taken_pkey\". Detail: Key (id)=(1) already exists."
            ]
        );
    }

    #[test]
    fn a_cause_the_text_before_it_says_already_is_left_out() {
        let err = anyhow::anyhow!("disk full")
            .context("while writing: disk full")
            .context("saving the ledger");
        assert_eq!(
            operator_text(err.chain()),
            ["saving the ledger", "while writing: disk full"]
        );
    }
}
