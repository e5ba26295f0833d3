//! Rate limits that can be neither dodged nor turned against people: an IPv6 client is
//! counted per /64, however it rotates its addresses behind a trusted proxy, and failed
//! sign-ins from one place do not lock the account's owner out elsewhere, and people who
//! sign in do not use up their office's allowance.

use lanterne::app::{LOGIN_LIMIT, LOGIN_LIMIT_PER_NETWORK, SCAN_LIMIT};
use lanterne::auth::Role;

use crate::both;
use crate::helpers::{PASSWORD, TestApp};

/// A request through the trusted proxy (the tests' 127.0.0.1) for the client `client`.
fn from(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    client: &str,
) -> reqwest::RequestBuilder {
    app.http
        .request(method, app.url(path))
        .header("x-forwarded-for", client)
}

/// The probe: one client rotating through the addresses of its /64.
async fn rotating_ipv6_addresses_share_their_64s_limit(app: &TestApp) {
    let mut statuses = Vec::new();
    for i in 0..SCAN_LIMIT + 10 {
        let client = format!("2001:db8:1:3::{i:x}");
        let response = from(app, reqwest::Method::GET, &format!("/guess{i}"), &client)
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    // The limit gives one back a second: a slow run may see a 404 or two more.
    let found = statuses.iter().filter(|s| **s == 404).count() as u32;
    assert!(
        found <= SCAN_LIMIT + 2 && statuses.ends_with(&[429]),
        "{found} unknown slugs answered, then {:?}",
        &statuses[statuses.len() - 3..]
    );
    // Another /64 is another client.
    let other = from(
        app,
        reqwest::Method::GET,
        "/guess-next-door",
        "2001:db8:1:4::1",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(other.status(), 404);

    app.add_user("ana@example.com", Role::Analyst).await;
    let mut last = 0;
    for i in 0..LOGIN_LIMIT + 2 {
        let client = format!("2001:db8:1:3::{:x}", 1000 + i);
        last = from(app, reqwest::Method::POST, "/login", &client)
            .form(&[("email", "ana@example.com"), ("password", "a guess")])
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
    }
    assert_eq!(last, 429, "sign-ins from one /64 are limited");
}
both!(rotating_ipv6_addresses_share_their_64s_limit);

/// Ten wrong passwords from one place used to lock the owner out everywhere for 15 minutes.
async fn failed_sign_ins_elsewhere_do_not_lock_the_owner_out(app: &TestApp) {
    app.add_user("owner@example.com", Role::Admin).await;
    let mut last = 0;
    for _ in 0..LOGIN_LIMIT + 1 {
        last = from(app, reqwest::Method::POST, "/login", "81.2.69.142")
            .form(&[("email", "owner@example.com"), ("password", "a guess")])
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
    }
    assert_eq!(last, 429, "the guessing address is stopped");
    let owner = from(app, reqwest::Method::POST, "/login", "2001:db8:9::1")
        .form(&[("email", "owner@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(owner.status(), 303, "the owner signs in from home");
}
both!(failed_sign_ins_elsewhere_do_not_lock_the_owner_out);

/// A team behind one office address signs in all morning: only failures count.
async fn an_office_signing_in_is_not_locked_out(app: &TestApp) {
    let office = "81.2.69.160";
    let sign_in = async |email: &str, password: &str| {
        from(app, reqwest::Method::POST, "/login", office)
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .unwrap()
    };
    let team: Vec<String> = (0..2)
        .map(|i| format!("person{i}@agence.example"))
        .collect();
    for email in &team {
        app.add_user(email, Role::Marketer).await;
    }
    // More than either limit: per account, and per network.
    let rounds = (LOGIN_LIMIT_PER_NETWORK / 2).max(LOGIN_LIMIT) + 1;
    for round in 0..rounds {
        for email in &team {
            let status = sign_in(email, PASSWORD).await.status();
            assert_eq!(status, 303, "{email}, sign-in {round}");
        }
    }
    // Failures still count: the tenth locks the account from this office, with the wait said.
    for _ in 0..LOGIN_LIMIT {
        assert_eq!(sign_in(&team[0], "a guess").await.status(), 401);
    }
    let refused = sign_in(&team[0], PASSWORD).await;
    assert_eq!(refused.status(), 429, "locked, right password or not");
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("Too many failed sign-ins. Wait 2 minutes and try again."),
        "{page}"
    );
    assert_eq!(
        sign_in(&team[1], PASSWORD).await.status(),
        303,
        "the others go on"
    );
}
both!(an_office_signing_in_is_not_locked_out);
