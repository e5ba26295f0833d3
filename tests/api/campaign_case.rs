//! A campaign name is one campaign whatever its letter case, beyond ASCII ("ÉTÉ" is "été" on
//! SQLite too): links join it, a rename onto it is refused in the viewer's language, two
//! writers racing cannot make two, and duplicates stored before are merged with their data.

use lanterne::auth::Role;
use lanterne::campaigns::NewCampaign;
use lanterne::db::Db;
use lanterne::links::{LinkPatch, LinkSpec, NewLink};
use reqwest::Method;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::{TestApp, count, execute};

/// Every campaign through the API: (name, links, hits), oldest first.
async fn campaigns(app: &TestApp) -> Vec<(String, i64, i64)> {
    let (status, list) = app.api(Method::GET, "/campaigns", None).await;
    assert_eq!(status, 200, "{list}");
    let mut campaigns: Vec<(String, i64, i64)> = list["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let n = |field: &str| c[field].as_i64().unwrap();
            (
                c["name"].as_str().unwrap().to_owned(),
                n("links"),
                n("hits"),
            )
        })
        .collect();
    campaigns.reverse();
    campaigns
}

/// The id of the campaign the API lists as `name`.
async fn campaign_id(app: &TestApp, name: &str) -> i64 {
    let (_, list) = app.api(Method::GET, "/campaigns", None).await;
    let found = list["campaigns"].as_array().unwrap().iter();
    found.clone().find(|c| c["name"] == name).unwrap()["id"]
        .as_i64()
        .unwrap()
}

fn link(slug: &str, campaign: &str) -> Value {
    json!({ "url": "https://shop.example/ete", "slug": slug, "campaign": campaign })
}

async fn a_campaign_name_in_other_letter_case_beyond_ascii_is_the_same_campaign(app: &TestApp) {
    app.create_link(link("first", "été 2027")).await;
    let joined = app.create_link(link("loud", "ÉTÉ 2027")).await;
    assert_eq!(joined["campaign"], "été 2027", "{joined}");
    assert_eq!(campaigns(app).await, [("été 2027".to_owned(), 2, 0)]);

    // The share kit through the API refuses a new campaign of that name in other letters.
    let kit = json!({ "name": "Été 2027", "url": "https://shop.example/ete", "channels": ["x"] });
    let (status, body) = app.api(Method::POST, "/campaigns", Some(kit)).await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("a campaign named \"été 2027\" already exists"),
        "{body}"
    );

    // A rename onto it, in the API and on the campaign's page in French: 409, saying why.
    app.create_link(link("autumn", "Automne")).await;
    let autumn = campaign_id(app, "Automne").await;
    let path = format!("/campaigns/{autumn}");
    let (status, body) = app
        .api(Method::PATCH, &path, Some(json!({ "name": "ÉTÉ 2027" })))
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(
        body["error"],
        "a campaign named \"été 2027\" already exists, and names that differ only in letter \
         case are the same name: choose another name (to merge two campaigns, move their links \
         with a link edit)"
    );
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let rename = format!("/campaigns/{autumn}/rename");
    let response = b.post_in("fr", &rename, &[("name", "Été 2027")]).await;
    assert_eq!(response.status(), 409);
    let html = response.text().await.unwrap();
    assert!(
        html.contains(
            "existe déjà, et des noms qui ne diffèrent que par les majuscules sont le même nom"
        ),
        "{html}"
    );
    assert_eq!(
        campaigns(app).await,
        [("été 2027".to_owned(), 2, 0), ("Automne".to_owned(), 1, 0)]
    );
}
both!(a_campaign_name_in_other_letter_case_beyond_ascii_is_the_same_campaign);

