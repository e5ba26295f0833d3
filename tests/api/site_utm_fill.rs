//! The views stored before migration 0032 whose `utm` held a percent-escape, which the
//! migration left without tags: Lanterne decodes them at start, once, as the events endpoint
//! decodes a page's address, and the table by UTM campaign counts them under their campaign.

use std::time::{Duration, Instant};

use lanterne::auth::Role;
use lanterne::db::Db;
use lanterne::hits::event::{EventRow, UtmTags};
use lanterne::hits::{HitBatch, HitRow};
use lanterne::sites::utm_fill;
use lanterne::sites::{NewSite, Site};
use reqwest::Method;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::{Backend, TestApp, count, forget_database, fresh_database, serve_args};
use crate::site_events::beacon;
use crate::site_utm::{row, utm_when};

/// A database as an upgrade from before 0032 leaves it before this version first starts (its
/// migrations applied, no fill run yet), with a site for news.example: its URL, a connection.
async fn upgraded_database(backend: Backend) -> Option<(String, Db, Site)> {
    let url = fresh_database(backend).await?;
    let db = Db::connect(&url).await.unwrap();
    let new = NewSite {
        name: "Le Quotidien".into(),
        domains: vec!["news.example".into()],
    };
    let site = db
        .insert_site(&new, &lanterne::sites::new_key(), lanterne::clock::now_ms())
        .await
        .unwrap()
        .unwrap();
    Some((url, db, site))
}

/// Stores views of `site` with these `utm` texts and no tag, as the writer stored them
/// before migration 0032 (which left without tags those it could not decode).
async fn store_untagged_views(db: &Db, site: i64, utms: &[Option<&str>]) {
    let now = lanterne::clock::now_ms();
    let view = |utm: &Option<&str>| EventRow {
        site_id: site,
        event: "view",
        page: "https://news.example/".into(),
        utm: utm.map(str::to_owned),
        utm_tags: UtmTags::default(),
        internal: false,
        share_id: None,
        parent: None,
        channel: None,
        hit: HitRow::dark_click(0, now),
    };
    let batch = HitBatch {
        events: utms.iter().map(view).collect(),
        ..HitBatch::default()
    };
    let id = nanoid::nanoid!();
    assert!(db.insert_hit_batch(&id, &batch).await.unwrap());
}

/// How many events the finished fill gave tags, as it recorded.
const FILLED: &str = "SELECT rows_filled FROM finished_fills WHERE name = 'site_event_utm_tags'";

async fn older_views_with_percent_escapes_get_their_tags_once_at_start(backend: Backend) {
    let Some((url, db, site)) = upgraded_database(backend).await else {
        return;
    };
    let summer = "utm_source=newsletter&utm_medium=email&utm_campaign=%C3%A9t%C3%A9+2026";
    let utms = [
        Some(summer),
        Some(summer),
        Some("utm_source=x.com%2Fposts&utm_campaign=caf%C3%A9+%26+cr%C3%A8me&utm_term=a"),
        // Escapes, but in no tag counted here: nothing to fill.
        Some("utm_term=%C3%A9t%C3%A9"),
        None,
    ];
    store_untagged_views(&db, site.id, &utms).await;
    db.close().await;

    let app = TestApp::spawn_on(&url, serve_args()).await;
    let utm = format!("/sites/{}/utm?period=7d", site.id);
    // Filled in the background: the server serves meanwhile.
    let deadline = Instant::now() + Duration::from_secs(10);
    let answer = loop {
        let answer = utm_when(&app, &utm, 5).await;
        if answer["campaigns"].as_array().unwrap().len() == 3 {
            break answer;
        }
        assert!(Instant::now() < deadline, "never filled: {answer}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let summer_row = row(
        &answer,
        json!("newsletter"),
        json!("email"),
        json!("été 2026"),
    );
    assert_eq!(
        (&summer_row["views"], &summer_row["dark"]),
        (&json!(2), &json!(2))
    );
    let cafe = row(
        &answer,
        json!("x.com/posts"),
        Value::Null,
        json!("café & crème"),
    );
    assert_eq!(cafe["views"], 1);
    let none = row(&answer, Value::Null, Value::Null, Value::Null);
    assert_eq!(none["views"], 2, "{answer}");
    let analyst = app.signed_in("ann@example.com", Role::Analyst).await;
    let (status, html) = analyst
        .page(&format!("/dashboard/sites/{}?period=7d&utm=1", site.id))
        .await;
    assert_eq!(status, 200);
    assert!(
        html.contains("<td>newsletter</td><td>email</td><td>été 2026</td>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<td>x.com/posts</td><td class=\"muted\">(none)</td><td>café &#38; crème</td>"
        ),
        "{html}"
    );
    assert_eq!(count(&url, FILLED).await, 3, "the fill records what it did");

    // Finished: a later start reads nothing again. A view left without tags now (as only a
    // fill that went through the events again would fill) stays as it is.
    let db = Db::connect(&url).await.unwrap();
    store_untagged_views(&db, site.id, &[Some("utm_campaign=hiver%202027")]).await;
    assert_eq!(utm_fill::pending(&db).await.unwrap(), None);
    db.close().await;
    app.stop().await;
    let app = TestApp::spawn_on(&url, serve_args()).await;
    let page = "https://news.example/?utm_campaign=printemps";
    let view = json!({ "site": site.key, "event": "view", "url": page });
    assert_eq!(beacon(&app, view, &[]).await.0, 204);
    utm_when(&app, &utm, 7).await;
    // Time for a fill that started again to reach the view.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (_, answer) = app.api(Method::GET, &utm, None).await;
    assert_eq!(
        row(&answer, Value::Null, Value::Null, Value::Null)["views"],
        3,
        "{answer}"
    );
    assert_eq!(answer["campaigns"].as_array().unwrap().len(), 4, "{answer}");
    app.stop().await;
    forget_database(&url).await;
}
both!(
    older_views_with_percent_escapes_get_their_tags_once_at_start,
    backend
);

/// Instances starting together each go through the events: each view gets its tags once,
/// and the fill is recorded once.
async fn instances_filling_together_give_each_view_its_tags_once(backend: Backend) {
    let Some((url, one, site)) = upgraded_database(backend).await else {
        return;
    };
    let other = Db::connect(&url).await.unwrap();
    let utms: Vec<Option<String>> = (0..12_000)
        .map(|n| Some(format!("utm_campaign=%C3%A9t%C3%A9+{}", n % 7)))
        .collect();
    let utms: Vec<Option<&str>> = utms.iter().map(Option::as_deref).collect();
    store_untagged_views(&one, site.id, &utms).await;
    let pending = utm_fill::pending(&one).await.unwrap().unwrap();
    let (a, b) = tokio::join!(
        utm_fill::fill(&one, pending),
        utm_fill::fill(&other, pending)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 12_000);
    assert!(utm_fill::pending(&other).await.unwrap().is_none());
    let tagged = "SELECT COUNT(*) FROM site_events WHERE utm_campaign LIKE 'été %'";
    assert_eq!(count(&url, tagged).await, 12_000);
    assert_eq!(count(&url, "SELECT COUNT(*) FROM finished_fills").await, 1);
    one.close().await;
    other.close().await;
    forget_database(&url).await;
}
both!(
    instances_filling_together_give_each_view_its_tags_once,
    backend
);
