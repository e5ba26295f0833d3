//! Days in the web UI's lists are the viewer's: a link, campaign, account, token or domain
//! made at 00:54 in Paris (23:54 UTC the day before) was made on that day for its user, and
//! an invitation ends on the day it ends where they are.

use lanterne::auth::Role;
use lanterne::config::ServeArgs;
use lanterne::db::Db;
use serde_json::json;

use crate::both;
use crate::helpers::{Backend, TestApp, execute, fresh_database, serve_args};
use crate::ui_invitations::invite;

async fn every_list_writes_its_days_in_the_viewer_s_time_zone(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let args = ServeArgs {
        timezone: "Europe/Paris".into(),
        ..serve_args()
    };
    let app = TestApp::spawn_on(&database_url, args).await;
    app.create_link(json!({"url": "https://shop.example/", "slug": "late", "campaign": "Noël"}))
        .await;
    app.add_domain("go.example", None).await;
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    invite(&app, &admin, "eve@example.com", "analyst").await;
    let db = Db::connect(&database_url).await.unwrap();
    // 2026-12-07T23:54:00Z: 00:54 on 8 December in Paris.
    for sql in [
        "UPDATE links SET created_at = 1796687640000",
        "UPDATE campaigns SET created_at = 1796687640000",
        "UPDATE users SET created_at = 1796687640000",
        "UPDATE api_tokens SET created_at = 1796687640000",
        "UPDATE domains SET created_at = 1796687640000",
        // Seven days later, at the same time.
        "UPDATE invitations SET expires_at = 1797292440000",
    ] {
        execute(&db, sql).await;
    }
    db.close().await;
    for (path, day) in [
        ("/links", "08/12/2026"),
        ("/campaigns", "08/12/2026"),
        ("/settings/users", "08/12/2026"),
        ("/settings/users", "15/12/2026"),
        ("/settings/tokens", "08/12/2026"),
        ("/settings/domains", "08/12/2026"),
    ] {
        let (status, html) = admin.page_in("fr-FR,fr;q=0.9", path).await;
        assert_eq!(status, 200, "{path}");
        assert!(html.contains(day), "{path} does not say {day}:\n{html}");
        let utc = if day == "15/12/2026" {
            "14/12/2026"
        } else {
            "07/12/2026"
        };
        assert!(!html.contains(utc), "{path} says UTC's {utc}:\n{html}");
    }
    app.stop().await;
}

both!(
    every_list_writes_its_days_in_the_viewer_s_time_zone,
    backend
);
