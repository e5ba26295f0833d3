//! The settings pages, admins only: users (invited with a role, roles changed, accounts
//! deleted — never one's own, never the last admin) and API tokens.

use lanterne::auth::Role;
use lanterne::db::Db;
use lanterne::db::users::UserChange;

use crate::both;
use crate::helpers::{PASSWORD, TestApp, id_after};
use crate::ui_invitations::invite;

async fn admins_manage_users(app: &TestApp) {
    let marketer = app.signed_in("mark@example.com", Role::Marketer).await;
    let (status, html) = marketer.page("/settings/users").await;
    assert_eq!(
        (status, html.contains("Only admins manage users")),
        (403, true)
    );
    let form = [("email", "eve@example.com"), ("role", "admin")];
    marketer
        .assert_refused("/settings/users", &form, 403, "Only admins manage users")
        .await;

    // A new person joins by invitation (tests/api/ui_invitations.rs tries it in full).
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let path = invite(app, &admin, "New@Example.com", "marketer").await;
    let joined = app
        .browser()
        .post(&path, &[("password", PASSWORD), ("confirm", PASSWORD)])
        .await;
    assert_eq!(joined.status(), 303);
    assert!(
        admin
            .page("/settings/users")
            .await
            .1
            .contains("<td>new@example.com")
    );

    // The new person signs in; a role change applies to their session at once.
    let mut newcomer = app.browser();
    newcomer.sign_in("new@example.com").await;
    assert!(newcomer.page("/links").await.1.contains("Create link"));
    let html = admin.page("/settings/users").await.1;
    let user_id = |email: &str| {
        let start = html.find(&format!("<td>{email}")).unwrap();
        id_after(&html[start..], "/settings/users/")
    };
    let (id, me) = (user_id("new@example.com"), user_id("ada@example.com"));
    let role = format!("/settings/users/{id}/role");
    let response = admin.post(&role, &[("role", "analyst")]).await;
    assert_eq!(response.status(), 303);
    assert!(!newcomer.page("/links").await.1.contains("Create link"));

    // Never oneself, never the last admin.
    let why = "You cannot delete your own account";
    admin
        .assert_refused(&format!("/settings/users/{me}/delete"), &[], 409, why)
        .await;
    let form = [("role", "marketer")];
    let why = "You cannot change the role of the last admin";
    admin
        .assert_refused(&format!("/settings/users/{me}/role"), &form, 409, why)
        .await;
    let db = Db::connect(&app.database_url).await.unwrap();
    let me: i64 = me.parse().unwrap();
    assert_eq!(db.delete_user(me).await.unwrap(), UserChange::LastAdmin);
    assert_eq!(db.delete_user(999_999).await.unwrap(), UserChange::Missing);
    // With a second admin, the first may step down.
    let response = admin.post(&role, &[("role", "admin")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        db.set_user_role(me, "marketer").await.unwrap(),
        UserChange::Done
    );
    assert_eq!(
        db.set_user_role(me, "admin").await.unwrap(),
        UserChange::Done
    );
    db.close().await;

    // Deleting signs the person out at once.
    let response = admin
        .post(&format!("/settings/users/{id}/delete"), &[])
        .await;
    assert_eq!(response.status(), 303);
    let response = newcomer.get("/links").await;
    assert_eq!(response.headers()["location"], "/login?next=%2Flinks");
    let gone = "There is no such user";
    admin
        .assert_refused("/settings/users/999999/delete", &[], 404, gone)
        .await;
}
both!(admins_manage_users);

async fn admins_manage_api_tokens(app: &TestApp) {
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let response = admin
        .post(
            "/settings/tokens",
            &[("name", "CRM export"), ("role", "analyst")],
        )
        .await;
    assert_eq!(response.status(), 201);
    let html = response.text().await.unwrap();
    let start = html
        .find("<code>lnt_")
        .expect("the new token is shown once")
        + 6;
    let token = html[start..start + 36].to_owned();
    let api = |token: String| {
        let http = app.http.clone();
        let url = app.url("/api/v1/links");
        async move {
            http.get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(api(token.clone()).await, 200, "the token works");
    let (_, list) = admin.page("/settings/tokens").await;
    assert!(
        list.contains("CRM export") && !list.contains(&token),
        "listed, never shown again"
    );
    let id_at = list.find("/settings/tokens/").unwrap() + 17;
    let id: String = list[id_at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let response = admin
        .post(&format!("/settings/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(api(token).await, 401, "a revoked token is refused");
    // A refused name is said as the page's other refusals are: a sentence.
    admin
        .assert_refused(
            "/settings/tokens",
            &[("name", " "), ("role", "analyst")],
            422,
            "An API token&#39;s name must not be blank.",
        )
        .await;

    let marketer = app.signed_in("mark@example.com", Role::Marketer).await;
    assert_eq!(marketer.page("/settings/tokens").await.0, 403);
    let response = marketer
        .post("/settings/tokens", &[("name", "x"), ("role", "admin")])
        .await;
    assert_eq!(response.status(), 403);
}
both!(admins_manage_api_tokens);
