//! What happens to visitors' data over time: the retention setting purges old hits, and a
//! link's data can be exported and then deleted with the link.

use lanterne::db::Db;
use lanterne::hits::{HitBatch, HitRow};
use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::helpers::{Backend, TestApp, count, fresh_database, hit, serve_args};

const DAY_MS: i64 = 86_400_000;

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
    let id = db.link_by_slug("", "kept").await.unwrap().unwrap().id;
    let batch = HitBatch {
        rows: vec![hit(id).days_ago(40).row(), hit(id).days_ago(20).row()],
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
both!(retention_purges_old_hits, backend);

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
both!(a_links_data_is_exported_then_deleted_with_it, backend);

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
    let id = db.link_by_slug("", "total").await.unwrap().unwrap().id;
    let total = || async {
        db.link_by_slug("", "total")
            .await
            .unwrap()
            .unwrap()
            .hit_count
    };
    let batch = HitBatch {
        rows: vec![hit(id).days_ago(0).row(), hit(id).days_ago(1).row()],
        private: [(id, 1)].into(),
        ..HitBatch::default()
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
both!(a_links_total_is_the_same_before_and_after_a_fold, backend);

/// A fresh database with the links "kept" and "gone", opened: its URL, the database, and the
/// two links' ids.
async fn kept_and_gone(backend: Backend) -> Option<(String, Db, i64, i64)> {
    let database_url = fresh_database(backend).await?;
    let app = TestApp::spawn_on(&database_url, serve_args()).await;
    for slug in ["kept", "gone"] {
        app.create_link(json!({ "url": "https://example.com/", "slug": slug }))
            .await;
    }
    app.stop().await;
    let db = Db::connect(&database_url).await.unwrap();
    let id = async |slug| db.link_by_slug("", slug).await.unwrap().unwrap().id;
    let (kept, gone) = (id("kept").await, id("gone").await);
    Some((database_url, db, kept, gone))
}

/// A link's hit log pages newest first through hits folded long ago, folded just now and not
/// folded yet, with none of another link's; deleting the link deletes all of them.
async fn a_links_hit_log_spans_folded_and_new_hits_and_goes_with_it(backend: Backend) {
    let Some((database_url, db, kept, gone)) = kept_and_gone(backend).await else {
        return;
    };
    // Three batches, each folded or not, with both links' hits interleaved.
    for (n, fold) in [(7, true), (5, true), (4, false)] {
        let rows = (0..n)
            .flat_map(|i| [hit(gone).days_ago(i % 3).row(), hit(kept).days_ago(0).row()])
            .collect();
        let batch = HitBatch {
            rows,
            ..HitBatch::default()
        };
        assert!(db.insert_hit_batch(&format!("b{n}"), &batch).await.unwrap());
        if fold {
            lanterne::hits::rollup::fold_all(&db).await.unwrap();
        }
    }
    let log = |link_id| {
        let db = &db;
        async move {
            let (mut ids, mut ats, mut before) = (Vec::new(), Vec::new(), None);
            while let Some(last) = {
                let page = db.hits_of_link(link_id, before, 5).await.unwrap();
                ids.extend(page.iter().map(|hit| hit.id));
                ats.extend(page.iter().map(|hit| hit.at));
                page.last().map(|hit| hit.id)
            } {
                before = Some(last);
            }
            (ids, ats)
        }
    };
    let (gone_ids, gone_ats) = log(gone).await;
    let (kept_ids, kept_ats) = log(kept).await;
    for ids in [&gone_ids, &kept_ids] {
        assert_eq!(ids.len(), 16, "every hit once: {ids:?}");
        assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");
    }
    assert!(gone_ids.iter().all(|id| !kept_ids.contains(id)));
    let day_ago = lanterne::clock::now_ms() - DAY_MS / 2;
    assert!(
        gone_ats.iter().any(|at| *at < day_ago),
        "the older hits are this link's"
    );
    assert!(kept_ats.iter().all(|at| *at > day_ago));

    assert!(db.delete_link("", "gone").await.unwrap().is_some());
    assert!(db.hits_of_link(gone, None, 100).await.unwrap().is_empty());
    assert_eq!(db.hits_of_link(kept, None, 100).await.unwrap().len(), 16);
    db.close().await;
    assert_eq!(count(&database_url, "SELECT COUNT(*) FROM hits").await, 16);
}
both!(
    a_links_hit_log_spans_folded_and_new_hits_and_goes_with_it,
    backend
);

/// Purged hits leave holes in a link's list of hits: pages skip them and stay full. On
/// SQLite, whose ids are handed out again once the newest hits are gone, a link's list never
/// names an id twice, and the fold goes on.
async fn a_links_hit_log_pages_past_purged_hits_and_reused_ids(backend: Backend) {
    let Some((_, db, kept, gone)) = kept_and_gone(backend).await else {
        return;
    };
    let fold = || lanterne::hits::rollup::fold_all(&db);
    // New and 40-day-old hits of "kept" alternate; the newest id of all is an old hit.
    let mut rows: Vec<HitRow> = (0..6)
        .map(|i| hit(kept).days_ago((i % 2) * 40).row())
        .collect();
    rows.push(hit(gone).days_ago(0).row());
    rows.push(hit(kept).days_ago(40).row());
    let batch = HitBatch {
        rows,
        ..HitBatch::default()
    };
    assert!(db.insert_hit_batch("first", &batch).await.unwrap());
    fold().await.unwrap();
    db.purge_hits_before(lanterne::clock::now_ms() - 30 * DAY_MS)
        .await
        .unwrap();
    let page = db.hits_of_link(kept, None, 2).await.unwrap();
    assert_eq!(page.len(), 2, "a full page despite the holes");
    let rest = db.hits_of_link(kept, Some(page[1].id), 2).await.unwrap();
    assert_eq!(rest.len(), 1, "the third new hit, then nothing");

    // With "gone" deleted, the largest id left is a hit of "kept": the next ids are handed
    // out again (on SQLite) to new hits of "kept".
    assert!(db.delete_link("", "gone").await.unwrap().is_some());
    let batch = HitBatch {
        rows: vec![
            hit(kept).days_ago(0).row(),
            hit(kept).days_ago(0).row(),
            hit(kept).days_ago(0).row(),
        ],
        ..HitBatch::default()
    };
    assert!(db.insert_hit_batch("second", &batch).await.unwrap());
    fold().await.unwrap();
    let log = db.hits_of_link(kept, None, 100).await.unwrap();
    let ids: Vec<i64> = log.iter().map(|hit| hit.id).collect();
    assert_eq!(
        ids.len(),
        6,
        "three new hits and three more, once each: {ids:?}"
    );
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");
    assert_eq!(
        db.link_by_slug("", "kept")
            .await
            .unwrap()
            .unwrap()
            .hit_count,
        10
    );
    db.close().await;
}
both!(
    a_links_hit_log_pages_past_purged_hits_and_reused_ids,
    backend
);

/// A link deleted while a fold is under way leaves none of its counts behind: the deletion
/// waits for the fold's transaction, then deletes what that wrote too. (PostgreSQL only:
/// SQLite runs one writing transaction at a time.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_deleted_during_a_fold_leaves_nothing_behind() {
    let Some((database_url, db, kept, gone)) = kept_and_gone(Backend::Postgres).await else {
        return;
    };
    let batch = HitBatch {
        rows: (0..5)
            .flat_map(|_| [hit(gone).days_ago(0).row(), hit(kept).days_ago(0).row()])
            .collect(),
        ..HitBatch::default()
    };
    assert!(db.insert_hit_batch("both", &batch).await.unwrap());
    // The fold's last statement moves its mark: holding that row keeps the fold's transaction
    // open after it has written the links' counts.
    let other = sqlx::PgPool::connect(&database_url).await.unwrap();
    let mut hold = other.begin().await.unwrap();
    sqlx::query("SELECT 1 FROM rollup_state WHERE id = 1 FOR UPDATE")
        .execute(&mut *hold)
        .await
        .unwrap();
    let fold = tokio::spawn({
        let db = db.clone();
        async move { lanterne::hits::rollup::fold_all(&db).await }
    });
    // Waits until exactly one backend of this database waits as `condition` says.
    let waits_until = async |condition: &str| {
        let sql = format!(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND {condition}"
        );
        for _ in 0..200 {
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
                .fetch_one(&other)
                .await
                .unwrap();
            if n == 1 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no backend came to wait: {condition}");
    };
    waits_until(
        "wait_event_type = 'Lock' AND wait_event = 'transactionid' \
         AND query LIKE 'UPDATE rollup_state SET rolled_id%'",
    )
    .await;
    let delete = tokio::spawn({
        let db = db.clone();
        async move { db.delete_link("", "gone").await }
    });
    // The deletion waits for the fold, which has written the link's counts.
    waits_until("wait_event_type = 'Lock' AND wait_event = 'advisory'").await;
    hold.rollback().await.unwrap();
    fold.await.unwrap().unwrap();
    assert!(delete.await.unwrap().unwrap().is_some());

    for table in [
        "link_stats",
        "rollups",
        "seen_visitors",
        "hit_index",
        "hits",
    ] {
        let left: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM {table} WHERE link_id = $1"
        )))
        .bind(gone)
        .fetch_one(&other)
        .await
        .unwrap();
        assert_eq!(left, 0, "{table} keeps rows of the deleted link");
    }
    let kept_total: i64 = sqlx::query_scalar("SELECT hits FROM link_stats WHERE link_id = $1")
        .bind(kept)
        .fetch_one(&other)
        .await
        .unwrap();
    assert_eq!(kept_total, 5, "the other link's hits are folded");
    other.close().await;
    db.close().await;
}

