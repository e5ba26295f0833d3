//! A signed-in browser for the web UI tests: cookies kept, redirects shown, forms posted
//! with the session's CSRF token.

use lanterne::auth::{Role, password};
use lanterne::db::Db;

use crate::helpers::TestApp;

pub const PASSWORD: &str = "correct horse battery";

/// A browser-like client: keeps cookies, does not follow redirects.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub fn csrf_of(html: &str) -> String {
    let start = html
        .find(r#"name="csrf" value=""#)
        .expect("a form with a CSRF token")
        + 19;
    html[start..start + 32].to_owned()
}

pub async fn page(app: &TestApp, browser: &reqwest::Client, path: &str) -> (u16, String) {
    let response = browser.get(app.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

pub async fn post(
    app: &TestApp,
    browser: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    browser.post(app.url(path)).form(form).send().await.unwrap()
}

/// Signs in (creating the user first when `role` is given) and returns the session's CSRF token.
pub async fn sign_in(
    app: &TestApp,
    browser: &reqwest::Client,
    email: &str,
    role: Option<Role>,
) -> String {
    if let Some(role) = role {
        let db = Db::connect(&app.database_url).await.unwrap();
        db.insert_user(email, &password::hash(PASSWORD), role.as_str(), 0)
            .await
            .unwrap();
        db.close().await;
    }
    let response = post(
        app,
        browser,
        "/login",
        &[("email", email), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(response.status(), 303, "sign-in of {email}");
    csrf_of(&page(app, browser, "/links").await.1)
}

/// The number after the first `prefix` in `html` (an id in a link or form action).
pub fn id_after(html: &str, prefix: &str) -> String {
    let start = html
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} in the page"))
        + prefix.len();
    html[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

/// The page a 303 sends the browser to, fetched.
pub async fn follow(
    app: &TestApp,
    browser: &reqwest::Client,
    response: reqwest::Response,
) -> (u16, String) {
    assert_eq!(response.status(), 303, "expected a redirect after the form");
    let to = response.headers()["location"].to_str().unwrap().to_owned();
    page(app, browser, &to).await
}

/// Posts a form and checks that it is refused with `status` and a page that says `why`.
pub async fn assert_refused(
    app: &TestApp,
    browser: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
    status: u16,
    why: &str,
) {
    let response = post(app, browser, path, form).await;
    assert_eq!(response.status(), status, "{path}");
    let html = response.text().await.unwrap();
    assert!(html.contains(why), "{path} does not say {why:?}:\n{html}");
}

/// A server on a fresh database, and a browser signed in as a new user of `role`; `None`
/// when the backend is unavailable here.
pub async fn signed_in(
    backend: crate::helpers::Backend,
    email: &str,
    role: Role,
) -> Option<(TestApp, reqwest::Client, String)> {
    let app = TestApp::spawn(backend).await?;
    let browser = browser();
    let csrf = sign_in(&app, &browser, email, Some(role)).await;
    Some((app, browser, csrf))
}
