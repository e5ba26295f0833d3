//! The users page: admins only; adding people with a role and a first password, changing
//! roles, deleting accounts — never one's own, never the last admin.

use lanterne::auth::Role;
use lanterne::db::Db;
use lanterne::db::users::UserChange;

use crate::both;
use crate::helpers::Backend;
use crate::web::{
    PASSWORD, assert_refused, browser, follow, id_after, page, post, sign_in, signed_in,
};

async fn admins_manage_users(backend: Backend) {
    let Some((app, marketer, csrf)) = signed_in(backend, "mark@example.com", Role::Marketer).await
    else {
        return;
    };
    let (status, html) = page(&app, &marketer, "/settings/users").await;
    assert_eq!(
        (status, html.contains("Only admins manage users")),
        (403, true)
    );
    let form = [
        ("csrf", csrf.as_str()),
        ("email", "eve@example.com"),
        ("role", "admin"),
        ("password", PASSWORD),
    ];
    assert_refused(
        &app,
        &marketer,
        "/settings/users",
        &form,
        403,
        "Only admins manage users",
    )
    .await;

    let admin = browser();
    let csrf = sign_in(&app, &admin, "ada@example.com", Some(Role::Admin)).await;
    let add = async |email: &str, role: &str, password: &str, status: u16, why: &str| {
        let form = [
            ("csrf", csrf.as_str()),
            ("email", email),
            ("role", role),
            ("password", password),
        ];
        assert_refused(&app, &admin, "/settings/users", &form, status, why).await;
    };
    let form = [
        ("csrf", csrf.as_str()),
        ("email", "New@Example.com"),
        ("role", "marketer"),
        ("password", PASSWORD),
    ];
    let (_, html) = follow(
        &app,
        &admin,
        post(&app, &admin, "/settings/users", &form).await,
    )
    .await;
    assert!(html.contains("<td>new@example.com"), "{html}");
    add(
        "new@example.com",
        "analyst",
        PASSWORD,
        409,
        "new@example.com has an account already.",
    )
    .await;
    add(
        "short@example.com",
        "analyst",
        "short",
        422,
        "at least 10 characters",
    )
    .await;
    add(
        "not-an-email",
        "analyst",
        PASSWORD,
        422,
        "Enter a valid email address.",
    )
    .await;
    add("x@example.com", "owner", PASSWORD, 422, "Pick a role").await;

    // The new person signs in; a role change applies to their session at once.
    let newcomer = browser();
    sign_in(&app, &newcomer, "new@example.com", None).await;
    assert!(
        page(&app, &newcomer, "/links")
            .await
            .1
            .contains("Create link")
    );
    let html = page(&app, &admin, "/settings/users").await.1;
    let user_id = |email: &str| {
        let start = html.find(&format!("<td>{email}")).unwrap();
        id_after(&html[start..], "/settings/users/")
    };
    let (id, me) = (user_id("new@example.com"), user_id("ada@example.com"));
    let role = format!("/settings/users/{id}/role");
    let response = post(&app, &admin, &role, &[("csrf", &csrf), ("role", "analyst")]).await;
    assert_eq!(response.status(), 303);
    assert!(
        !page(&app, &newcomer, "/links")
            .await
            .1
            .contains("Create link")
    );

    // Never oneself, never the last admin.
    let why = "You cannot delete your own account";
    assert_refused(
        &app,
        &admin,
        &format!("/settings/users/{me}/delete"),
        &[("csrf", &csrf)],
        409,
        why,
    )
    .await;
    let form = [("csrf", csrf.as_str()), ("role", "marketer")];
    let why = "You cannot change the role of the last admin";
    assert_refused(
        &app,
        &admin,
        &format!("/settings/users/{me}/role"),
        &form,
        409,
        why,
    )
    .await;
    let db = Db::connect(&app.database_url).await.unwrap();
    let me: i64 = me.parse().unwrap();
    assert_eq!(db.delete_user(me).await.unwrap(), UserChange::LastAdmin);
    assert_eq!(db.delete_user(999_999).await.unwrap(), UserChange::Missing);
    // With a second admin, the first may step down.
    let response = post(&app, &admin, &role, &[("csrf", &csrf), ("role", "admin")]).await;
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
    let response = post(
        &app,
        &admin,
        &format!("/settings/users/{id}/delete"),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(response.status(), 303);
    let response = newcomer.get(app.url("/links")).send().await.unwrap();
    assert_eq!(response.headers()["location"], "/login");
    let gone = "There is no such user";
    assert_refused(
        &app,
        &admin,
        "/settings/users/999999/delete",
        &[("csrf", &csrf)],
        404,
        gone,
    )
    .await;
    app.stop().await;
}
both!(admins_manage_users);