/// Hits queued (or spooled) before their link was deleted are written after it. The fold
/// leaves them out of every count and deletes them, as the deletion did the link's others;
/// on SQLite, where they were the newest hits, the next ones are still folded.
async fn hits_written_after_their_link_was_deleted_are_not_counted(backend: Backend) {
    let Some((database_url, db, kept, gone)) = kept_and_gone(backend).await else {
        return;
    };
    assert!(db.delete_link("", "gone").await.unwrap().is_some());
    let late = |link_id| HitRow {
        visitor: Some(7),
        ..hit(link_id).days_ago(0).row()
    };
    let batch = HitBatch {
        // The deleted link's hits last: on SQLite the next hit gets the id of the first.
        rows: vec![late(kept), late(gone), late(gone)],
        ..HitBatch::default()
    };
    assert!(db.insert_hit_batch("late", &batch).await.unwrap());
    lanterne::hits::rollup::fold_all(&db).await.unwrap();
    let next = HitBatch {
        rows: vec![late(kept)],
        ..HitBatch::default()
    };
    assert!(db.insert_hit_batch("next", &next).await.unwrap());
    lanterne::hits::rollup::fold_all(&db).await.unwrap();
    db.close().await;

    let orphans = [
        "SELECT COUNT(*) FROM rollups WHERE link_id NOT IN (SELECT id FROM links)",
        "SELECT COUNT(*) FROM seen_visitors WHERE link_id NOT IN (SELECT id FROM links)",
        "SELECT COUNT(*) FROM link_stats WHERE link_id NOT IN (SELECT id FROM links)",
        "SELECT COUNT(*) FROM hit_index WHERE link_id NOT IN (SELECT id FROM links)",
    ];
    for sql in orphans {
        assert_eq!(count(&database_url, sql).await, 0, "{sql}");
    }
    // The other link's hit is counted as usual.
    assert_eq!(
        count(&database_url, "SELECT COUNT(*) FROM seen_visitors").await,
        1
    );
    // Both of the other link's hits are folded, the one written after the fold too.
    let kept_total = "SELECT COUNT(*) FROM link_stats l JOIN links k ON k.id = l.link_id \
        WHERE k.slug = 'kept' AND l.hits = 2";
    assert_eq!(count(&database_url, kept_total).await, 1);
    let late_hits = count(
        &database_url,
        "SELECT COUNT(*) FROM hits WHERE link_id NOT IN (SELECT id FROM links)",
    )
    .await;
    assert_eq!(late_hits, 0, "the late hits are deleted");
}
both!(
    hits_written_after_their_link_was_deleted_are_not_counted,
    backend
);
