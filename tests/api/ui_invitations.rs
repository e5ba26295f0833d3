//! Accounts without a password passed on: an admin invites a person by email and role, the
//! invitee chooses their password through the link (once, within 7 days) and is signed in;
//! anyone changes their own password, the current one checked, their other sessions ended.

use lanterne::auth::Role;
use lanterne::db::Db;

use crate::both;
use crate::helpers::{Browser, PASSWORD, TestApp, client, count, dump, execute, id_after};

/// The admin invites `email` as `role`: the invitation's path (`/invite/…`), shown once.
pub async fn invite(app: &TestApp, admin: &Browser, email: &str, role: &str) -> String {
    let response = admin
        .post("/settings/users", &[("email", email), ("role", role)])
        .await;
    assert_eq!(response.status(), 200, "inviting {email}");
    let html = response.text().await.unwrap();
    let prefix = format!("{}/invite/", app.base);
    let start = html
        .find(&prefix)
        .unwrap_or_else(|| panic!("no invitation link:\n{html}"));
    html[start + app.base.len()..start + prefix.len() + 32].to_owned()
}

/// The invitee chooses `password` (typed twice): the answer.
async fn join(browser: &Browser, path: &str, password: &str, again: &str) -> reqwest::Response {
    browser
        .post(path, &[("password", password), ("confirm", again)])
        .await
}

async fn an_invitee_chooses_their_password_and_is_signed_in(app: &TestApp) {
    let marketer = app.signed_in("mark@example.com", Role::Marketer).await;
    marketer
        .assert_refused(
            "/settings/users",
            &[("email", "eve@example.com"), ("role", "admin")],
            403,
            "Only admins manage users",
        )
        .await;
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let path = invite(app, &admin, "New@Example.com", "marketer").await;
    let (_, html) = admin.page("/settings/users").await;
    assert!(html.contains("<td>new@example.com</td>"), "pending: {html}");
    assert!(!html.contains(&path), "the link is shown again");
    let secret = path.rsplit('/').next().unwrap().to_owned();
    let stored = dump(&app.database_url, "invitations").await;
    assert!(!stored.contains(&secret), "the secret is stored in clear");

    // The invitee, in French, with no session.
    let invitee = app.browser();
    let (status, html) = invitee.page_in("fr-FR,fr;q=0.9", &path).await;
    assert_eq!(status, 200);
    assert!(html.contains("Rejoindre Lanterne"), "{html}");
    assert!(
        html.contains("new@example.com (chargé de marketing)"),
        "{html}"
    );
    let weak = join(&invitee, &path, "short", "short").await;
    assert_eq!(weak.status(), 422);
    assert!(
        weak.text()
            .await
            .unwrap()
            .contains("at least 10 characters")
    );
    let differ = join(&invitee, &path, PASSWORD, "another long password").await;
    assert_eq!(differ.status(), 422);
    assert!(differ.text().await.unwrap().contains("not the same"));
    let joined = join(&invitee, &path, PASSWORD, PASSWORD).await;
    assert_eq!(joined.status(), 303);
    assert_eq!(joined.headers()["location"], "/dashboard");
    let (status, html) = invitee.page("/links").await;
    assert_eq!(status, 200);
    assert!(html.contains("Create link"), "a marketer's page: {html}");

    // Once only; and the pending list is empty again.
    let again = app.browser();
    assert_eq!(again.get(&path).await.status(), 410);
    let response = join(&again, &path, PASSWORD, PASSWORD).await;
    assert_eq!(response.status(), 410);
    assert!(response.text().await.unwrap().contains("Ask an admin"));
    let (_, html) = admin.page("/settings/users").await;
    assert!(!html.contains("Invitations not used yet"), "{html}");
    // The new account signs in with the password it chose.
    let mut later = app.browser();
    later.sign_in("new@example.com").await;

    // An address with an account, or none, or a role that is not one.
    let refused = [
        (
            "new@example.com",
            "analyst",
            409,
            "&#34;new@example.com&#34; has an account already.",
        ),
        (
            "not-an-email",
            "analyst",
            422,
            "Enter a valid email address.",
        ),
        ("x@example.com", "owner", 422, "Pick a role"),
    ];
    for (email, role, status, why) in refused {
        let form = [("email", email), ("role", role)];
        admin
            .assert_refused("/settings/users", &form, status, why)
            .await;
    }
}
both!(an_invitee_chooses_their_password_and_is_signed_in);

