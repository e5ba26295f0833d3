//! A campaign's page: renamed and deleted through its forms (CSRF and roles checked), and
//! browsed page by page when it has more links than one page shows.

use lanterne::auth::Role;
use lanterne::db::Db;
use lanterne::links::{LinkSpec, NewLink};
use reqwest::Method;
use serde_json::Value;

use crate::both;
use crate::helpers::{Browser, TestApp, id_after};

/// Starts the campaign `name` with a share kit of two links; returns its id.
pub async fn kit(b: &Browser, name: &str) -> String {
    let form = [
        ("campaign", name),
        ("url", "https://shop.example/kit"),
        ("channel", "whatsapp"),
        ("channel", "email"),
    ];
    let response = b.post("/links/kit", &form).await;
    assert_eq!(response.status(), 201);
    id_after(&response.text().await.unwrap(), "href=\"/campaigns/")
}

async fn links_of(app: &TestApp, campaign: &str) -> Vec<Value> {
    let path = format!("/links?campaign={}", campaign.replace(' ', "%20"));
    let (_, list) = app.api(Method::GET, &path, None).await;
    list["links"].as_array().unwrap().clone()
}

async fn a_campaign_is_renamed_and_deleted_from_its_page(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let spring = kit(&b, "Spring sale").await;
    let autumn = kit(&b, "Autumn").await;
    let (_, html) = b.page(&format!("/campaigns/{spring}")).await;
    assert!(html.contains(&format!("action=\"/campaigns/{spring}/rename\"")));
    assert!(html.contains(&format!("action=\"/campaigns/{spring}/delete\"")));

    // Rename: refused onto another campaign's name, or without a name, or without the form's
    // token; then done, and the links follow.
    let rename = format!("/campaigns/{spring}/rename");
    let taken = [("name", "autumn")];
    let why = "A campaign named &#34;Autumn&#34; already exists";
    b.assert_refused(&rename, &taken, 409, why).await;
    let blank = [("name", " ")];
    b.assert_refused(&rename, &blank, 422, "Name the campaign")
        .await;
    let zeros = "0".repeat(32);
    let forged = [("csrf", zeros.as_str()), ("name", "Forged")];
    b.assert_refused(&rename, &forged, 403, "This form has expired")
        .await;
    assert_eq!(links_of(app, "Spring sale").await.len(), 2);
    let done = [("name", "Summer sale")];
    let (status, html) = b.submit(&rename, &done).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Renamed: its links carry the new name."),
        "{html}"
    );
    assert!(html.contains("<h1>Summer sale</h1>"));
    assert_eq!(links_of(app, "Summer sale").await.len(), 2);
    assert!(links_of(app, "Spring sale").await.is_empty());

    // An analyst may do neither.
    let analyst = app.signed_in("ana@example.com", Role::Analyst).await;
    let (_, html) = analyst.page(&format!("/campaigns/{spring}")).await;
    assert!(!html.contains("/rename\""), "no forms for an analyst");
    let form = [("name", "Mine")];
    assert_eq!(analyst.post(&rename, &form).await.status(), 403);
    let delete = format!("/campaigns/{spring}/delete");
    let form = [("links", "delete")];
    assert_eq!(analyst.post(&delete, &form).await.status(), 403);

    // Delete: each choice asks its own question, naming the links and what becomes of them.
    assert!(html_of_campaign(&b, &spring).await.contains(
        "data-confirm=\"Delete the campaign Summer sale and its 2 links, with all their hits? \
             This cannot be undone.\""
    ));
    let (_, french) = b
        .page_in("fr-FR,fr;q=0.9", &format!("/campaigns/{spring}"))
        .await;
    assert!(
        french.contains(
            "data-confirm=\"Supprimer la campagne Summer sale\u{202f}? Ses 2 liens restent, sans campagne.\""
        ),
        "{french}"
    );
    // A campaign with links needs the choice; detach keeps them.
    let why = "This campaign still has links: choose whether to delete them with it";
    b.assert_refused(&delete, &[], 409, why).await;
    let detach = [("links", "detach")];
    let (status, html) = b.submit(&delete, &detach).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(
            "The campaign &#34;Summer sale&#34; was deleted; its 2 links stay, without a campaign."
        ),
        "{html}"
    );
    assert!(!html.contains(">Summer sale<"));
    assert_eq!(b.page(&format!("/campaigns/{spring}")).await.0, 404);
    let (_, all) = app.api(Method::GET, "/links", None).await;
    assert_eq!(all["links"].as_array().unwrap().len(), 4, "none deleted");
    // …and delete takes them along.
    let delete = format!("/campaigns/{autumn}/delete");
    let form = [("links", "delete")];
    let (status, html) = b.submit(&delete, &form).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(
            "The campaign &#34;Autumn&#34; was deleted, with its 2 links and their hits."
        ),
        "{html}"
    );
    let (_, all) = app.api(Method::GET, "/links", None).await;
    let left = all["links"].as_array().unwrap();
    assert_eq!(left.len(), 2);
    assert!(left.iter().all(|l| l["campaign"].is_null()));
}
both!(a_campaign_is_renamed_and_deleted_from_its_page);