async fn a_campaign_made_meanwhile_in_other_letter_case_is_joined_not_doubled(app: &TestApp) {
    app.create_link(link("first", "Rentrée")).await;
    // What a writer that looked the name up just before "Rentrée" was stored goes on to
    // write: a link, a change of a link, a campaign of the share kit, each naming "RENTRÉE".
    let db = Db::connect(&app.database_url).await.unwrap();
    let spec = LinkSpec {
        slug: "late".into(),
        url: "https://shop.example/rentree".into(),
        campaign: Some("RENTRÉE".into()),
        ..LinkSpec::default()
    };
    let late = db.insert_link(&NewLink::from(spec), 1).await.unwrap();
    assert_eq!(late.unwrap().spec.campaign.as_deref(), Some("Rentrée"));
    app.create_link(json!({ "url": "https://shop.example/", "slug": "moved" }))
        .await;
    let patch = LinkPatch {
        campaign: Some(Some("rentrÉe".into())),
        ..LinkPatch::default()
    };
    let moved = db.update_link("", "moved", &patch, 2).await.unwrap();
    assert_eq!(moved.unwrap().spec.campaign.as_deref(), Some("Rentrée"));
    let kit = NewCampaign::from_link("RENTRÉE", "https://shop.example/", None, &[]);
    assert!(db.insert_campaign(&kit, 3).await.unwrap().is_none());
    db.close().await;
    assert_eq!(campaigns(app).await, [("Rentrée".to_owned(), 3, 0)]);

    // Links made at the same instant naming a new campaign in two cases: one campaign.
    let (a, b) = tokio::join!(
        app.create_link(link("same-a", "Noël 2027")),
        app.create_link(link("same-b", "NOËL 2027")),
    );
    assert_eq!(a["campaign"], b["campaign"], "{a} {b}");
    assert_eq!(campaigns(app).await.len(), 2);
}
both!(a_campaign_made_meanwhile_in_other_letter_case_is_joined_not_doubled);

async fn campaigns_stored_in_two_letter_cases_are_merged_with_their_data(app: &TestApp) {
    app.create_link(link("kept", "Été 2027")).await;
    app.create_link(json!({ "url": "https://shop.example/", "slug": "loud" }))
        .await;
    app.create_link(json!({ "url": "https://shop.example/", "slug": "lower" }))
        .await;
    app.get("/loud").await;
    app.wait_for_hits("loud", 1).await;
    // What a version before the folded name could store: "ÉTÉ 2027" and "été 2027" beside
    // "Été 2027" on SQLite, each with links, the first with a client's share link too.
    let db = Db::connect(&app.database_url).await.unwrap();
    for sql in [
        "UPDATE campaigns SET folded_name = NULL",
        "INSERT INTO campaigns (name, url, utm_campaign, created_at) \
         VALUES ('ÉTÉ 2027', 'https://shop.example/', 'ete-2027', 1)",
        "INSERT INTO campaigns (name, url, utm_campaign, created_at) \
         VALUES ('été 2027', 'https://shop.example/', 'ete-2027', 2)",
        "UPDATE links SET campaign = 'ÉTÉ 2027' WHERE slug = 'loud'",
        "UPDATE links SET campaign = 'été 2027' WHERE slug = 'lower'",
        "INSERT INTO report_shares (campaign_id, token_hash, created_by, created_at, label) \
         SELECT id, 'digest', 'mark@example.com', 0, 'Client X' FROM campaigns \
         WHERE name = 'ÉTÉ 2027'",
    ] {
        execute(&db, sql).await;
    }
    db.close().await;
    assert_eq!(campaigns(app).await.len(), 3);

    // The next start merges them into the oldest, links, hits and share link with it.
    let db = Db::connect(&app.database_url).await.unwrap();
    let kept = db.campaign_named("ÉTÉ 2027").await.unwrap().unwrap();
    assert_eq!(kept.name, "Été 2027");
    let shares = db.report_shares(kept.id).await.unwrap();
    assert_eq!(shares.len(), 1);
    assert_eq!(shares[0].label, "Client X");
    db.close().await;
    assert_eq!(campaigns(app).await, [("Été 2027".to_owned(), 3, 1)]);
    assert_eq!(app.link("loud").await["campaign"], "Été 2027");
    let unfolded = "SELECT COUNT(*) FROM campaigns WHERE folded_name IS NULL";
    assert_eq!(count(&app.database_url, unfolded).await, 0);
}
both!(campaigns_stored_in_two_letter_cases_are_merged_with_their_data);