async fn invitations_expire_and_are_cancelled(app: &TestApp) {
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let cancelled = invite(app, &admin, "cancel@example.com", "analyst").await;
    let expired = invite(app, &admin, "late@example.com", "analyst").await;
    let (_, html) = admin.page("/settings/users").await;
    let start = html.find("<td>cancel@example.com</td>").unwrap();
    let id = id_after(&html[start..], "/settings/invitations/");
    let (status, html) = admin
        .submit(&format!("/settings/invitations/{id}/cancel"), &[])
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("Invitation cancelled"), "{html}");
    assert!(!html.contains("<td>cancel@example.com</td>"));
    let response = admin
        .post(&format!("/settings/invitations/{id}/cancel"), &[])
        .await;
    assert_eq!(response.status(), 404);

    // Seven days on, the link is spent.
    let db = Db::connect(&app.database_url).await.unwrap();
    execute(
        &db,
        "UPDATE invitations SET expires_at = created_at + 604800000 - 1",
    )
    .await;
    let now = lanterne::clock::now_ms();
    assert!(
        db.pending_invitations(now)
            .await
            .unwrap()
            .iter()
            .all(|i| i.expires_at > now)
    );
    execute(&db, "UPDATE invitations SET expires_at = 1").await;
    db.close().await;
    for path in [cancelled, expired] {
        let response = client()
            .get(app.url(&path))
            .header("accept-language", "en")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 410, "{path}");
        assert_eq!(response.headers()["referrer-policy"], "no-referrer");
        let response = join(&app.browser(), &path, PASSWORD, PASSWORD).await;
        assert_eq!(response.status(), 410, "{path}");
    }
    assert_eq!(app.browser().get("/invite/nothing").await.status(), 410);
}
both!(invitations_expire_and_are_cancelled);

async fn anyone_changes_their_own_password(app: &TestApp) {
    let me = app.signed_in("ana@example.com", Role::Analyst).await;
    let mut elsewhere = app.browser();
    elsewhere.sign_in("ana@example.com").await;
    let (status, html) = me.page_in("fr-FR,fr;q=0.9", "/account/password").await;
    assert_eq!(status, 200);
    assert!(html.contains("Mot de passe actuel"), "{html}");
    let new = "a brand new passphrase";
    let change = async |current: &str, password: &str, confirm: &str| {
        let form = [
            ("current", current),
            ("password", password),
            ("confirm", confirm),
        ];
        me.post("/account/password", &form).await
    };
    let response = change("not my password", new, new).await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("current password is not right")
    );
    assert_eq!(change(PASSWORD, "short", "short").await.status(), 422);
    assert_eq!(change(PASSWORD, new, "something else").await.status(), 422);
    let response = change(PASSWORD, new, new).await;
    assert_eq!(response.headers()["location"], "/account");
    let (_, html) = me.follow(response).await;
    assert!(html.contains("Password changed"), "{html}");

    // This session goes on; the other one ended with the old password.
    assert_eq!(me.get("/links").await.status(), 200);
    assert_eq!(
        elsewhere.get("/links").await.headers()["location"],
        "/login?next=%2Flinks"
    );
    let sign_in = async |password: &str| {
        app.browser()
            .post(
                "/login",
                &[("email", "ana@example.com"), ("password", password)],
            )
            .await
            .status()
    };
    assert_eq!(sign_in(PASSWORD).await, 401);
    assert_eq!(sign_in(new).await, 303);
}
both!(anyone_changes_their_own_password);

