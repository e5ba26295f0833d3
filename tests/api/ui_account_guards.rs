//! The doors before any session: racing setups make one admin, and sign-in and setup refuse
//! forms posted from another site (login CSRF).

use lanterne::auth::Role;

use crate::both;
use crate::helpers::{PASSWORD, TestApp, count};

const STRONG: &str = "a long enough password 9";

/// The probe: six setups of a new server at the same moment.
async fn racing_setups_make_exactly_one_admin(app: &TestApp) {
    let racers = (0..6).map(|i| {
        let browser = app.browser();
        async move {
            let email = format!("racer{i}@example.com");
            let form = [
                ("email", email.as_str()),
                ("password", STRONG),
                ("confirm", STRONG),
            ];
            let response = browser.post("/setup", &form).await;
            let status = response.status().as_u16();
            let to = response.headers().get("location").cloned();
            (status, to, response.text().await.unwrap())
        }
    });
    let answers = futures_util::future::join_all(racers).await;
    assert_eq!(
        count(&app.database_url, "SELECT COUNT(*) FROM users").await,
        1,
        "{answers:?}"
    );
    assert!(
        answers.iter().all(|(status, ..)| *status == 303),
        "{answers:?}"
    );
    let signed_in = answers
        .iter()
        .filter(|(_, to, _)| to.as_ref().unwrap() == "/links");
    assert_eq!(
        signed_in.count(),
        1,
        "one racer set up the server: {answers:?}"
    );
    assert_eq!(
        count(
            &app.database_url,
            "SELECT COUNT(*) FROM users WHERE role = 'admin'"
        )
        .await,
        1
    );
}
both!(racing_setups_make_exactly_one_admin);

/// How a browser posts a form from `origin`, as it says in `Origin` and `Sec-Fetch-Site`.
async fn post_from(
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
    origin: &str,
    fetch_site: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .http
        .post(app.url(path))
        .header("origin", origin)
        .form(form);
    if let Some(site) = fetch_site {
        request = request.header("sec-fetch-site", site);
    }
    request.send().await.unwrap()
}

async fn sign_in_and_setup_refuse_other_sites(app: &TestApp) {
    let setup = [
        ("email", "first@example.com"),
        ("password", STRONG),
        ("confirm", STRONG),
    ];
    let response = post_from(app, "/setup", &setup, "https://evil.example", None).await;
    assert_eq!(response.status(), 403, "setup from another site");
    assert_eq!(
        count(&app.database_url, "SELECT COUNT(*) FROM users").await,
        0
    );

    app.add_user("owner@example.com", Role::Marketer).await;
    let login = [("email", "owner@example.com"), ("password", PASSWORD)];
    for (origin, site) in [
        ("https://evil.example", None),
        ("https://evil.example", Some("cross-site")),
        ("null", None),
        (app.base.as_str(), Some("cross-site")),
    ] {
        let response = post_from(app, "/login", &login, origin, site).await;
        assert_eq!(response.status(), 403, "sign-in from {origin} ({site:?})");
        assert!(
            response.headers().get("set-cookie").is_none(),
            "no session for a post from {origin}"
        );
    }
    // From this site's own page the same sign-in works, as it does for a client that sends
    // neither header (the tests' own browser).
    for site in [Some("same-origin"), None] {
        let response = post_from(app, "/login", &login, &app.base, site).await;
        assert_eq!(response.status(), 303, "sign-in from this site ({site:?})");
        assert!(response.headers().get("set-cookie").is_some());
    }
    let mut browser = app.browser();
    browser.sign_in("owner@example.com").await;
}
both!(sign_in_and_setup_refuse_other_sites);

/// How long a wrong sign-in for `email` takes.
async fn wrong_sign_in(app: &TestApp, email: &str) -> std::time::Duration {
    let started = std::time::Instant::now();
    let response = app
        .browser()
        .post(
            "/login",
            &[("email", email), ("password", "not the password")],
        )
        .await;
    assert_eq!(response.status(), 401);
    started.elapsed()
}

/// A wrong password for an account and any password for an unknown email take as long: the
/// password is checked against a stand-in hash when there is no account, so the time of the
/// answer does not tell which emails have one. Tried in turns, so that both meet the same
/// load of a busy machine; the middle of five tries is compared.
async fn sign_in_takes_as_long_for_an_unknown_email(app: &TestApp) {
    app.add_user("known@example.com", Role::Analyst).await;
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        known.push(wrong_sign_in(app, "known@example.com").await);
        unknown.push(wrong_sign_in(app, "unknown@example.com").await);
    }
    known.sort();
    unknown.sort();
    let (known, unknown) = (known[2], unknown[2]);
    assert!(
        unknown * 2 > known && known * 2 > unknown,
        "known {known:?}, unknown {unknown:?}"
    );
}
both!(sign_in_takes_as_long_for_an_unknown_email);