async fn html_of_campaign(b: &Browser, id: &str) -> String {
    b.page(&format!("/campaigns/{id}")).await.1
}

/// The short URLs of the link rows of a campaign page, in order.
fn rows(html: &str) -> Vec<String> {
    // Each link's own copy button (not "Copy all links").
    html.split("class=\"link\" data-copy=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
        .collect()
}

async fn a_large_campaign_is_browsed_page_by_page(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    // 250 links, made straight in the database: 3 for WhatsApp (first in the catalogue),
    // the others for email, then 2 with no channel, which come last.
    let db = Db::connect(&app.database_url).await.unwrap();
    let channel_of = |i: usize| match i {
        0..=1 => None,
        2..=4 => Some("whatsapp".to_owned()),
        _ => Some("email".to_owned()),
    };
    for i in 0..250 {
        let link = NewLink::from(LinkSpec {
            slug: format!("big-{i:03}"),
            url: "https://shop.example/big".into(),
            campaign: Some("Big import".into()),
            channel: channel_of(i),
            tags: Vec::new(),
            ..LinkSpec::default()
        });
        db.insert_link(&link, 1_000 + i as i64).await.unwrap();
    }
    let id = db.campaign_named("Big import").await.unwrap().unwrap().id;
    db.close().await;

    let mut seen = Vec::new();
    let mut path = format!("/campaigns/{id}");
    for n in 1..=3 {
        let (status, html) = b.page(&path).await;
        assert_eq!(status, 200);
        assert!(html.contains("250 links"), "the summary counts every link");
        let shown = rows(&html);
        assert_eq!(shown.len(), if n < 3 { 100 } else { 50 }, "page {n}");
        assert_eq!(html.contains("rel=\"prev\""), n > 1);
        seen.extend(shown);
        match n {
            3 => assert!(!html.contains("rel=\"next\"")),
            _ => {
                let next = format!("/campaigns/{id}?page={}", n + 1);
                assert!(
                    html.contains(&format!("href=\"{next}\" rel=\"next\"")),
                    "{html}"
                );
                path = next;
            }
        }
        // Channels with a link are not offered again, whatever the page.
        assert!(!html.contains("value=\"whatsapp\"") && !html.contains("value=\"email\""));
        assert!(html.contains("value=\"sms\""));
    }
    let slug = |url: &String| url.rsplit('/').next().unwrap().to_owned();
    let slugs: Vec<String> = seen.iter().map(slug).collect();
    let mut unique = slugs.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 250, "every link once");
    assert_eq!(
        slugs[..3],
        ["big-002", "big-003", "big-004"],
        "WhatsApp first"
    );
    assert_eq!(slugs[3], "big-005", "then email, oldest first");
    assert_eq!(slugs[248..], ["big-000", "big-001"], "no channel last");
    let (status, html) = b.page(&format!("/campaigns/{id}?page=9")).await;
    assert_eq!(status, 200);
    assert!(html.contains("No more links."));
}
both!(a_large_campaign_is_browsed_page_by_page);

