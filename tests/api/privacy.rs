//! What happens to visitors' data over time: the retention setting purges old hits, and a
//! link's data can be exported and then deleted with the link.

use lanterne::db::Db;
use lanterne::hits::{HitBatch, HitRow};
use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::helpers::{Backend, TestApp, count, fresh_database, serve_args};

const DAY_MS: i64 = 86_400_000;

fn old_hit(link_id: i64, days_ago: i64) -> HitRow {
    HitRow {
        link_id,
        at: lanterne::clock::now_ms() - days_ago * DAY_MS,
        method: "GET",
        referrer: None,
        referrer_host: None,
        user_agent: None,
        browser: None,
        os: None,
        device: "unknown",
        country: None,
        city: None,
        visitor: None,
        kind: "click",
        source: Some("dark"),
        platform: "",
        evidence: "none",
    }
}

/// `LANTERNE_RETENTION_DAYS=30`: at start (and hourly) hits older than 30 days are purged;
/// newer ones and the link's total stay.
async fn retention_purges_old_hits(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let app = TestApp::spawn_on(&database_url, serve_args()).await;
    app.create_link(json!({ "url": "https://example.com/", "slug": "kept" }))
        .await;
    assert_eq!(app.get("/kept").await.status(), 302);
    app.wait_for_hits("kept", 1).await;
    app.stop().await;

    // Hits of 40 and 20 days ago, as an older run would have stored them.
    let db = Db::connect(&database_url).await.unwrap();
    let id = db.link_by_slug("kept").await.unwrap().unwrap().id;
    let batch = HitBatch {
        rows: vec![old_hit(id, 40), old_hit(id, 20)],
        ..HitBatch::default()
    };
    assert!(db.insert_hit_batch("old-hits", &batch).await.unwrap());
    db.close().await;

    let mut args = serve_args();
    args.retention_days = 30;
    let app = TestApp::spawn_on(&database_url, args).await;
    let hits = app.wait_for_hits("kept", 2).await;
    let cutoff = lanterne::clock::rfc3339(lanterne::clock::now_ms() - 30 * DAY_MS);
    assert!(
        hits.iter()
            .all(|h| h["at"].as_str().unwrap() > cutoff.as_str()),
        "{hits:?}"
    );
    assert_eq!(app.link("kept").await["hit_count"], 3, "the total stays");
    app.stop().await;
}
both!(retention_purges_old_hits);

/// Everything stored about a link's visitors can be exported, and deleting the link deletes
/// all of it.
async fn a_links_data_is_exported_then_deleted_with_it(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.create_link(json!({ "url": "https://example.com/", "slug": "mine", "tags": ["a", "b"] }))
        .await;
    app.create_link(json!({ "url": "https://example.com/", "slug": "other" }))
        .await;
    for slug in ["mine", "mine", "mine", "other"] {
        app.http
            .get(app.url(&format!("/{slug}")))
            .header(
                "user-agent",
                "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
            )
            .send()
            .await
            .unwrap();
    }
    app.wait_for_hits("mine", 3).await;
    app.wait_for_hits("other", 1).await;

    let (status, page) = app.api(Method::GET, "/links/mine/hits", None).await;
    assert_eq!(status, 200);
    assert_eq!(page["hits"].as_array().unwrap().len(), 3);
    let csv = app.api_text("/links/mine/hits?format=csv").await;
    assert_eq!(csv.lines().count(), 4, "a header and three hits:\n{csv}");

    let (status, _) = app.api(Method::DELETE, "/links/mine", None).await;
    assert_eq!(status, 204);
    let database_url = app.database_url.clone();
    app.stop().await;
    // Only the other link's hit, no counter of a deleted link and nothing of its tags are left.
    assert_eq!(count(&database_url, "SELECT COUNT(*) FROM hits").await, 1);
    assert_eq!(
        count(
            &database_url,
            "SELECT COUNT(*) FROM link_stats WHERE link_id NOT IN (SELECT id FROM links)"
        )
        .await,
        0
    );
    assert_eq!(
        count(&database_url, "SELECT COUNT(*) FROM link_tags").await,
        0
    );
    assert_eq!(count(&database_url, "SELECT COUNT(*) FROM links").await, 1);
}
both!(a_links_data_is_exported_then_deleted_with_it);

/// A link's total is its folded count plus the hits written since: the same number before
/// and after a fold, private hits (which leave no row) included.
async fn a_links_total_is_the_same_before_and_after_a_fold(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let app = TestApp::spawn_on(&database_url, serve_args()).await;
    app.create_link(json!({ "url": "https://example.com/", "slug": "total" }))
        .await;
    app.stop().await;

    let db = Db::connect(&database_url).await.unwrap();
    let id = db.link_by_slug("total").await.unwrap().unwrap().id;
    let total = || async { db.link_by_slug("total").await.unwrap().unwrap().hit_count };
    let batch = HitBatch {
        rows: vec![old_hit(id, 0), old_hit(id, 1)],
        private: [(id, 1)].into(),
    };
    assert!(db.insert_hit_batch("first", &batch).await.unwrap());
    assert_eq!(total().await, 3, "before the fold");
    lanterne::hits::rollup::fold_all(&db).await.unwrap();
    assert_eq!(total().await, 3, "after the fold");
    assert!(db.insert_hit_batch("second", &batch).await.unwrap());
    assert_eq!(total().await, 6, "folded and new ones together");
    lanterne::hits::rollup::fold_all(&db).await.unwrap();
    assert_eq!(total().await, 6);
    assert_eq!(
        count(&database_url, "SELECT hits FROM link_stats").await,
        6,
        "every hit folded into the link's row"
    );
    db.close().await;
}
both!(a_links_total_is_the_same_before_and_after_a_fold);
