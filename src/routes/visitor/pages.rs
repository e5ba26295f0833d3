//! The pages a visitor may get instead of a redirect: the preview card, the password form,
//! the page a preview of a protected link gets, the answer of a link not started yet, and the
//! expired answer. Their words are in
//! their templates (templates/visitor/), so that they can be translated.

use askama::Template;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;

use crate::app::AppState;
use crate::hits::enrich::{MAX_USER_AGENT, lossy};
use crate::i18n;
use crate::links::cache::Options;

/// What chat apps read to draw the card.
#[derive(Template)]
#[template(path = "visitor/card.html")]
struct Card<'a> {
    title: &'a str,
    description: Option<&'a str>,
    image: Option<String>,
    /// The short link itself (`og:url`).
    url: String,
    /// Where people are sent.
    destination: &'a str,
}

#[derive(Template)]
#[template(path = "visitor/password.html")]
struct PasswordForm<'a> {
    /// The referrer of the request that showed the form, sent back with the password so that
    /// the click is classified by where it came from, not by this page.
    from: &'a str,
    wrong: bool,
    limited: bool,
}

#[derive(Template)]
#[template(path = "visitor/protected.html")]
struct Protected;

#[derive(Template)]
#[template(path = "visitor/expired.html")]
struct Expired;

#[derive(Template)]
#[template(path = "visitor/not_started.html")]
struct NotStarted {
    /// When the link opens, said in a sentence.
    opens: String,
}

/// Why the password form is shown again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    None,
    Wrong,
    /// Too many wrong passwords from this client.
    Limited,
}

/// The card page for a preview fetcher of `short_url`; the card's image as a URL.
pub fn card(state: &AppState, short_url: String, options: &Options, to: &HeaderValue) -> Response {
    let Some(card) = &options.prepared.card else {
        return expired(); // never: a card decision comes only from a link with a card
    };
    let destination = String::from_utf8_lossy(to.as_bytes());
    render(
        StatusCode::OK,
        &Card {
            title: &card.title,
            description: card.description.as_deref(),
            image: card.image_url(&state.base_url),
            url: short_url,
            destination: &destination,
        },
    )
}

/// The password form for a request with `headers` (its referrer goes into the form).
pub fn password_form(headers: &HeaderMap, refusal: Refusal) -> Response {
    let from = headers
        .get(header::REFERER)
        .map(|r| lossy(r, MAX_REFERRER))
        .unwrap_or_default();
    password_form_from(&from, refusal)
}

/// The pages' policy (src/routes/security.rs), but for where the form may lead.
const PASSWORD_PAGE_CSP: HeaderValue = HeaderValue::from_static(
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self' http: https:; frame-ancestors 'none'",
);

/// Longest referrer carried through the password form, in bytes.
const MAX_REFERRER: usize = 2 * MAX_USER_AGENT;

/// The password form, carrying `from` (the referrer it was first shown with).
pub fn password_form_from(from: &str, refusal: Refusal) -> Response {
    let status = match refusal {
        Refusal::None => StatusCode::OK,
        Refusal::Wrong => StatusCode::FORBIDDEN,
        Refusal::Limited => StatusCode::TOO_MANY_REQUESTS,
    };
    let mut response = render(
        status,
        &PasswordForm {
            from: crate::hits::enrich::crop(from, MAX_REFERRER),
            wrong: refusal == Refusal::Wrong,
            limited: refusal == Refusal::Limited,
        },
    );
    let headers = response.headers_mut();
    // The form's own address must not become the click's referrer.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // The right password is answered with a redirect to the destination, which browsers
    // check against `form-action` too: the pages' `'self'` would stop the person there.
    headers.insert(header::CONTENT_SECURITY_POLICY, PASSWORD_PAGE_CSP);
    response
}

pub fn protected() -> Response {
    render(StatusCode::OK, &Protected)
}

/// 410: the link expired (by date or click limit) and has no `expired_url`.
pub fn expired() -> Response {
    render(StatusCode::GONE, &Expired)
}

/// 403: the link opens at `starts_at` (Unix ms), said in `timezone` (the server's: a visitor's
/// own is not known) and named, in the visitor's language. Not 404 or 410: the link exists and
/// will lead somewhere, and someone scanning a printed code early must not think it wrong.
pub fn not_started(starts_at: i64, timezone: &str) -> Response {
    let zone = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    let at = jiff::Timestamp::from_millisecond(starts_at)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned(zone);
    let opens = crate::i18n::current().text_with(
        "not-started-text",
        &[
            (
                "date",
                i18n::date(&at.strftime("%Y-%m-%d").to_string()).into(),
            ),
            ("time", at.strftime("%H:%M").to_string().into()),
            ("zone", timezone.into()),
        ],
    );
    render(StatusCode::FORBIDDEN, &NotStarted { opens })
}

/// A visitor page: never cached (each request is a hit), never indexed.
fn render(status: StatusCode, page: &impl Template) -> Response {
    let mut response = super::super::pages::render(status, page);
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    response
}
