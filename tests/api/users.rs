//! The users page: admins only; adding people with a role and a first password, changing
//! roles, deleting accounts — never one's own, never the last admin.

use lanterne::auth::Role;
use lanterne::db::Db;
use lanterne::db::users::UserChange;

use crate::both;
use crate::helpers::{Backend, TestApp};
use crate::web::{PASSWORD, browser, follow, id_after, page, post, sign_in};

async fn admins_manage_users(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let marketer = browser();
    let csrf = sign_in(&app, &marketer, "mark@example.com", Some(Role::Marketer)).await;
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
    assert_eq!(
        post(&app, &marketer, "/settings/users", &form)
            .await
            .status(),
        403
    );

    let admin = browser();
    let csrf = sign_in(&app, &admin, "ada@example.com", Some(Role::Admin)).await;
    let add = async |email: &str, role: &str, password: &str| {
        let form = [
            ("csrf", csrf.as_str()),
            ("email", email),
            ("role", role),
            ("password", password),
        ];
        post(&app, &admin, "/settings/users", &form).await
    };
    let (_, html) = follow(
        &app,
        &admin,
        add("New@Example.com", "marketer", PASSWORD).await,
    )
    .await;
    assert!(html.contains("new@example.com"), "{html}");
    let response = add("new@example.com", "analyst", PASSWORD).await;
    assert_eq!(response.status(), 409);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("new@example.com has an account already.")
    );
    let response = add("short@example.com", "analyst", "short").await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("at least 10 characters")
    );
    assert_eq!(add("not-an-email", "analyst", PASSWORD).await.status(), 422);
    assert_eq!(add("x@example.com", "owner", PASSWORD).await.status(), 422);

    // The new person signs in; a role change applies to their session at once.
    let newcomer = browser();
    sign_in(&app, &newcomer, "new@example.com", None).await;
    assert!(
        page(&app, &newcomer, "/links")
            .await
            .1
            .contains("Create link")
    );
    let (_, html) = page(&app, &admin, "/settings/users").await;
    let start = html.find("<td>new@example.com").unwrap();
    let id = id_after(&html[start..], "/settings/users/");
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
    let html = page(&app, &admin, "/settings/users").await.1;
    let start = html.find("<td>ada@example.com").unwrap();
    let me = id_after(&html[start..], "/settings/users/");
    let response = post(
        &app,
        &admin,
        &format!("/settings/users/{me}/delete"),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(response.status(), 409);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("You cannot delete your own account")
    );
    let response = post(
        &app,
        &admin,
        &format!("/settings/users/{me}/role"),
        &[("csrf", &csrf), ("role", "marketer")],
    )
    .await;
    assert_eq!(response.status(), 409);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("You cannot change the role of the last admin")
    );
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
    let response = post(
        &app,
        &admin,
        "/settings/users/999999/delete",
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(response.status(), 404);
    app.stop().await;
}
both!(admins_manage_users);
