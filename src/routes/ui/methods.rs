//! Requests the web UI's addresses do not take. A refused form is answered at its own address
//! (`/campaigns/1/rename`), which only takes a POST: a reload or a bookmark of it goes back to
//! the page the form is on ([`post_only`]). Any other method a page's address does not take
//! gets a page that says so, not an empty 405 ([`not_allowed`]); the addresses programs use
//! (health, metrics, assets, images, the redirect, the API) keep axum's bare 405.

use axum::extract::RawPathParams;
use axum::extract::rejection::RawPathParamsRejection;
use axum::handler::Handler;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::routing::{MethodRouter, post};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::{PageError, see_other};
use crate::app::AppState;
use crate::i18n::t;

/// What a path segment cannot hold as it is (the WHATWG URL standard's path set, and `/`,
/// `%`): a parameter's decoded value is encoded again to go back into a path.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%')
    .add(b'\\');

/// An address that only takes the form `handler` answers: a GET (or HEAD) of it is sent on
/// (303) to `page`, the page the form is on, a pattern with the address's own parameters
/// (`/campaigns/{id}`). A page with parameters is about the same record, so it keeps the
/// address's query too (a link's `?domain=`).
pub fn post_only<H, T>(handler: H, page: &'static str) -> MethodRouter<AppState>
where
    H: Handler<T, AppState>,
    T: 'static,
{
    post(handler).get(
        move |params: Result<RawPathParams, RawPathParamsRejection>, uri: Uri| async move {
            let params: Vec<(&str, &str)> = match &params {
                Ok(params) => params.iter().collect(),
                Err(_) => Vec::new(),
            };
            see_other(&fill(page, &params, uri.query()))
        },
    )
}

/// `page` with each `{name}` replaced by its value in `params`, and `query` after it when it
/// has any.
fn fill(page: &str, params: &[(&str, &str)], query: Option<&str>) -> String {
    let mut path = page.to_owned();
    for (name, value) in params {
        let encoded = utf8_percent_encode(value, SEGMENT).to_string();
        path = path.replace(&format!("{{{name}}}"), &encoded);
    }
    match query {
        Some(query) if page.contains('{') && !query.is_empty() => format!("{path}?{query}"),
        _ => path,
    }
}

/// 405 as a page of the web UI, in its frame for someone signed in; axum adds `Allow`.
pub async fn not_allowed() -> Response {
    axum::response::IntoResponse::into_response(PageError::refused(
        StatusCode::METHOD_NOT_ALLOWED,
        "error-method",
        t("error-method-text"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_s_address_leads_back_to_its_page() {
        assert_eq!(
            fill("/campaigns/{id}", &[("id", "12")], None),
            "/campaigns/12"
        );
        assert_eq!(
            fill(
                "/links/{slug}/edit",
                &[("slug", "spring")],
                Some("domain=go.example")
            ),
            "/links/spring/edit?domain=go.example"
        );
        // A list is no record's page: no query.
        assert_eq!(
            fill("/links", &[("slug", "spring")], Some("domain=go.example")),
            "/links"
        );
        // A decoded value goes back into its segment encoded.
        assert_eq!(
            fill("/settings/channels", &[("key", "x")], None),
            "/settings/channels"
        );
        assert_eq!(
            fill("/campaigns/{id}", &[("id", "a/b?c d%")], None),
            "/campaigns/a%2Fb%3Fc%20d%25"
        );
        assert_eq!(
            fill("/campaigns/{id}", &[("id", "//evil")], None),
            "/campaigns/%2F%2Fevil"
        );
    }
}