async fn an_email_has_one_working_invitation_and_none_once_it_has_an_account(app: &TestApp) {
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    // Rows of the pending list, which comes before the list of accounts.
    let pending = |html: &str, email: &str| {
        let list = html.split("id=\"people\"").next().unwrap();
        list.matches(&format!("<td>{email}</td>")).count()
    };

    // Inviting again replaces the first invitation: one link works, one is listed.
    let first = invite(app, &admin, "twice@example.com", "analyst").await;
    let second = invite(app, &admin, "twice@example.com", "marketer").await;
    let (_, html) = admin.page("/settings/users").await;
    assert_eq!(pending(&html, "twice@example.com"), 1, "{html}");
    assert_eq!(app.browser().get(&first).await.status(), 410);
    let (status, html) = app.browser().page(&second).await;
    assert_eq!(status, 200);
    assert!(html.contains("twice@example.com (marketer)"), "{html}");

    // An account made another way (the command line) clears the email's invitation.
    let made = invite(app, &admin, "made@example.com", "analyst").await;
    app.add_user("made@example.com", Role::Analyst).await;
    let (_, html) = admin.page("/settings/users").await;
    assert_eq!(pending(&html, "made@example.com"), 0, "{html}");
    assert_eq!(app.browser().get(&made).await.status(), 410);

    // Invitations left from before this rule: a second one for the same email, and one whose
    // email got an account. Accepting one clears the other; the other says so at once.
    let path = invite(app, &admin, "old@example.com", "analyst").await;
    let stale = invite(app, &admin, "stale@example.com", "analyst").await;
    let db = Db::connect(&app.database_url).await.unwrap();
    execute(
        &db,
        "INSERT INTO invitations (email, role, token_hash, created_by, created_at, expires_at) \
         SELECT email, role, 'another digest', created_by, created_at, expires_at \
         FROM invitations WHERE email = 'old@example.com'",
    )
    .await;
    execute(
        &db,
        "INSERT INTO users (email, password_hash, role, created_at) \
         VALUES ('stale@example.com', 'x', 'analyst', 0)",
    )
    .await;
    db.close().await;
    let (status, html) = app.browser().page(&stale).await;
    assert_eq!(status, 409);
    assert!(html.contains("You have an account already"), "{html}");
    assert!(!html.contains("name=\"password\""), "no form: {html}");
    let joined = join(&app.browser(), &path, PASSWORD, PASSWORD).await;
    assert_eq!(joined.status(), 303);
    let left = "SELECT COUNT(*) FROM invitations \
                WHERE email = 'old@example.com' AND used_at IS NULL";
    assert_eq!(count(&app.database_url, left).await, 0);
    let (_, html) = admin.page("/settings/users").await;
    assert_eq!(pending(&html, "old@example.com"), 0, "{html}");
}
both!(an_email_has_one_working_invitation_and_none_once_it_has_an_account);

async fn inviting_again_says_the_first_link_no_longer_works(app: &TestApp) {
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let form = [("email", "twice@example.com"), ("role", "analyst")];
    let first = admin.post("/settings/users", &form).await;
    let html = first.text().await.unwrap();
    assert!(
        html.contains("Invitation made for twice@example.com."),
        "{html}"
    );
    assert!(
        !html.contains("no longer works"),
        "nothing replaced: {html}"
    );

    let again = admin.post("/settings/users", &form).await;
    assert_eq!(again.status(), 200);
    let html = again.text().await.unwrap();
    assert!(
        html.contains(
            "The invitation link sent to this address before no longer works: \
             send this one instead."
        ),
        "{html}"
    );
    let again = admin
        .post_in("fr-FR,fr;q=0.9", "/settings/users", &form)
        .await;
    let html = again.text().await.unwrap();
    assert!(
        html.contains(
            "envoyé avant à cette adresse ne marche plus\u{a0}: \
             envoyez celui-ci à la place."
        ),
        "{html}"
    );

    // An earlier invitation that had expired worked no more: nothing to warn of.
    let db = Db::connect(&app.database_url).await.unwrap();
    execute(&db, "UPDATE invitations SET expires_at = 1").await;
    db.close().await;
    let html = admin
        .post("/settings/users", &form)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Invitation made for twice@example.com."),
        "{html}"
    );
    assert!(!html.contains("no longer works"), "{html}");
}
both!(inviting_again_says_the_first_link_no_longer_works);
