//! `lanterne reclassify`: stored hits get the classifier's current answer, and the
//! dashboard's rollups follow.

use lanterne::db::Db;
use lanterne::stats::{FilterQuery, Report};

use crate::both;
use crate::helpers::{Backend, TestApp, count};

async fn reclassify_fixes_stored_classes(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.create_link(serde_json::json!({ "url": "https://example.com/", "slug": "re" }))
        .await;
    app.http
        .get(app.url("/re"))
        .header("user-agent", "WhatsApp/2.23.20.0 A")
        .send()
        .await
        .unwrap();
    app.wait_for_hits("re", 1).await;
    let database_url = app.database_url.clone();
    app.stop().await;

    // Pretend an older classifier got it wrong.
    let db = Db::connect(&database_url).await.unwrap();
    db.update_classes(&[(1, "click", Some("dark"), "", "none")])
        .await
        .unwrap();
    // The rollups count the wrong class until the hit log is counted again.
    lanterne::hits::rollup::fold_all(&db).await.unwrap();
    let filter = FilterQuery::default().filter("UTC").unwrap();
    let total = Report::build(&db, &filter).await.unwrap().total;
    assert_eq!((total.clicks, total.previews), (1, 0));
    assert_eq!(clicks_listed(&db, &database_url).await, (1, 1));
    let (examined, changed) = lanterne::hits::reclassify::run(&db, false).await.unwrap();
    assert_eq!((examined, changed), (1, 1));
    let hit = &db.hits_for_classification(0, 10).await.unwrap()[0];
    assert_eq!(
        (hit.kind.as_str(), hit.platform.as_str()),
        ("preview", "whatsapp")
    );
    let total = Report::build(&db, &filter).await.unwrap().total;
    assert_eq!(
        (total.clicks, total.previews),
        (0, 1),
        "the dashboard shows the new class"
    );
    // The links list too, while the refold is under way and once it is done; the clicks
    // folded into the link's row (what the list orders by) follow the rollups.
    assert_eq!(clicks_listed(&db, &database_url).await, (0, 0));
    lanterne::hits::rollup::fold_all(&db).await.unwrap();
    assert_eq!(clicks_listed(&db, &database_url).await, (0, 0));
    let (_, changed) = lanterne::hits::reclassify::run(&db, false).await.unwrap();
    assert_eq!(changed, 0, "a second run changes nothing");
    db.close().await;
}
both!(reclassify_fixes_stored_classes, backend);

/// The clicks the links list shows for the first link, and those folded into its row.
async fn clicks_listed(db: &Db, database_url: &str) -> (i64, u64) {
    let shown = db.link_counts(&[1]).await.unwrap()[&1].clicks;
    let folded = count(
        database_url,
        "SELECT clicks FROM link_stats WHERE link_id = 1",
    )
    .await;
    (shown, folded)
}