/// Paging through a campaign's links keeps the report on the period chosen (and a change made
/// from a page comes back to it); choosing a period starts again from the first page.
async fn the_pages_of_links_keep_the_report_s_period(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    // One link more than a page shows.
    let db = Db::connect(&app.database_url).await.unwrap();
    for i in 0..101 {
        let link = NewLink::from(LinkSpec {
            slug: format!("paged-{i:03}"),
            url: "https://shop.example/paged".into(),
            campaign: Some("Paged".into()),
            channel: Some("email".into()),
            ..LinkSpec::default()
        });
        db.insert_link(&link, 1_000 + i).await.unwrap();
    }
    let id = db.campaign_named("Paged").await.unwrap().unwrap().id;
    db.close().await;
    let page = async |query: &str| {
        let (status, html) = b.page(&format!("/campaigns/{id}?{query}")).await;
        assert_eq!(status, 200, "{query}: {html}");
        html.replace("&#38;", "&").replace("&amp;", "&")
    };

    let html = page("period=7d").await;
    let next = format!("href=\"/campaigns/{id}?page=2&period=7d\" rel=\"next\"");
    assert!(html.contains(&next), "{next}:\n{html}");

    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let week_ago = today.checked_sub(jiff::Span::new().days(7)).unwrap();
    let range = format!("from={week_ago}&to={today}");
    let html = page(&format!("page=2&{range}")).await;
    let previous = format!("href=\"/campaigns/{id}?{range}\" rel=\"prev\"");
    assert!(html.contains(&previous), "{previous}:\n{html}");
    let back = format!("name=\"back\" value=\"/campaigns/{id}?page=2&{range}\"");
    assert!(html.contains(&back), "{back}:\n{html}");
    // The choices of period lead to their first page.
    assert!(html.contains(&format!("href=\"/campaigns/{id}?period=90d\"")));
    assert!(!html.contains("page=2&period="), "{html}");
}
both!(the_pages_of_links_keep_the_report_s_period);

/// Themes side by side are read, and copied, as a list: "mode, soldes", not "modesoldes".
async fn themes_are_separated_for_screen_readers_and_copies(app: &TestApp) {
    app.create_link(serde_json::json!({
        "url": "https://shop.example/t", "slug": "themed", "campaign": "Themed",
        "tags": ["mode", "soldes"]
    }))
    .await;
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let both = r#"<span class="tag">mode</span><span class="visually-hidden">, </span><span class="tag">soldes</span>"#;
    let (_, links) = b.page("/links").await;
    assert!(links.contains(both), "{links}");
    let (_, campaigns) = b.page("/campaigns").await;
    assert!(campaigns.contains(both), "{campaigns}");
    let id = id_after(&campaigns, "href=\"/campaigns/");
    let (_, campaign) = b.page(&format!("/campaigns/{id}")).await;
    assert!(campaign.contains(both), "{campaign}");
}
both!(themes_are_separated_for_screen_readers_and_copies);

/// Tables of figures say what they hold in a caption, in English (tests/browser.rs reads them
/// in French): the campaigns' list, a campaign's report (its name and period), the dashboard's.
async fn tables_of_figures_say_what_they_hold_in_a_caption(app: &TestApp) {
    app.create_link(serde_json::json!({
        "url": "https://shop.example/c", "slug": "captioned", "campaign": "Spring"
    }))
    .await;
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let caption = |text: &str| format!(r#"<caption class="visually-hidden">{text}"#);
    let (_, campaigns) = b.page("/campaigns").await;
    let list =
        caption("Every campaign, newest first, with its destination, tags, links and clicks<");
    assert!(campaigns.contains(&list), "{campaigns}");
    let id = id_after(&campaigns, "href=\"/campaigns/");
    let (_, campaign) = b.page(&format!("/campaigns/{id}")).await;
    let report =
        caption("Clicks, dark share, leakage and shares of the campaign Spring per channel, ");
    assert!(campaign.contains(&report), "{campaign}");
    let (_, dashboard) = b.page("/dashboard").await;
    for table in [
        "Clicks, dark share, leakage and shares detected per declared channel<",
        "Clicks by source and shares detected per country<",
        "Clicks by source and shares detected over the period, in time order<",
    ] {
        assert!(dashboard.contains(&caption(table)), "{table}");
    }
}
both!(tables_of_figures_say_what_they_hold_in_a_caption);
