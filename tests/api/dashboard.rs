//! The dashboard and pages as people read them, and their CSV as programs read it: channel
//! labels, top links with their campaign and channel, raw CSV values, the grain the stats API
//! names, one tags field, no rows of bots only, a live view that keeps the filters, and a
//! link filter that names no link.

use lanterne::auth::Role;
use lanterne::config::ServeArgs;
use lanterne::hits::HitRow;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::{Backend, Browser, Hit, TestApp, fresh_database, hit, serve_args};

/// A click an hour ago on the link `link_id`, from a mobile in GB, one visitor per link.
fn click(link_id: i64) -> Hit {
    hit(link_id).visitor(link_id).device("mobile").country("GB")
}

/// Links of the campaign "Spring sale", one per `(slug, channel)`, with `hits` stored for
/// them (each hit built for the link's position in `links`).
async fn links_with_hits(
    app: &TestApp,
    links: &[(&str, &str)],
    hits: impl Fn(usize, i64) -> Vec<HitRow>,
) {
    let mut rows = Vec::new();
    for (i, (slug, channel)) in links.iter().enumerate() {
        app.create_link(json!({ "url": "https://shop.example/", "slug": slug,
                                "campaign": "Spring sale", "channel": channel, "tags": ["offers"] }))
            .await;
        rows.extend(hits(i, app.link_id(slug).await));
    }
    app.insert_hits(&rows).await;
}

/// The HTML of the dashboard's table `id`.
fn table<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"t-{id}\""))
        .unwrap_or_else(|| panic!("no table {id}"));
    let end = html[start..].find("</section>").unwrap() + start;
    &html[start..end]
}

/// A dashboard table's CSV export, as rows of fields.
async fn csv(browser: &Browser, query: &str) -> Vec<Vec<String>> {
    let response = browser.get(&format!("/dashboard/export.csv?{query}")).await;
    assert_eq!(response.status(), 200, "{query}");
    let body = response.text().await.unwrap();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

async fn channels_show_their_labels(app: &TestApp) {
    let b = app.signed_in("ana@example.com", Role::Analyst).await;
    let links = [("q", "qr"), ("c", "copy-link"), ("w", "whatsapp")];
    links_with_hits(app, &links, |_, id| vec![click(id).row()]).await;

    let (status, html) = b.page("/dashboard?period=7d&channel=copy-link").await;
    assert_eq!(status, 200);
    // The filter offers labels and keeps keys as its values.
    assert!(
        html.contains(r#"<option value="copy-link" selected>Copy link</option>"#),
        "{html}"
    );
    assert!(html.contains(r#"<option value="qr" >QR / print</option>"#));
    assert!(!html.contains(">copy-link</option>"));
    let (_, html) = b.page("/dashboard?period=7d").await;
    let channels = table(&html, "channels");
    for label in ["QR / print", "Copy link", "WhatsApp"] {
        assert!(
            channels.contains(&format!(r#"data-label="Channel">{label}</td>"#)),
            "{channels}"
        );
    }
    assert!(!channels.contains(">copy-link</td>") && !channels.contains(">qr</td>"));

    let (_, list) = b.page("/links").await;
    assert!(list.contains("Spring sale · Copy link"), "{list}");
    assert!(list.contains("Spring sale · WhatsApp") && !list.contains("Spring sale · qr"));

    // The CSV names channels as the page does; the API carries the keys.
    let rows = csv(&b, "table=channels&period=7d").await;
    assert!(rows.iter().any(|r| r[0] == "Copy link"), "{rows:?}");
    assert!(!rows.iter().any(|r| r[0] == "copy-link"), "{rows:?}");
    let (_, stats) = app
        .api(
            reqwest::Method::GET,
            "/stats?period=7d&group_by=channel",
            None,
        )
        .await;
    assert!(
        stats["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["key"] == "copy-link")
    );
}
both!(channels_show_their_labels);

async fn a_french_dashboard_names_channels_devices_and_countries_in_french(app: &TestApp) {
    let b = app.signed_in("ana@example.com", Role::Analyst).await;
    let links = [("q", "qr"), ("c", "copy-link"), ("o", "other")];
    // A click from a desktop in France, one from a phone of no known country, and a
    // preview whose platform is not known.
    links_with_hits(app, &links, |i, id| match i {
        0 => vec![click(id).device("desktop").country("FR").row()],
        1 => vec![hit(id).visitor(9).device("mobile").row()],
        _ => vec![hit(id).kind("preview").row()],
    })
    .await;
    let french = "fr-FR,fr;q=0.9";
    let (status, html) = b.page_in(french, "/dashboard?period=7d&channel=qr").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"<option value="qr" selected>QR / imprimé</option>"#),
        "{html}"
    );
    assert!(html.contains(r#"<option value="copy-link" >Copie du lien</option>"#));

    let (_, html) = b.page_in(french, "/dashboard?period=7d").await;
    let channels = table(&html, "channels");
    for name in ["QR / imprimé", "Copie du lien", "Autre"] {
        assert!(
            channels.contains(&format!(r#"data-label="Canal">{name}</td>"#)),
            "{channels}"
        );
    }
    assert!(!channels.contains("QR / print") && !channels.contains("Copy link"));
    let devices = table(&html, "devices");
    assert!(devices.contains(">Ordinateur</td>") && devices.contains(">Mobile</td>"));
    assert!(!devices.contains(">desktop</td>"), "{devices}");
    let countries = table(&html, "countries");
    assert!(countries.contains(">(inconnu)</td>"), "{countries}");
    assert!(countries.contains(">France</td>"), "{countries}");
    assert!(!html.contains("(unknown)"), "{html}");
    let (_, english) = b.page("/dashboard?period=7d").await;
    assert!(table(&english, "countries").contains(">France</td>"));
    // What people never see is in French too: the overview's name, the bar's.
    assert!(html.contains(r#"aria-label="Vue d’ensemble""#), "{html}");
    assert!(html.contains(r#"aria-label="Clics du dark social, publics, de recherche"#));
    assert!(!html.contains(r#"aria-label="Overview""#));

    // The CSV names values as the page does, in its reader's language (English here).
    let rows = csv(&b, "table=devices&period=7d").await;
    assert!(rows.iter().any(|r| r[0] == "Desktop"), "{rows:?}");
    let rows = csv(&b, "table=countries&period=7d").await;
    assert!(rows.iter().any(|r| r[0] == "France"), "{rows:?}");
    assert!(rows.iter().any(|r| r[0] == "(unknown)"), "{rows:?}");
    let rows = csv(&b, "table=channels&period=7d").await;
    assert!(rows.iter().any(|r| r[0] == "QR / print"), "{rows:?}");
}
both!(a_french_dashboard_names_channels_devices_and_countries_in_french);

async fn top_links_name_their_campaign_and_channel(app: &TestApp) {
    let b = app.signed_in("ana@example.com", Role::Analyst).await;
    links_with_hits(app, &[("wa-spring", "whatsapp")], |_, id| {
        vec![click(id).row()]
    })
    .await;
    let (_, html) = b.page("/dashboard?period=7d").await;
    let links = table(&html, "links");
    assert!(
        links.contains(
            r#"<td data-label="Link"><a href="/dashboard?period=7d&#38;link=wa-spring">wa-spring</a></td><td data-label="Campaign">Spring sale</td><td data-label="Channel">WhatsApp</td>"#
        ),
        "{links}"
    );
    // The row's link opens that link's own dashboard.
    let (status, one) = b.page("/dashboard?period=7d&link=wa-spring").await;
    assert_eq!(status, 200);
    assert!(one.contains("Recent hits of this link"));
    let rows = csv(&b, "table=links&period=7d").await;
    assert_eq!(rows[0][..4], ["Link", "Campaign", "Channel", "Clicks"]);
    assert_eq!(rows[1][..4], ["wa-spring", "Spring sale", "WhatsApp", "1"]);
}
both!(top_links_name_their_campaign_and_channel);

async fn csv_exports_carry_raw_values(app: &TestApp) {
    let b = app.signed_in("ana@example.com", Role::Analyst).await;
    // Facebook: 1,500 dark and 1,000 public clicks (60 % dark, leaking); WhatsApp: two
    // previews and no click (no dark share, and leakage is for public channels only).
    links_with_hits(app, &[("fb", "facebook"), ("wa", "whatsapp")], |i, id| {
        if i == 0 {
            let mut rows = click(id).times(1_500);
            rows.extend(click(id).source("public").platform("facebook").times(1_000));
            rows
        } else {
            click(id).kind("preview").platform("whatsapp").times(2)
        }
    })
    .await;
    let (_, html) = b.page("/dashboard?period=7d").await;
    let channels = table(&html, "channels");
    assert!(
        channels.contains("2,500") && channels.contains("60%"),
        "the page formats"
    );

    let rows = csv(&b, "table=channels&period=7d").await;
    assert_eq!(
        rows[1],
        ["Facebook", "public", "2500", "0.6", "0.6", "0", ""],
        "{rows:?}"
    );
    assert_eq!(
        rows[2],
        ["WhatsApp", "private", "0", "", "", "2", "WhatsApp=2"],
        "{rows:?}"
    );
    // No table's CSV holds a formatted number, a percent sign or a dash for nothing.
    for id in [
        "channels",
        "themes",
        "campaigns",
        "devices",
        "countries",
        "cities",
        "referrers",
        "platforms",
        "links",
        "days",
        "recent",
    ] {
        let rows = csv(&b, &format!("table={id}&period=7d&link=fb")).await;
        for cell in rows.iter().skip(1).flatten() {
            let grouped_digits = cell.len() > 3
                && cell.contains(',')
                && cell.chars().all(|c| c.is_ascii_digit() || c == ',');
            assert!(
                !cell.contains('%') && !cell.contains('–') && !grouped_digits,
                "{id}: {cell:?}"
            );
        }
    }
    let recent = csv(&b, "table=recent&period=7d&link=fb").await;
    let at = &recent[1][0];
    assert!(
        at.parse::<jiff::Timestamp>().is_ok(),
        "a hit's time is RFC 3339: {at}"
    );
}
both!(csv_exports_carry_raw_values);

async fn stats_api_names_the_hour_grain(app: &TestApp) {
    let (status, hourly) = app
        .api(reqwest::Method::GET, "/stats?period=24h&group_by=day", None)
        .await;
    assert_eq!(status, 200, "{hourly}");
    assert_eq!(hourly["group_by"], "hour");
    assert_eq!(hourly["rows"].as_array().unwrap().len(), 24);
    let (_, by_default) = app
        .api(reqwest::Method::GET, "/stats?period=24h", None)
        .await;
    assert_eq!(by_default["group_by"], "hour");
    let (_, daily) = app
        .api(reqwest::Method::GET, "/stats?period=7d&group_by=day", None)
        .await;
    assert_eq!(daily["group_by"], "day");
    assert_eq!(daily["rows"].as_array().unwrap().len(), 7);
    // Hours may be asked by name, for the one period counted by hour.
    let (status, hours) = app
        .api(
            reqwest::Method::GET,
            "/stats?period=24h&group_by=hour",
            None,
        )
        .await;
    assert_eq!(status, 200, "{hours}");
    assert_eq!(hours["group_by"], "hour");
    assert_eq!(hours["rows"], hourly["rows"]);
    let (status, refused) = app
        .api(reqwest::Method::GET, "/stats?period=7d&group_by=hour", None)
        .await;
    assert_eq!(status, 422);
    assert!(
        refused["error"].as_str().unwrap().contains("period=24h"),
        "{refused}"
    );

    let openapi: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let group_by = &openapi["components"]["schemas"]["Stats"]["properties"]["group_by"];
    let pattern = group_by["pattern"].as_str().unwrap_or_default();
    assert!(
        pattern.contains("hour")
            && group_by["description"]
                .as_str()
                .unwrap_or("")
                .contains("hour"),
        "{group_by}"
    );
}
both!(stats_api_names_the_hour_grain);

/// The label and help of the tags field of every form.
const TAGS_FIELD: &str =
    r#"<label for="tags">Tags <span class="muted">(comma-separated themes)</span></label>"#;

async fn the_tags_field_reads_the_same_everywhere(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    app.create_link(
        json!({ "url": "https://shop.example/", "slug": "t1", "campaign": "Spring sale" }),
    )
    .await;
    let (_, campaigns) = b.page("/campaigns").await;
    let campaign = format!(
        "/campaigns/{}",
        crate::helpers::id_after(&campaigns, "/campaigns/")
    );
    for path in ["/links", "/links/kit", "/links/t1/edit", campaign.as_str()] {
        let (status, html) = b.page(path).await;
        assert_eq!(status, 200, "{path}");
        assert!(html.contains(TAGS_FIELD), "{path}: {html}");
        assert!(
            !html.contains("Themes (tags)") && !html.contains(">Theme<"),
            "{path}"
        );
    }
    let (_, links) = b.page("/links").await;
    assert!(links.contains(r#"<label for="f-tag">Tags</label>"#));
    let (_, dashboard) = b.page("/dashboard").await;
    assert!(dashboard.contains(r#"<label for="tag">Tags</label>"#));
}
both!(the_tags_field_reads_the_same_everywhere);

async fn rows_of_bots_only_are_not_listed(app: &TestApp) {
    let b = app.signed_in("ana@example.com", Role::Analyst).await;
    // Three dark clicks from WhatsApp in GB; four hits of a crawler, all from the US.
    links_with_hits(app, &[("w", "whatsapp")], |_, id| {
        let mut rows = click(id).platform("whatsapp").times(3);
        rows.extend(
            click(id)
                .kind("bot")
                .platform("crawlerco")
                .country("US")
                .times(4),
        );
        rows
    })
    .await;
    for query in ["period=7d", "period=7d&automated=true"] {
        let (_, html) = b.page(&format!("/dashboard?{query}")).await;
        let platforms = table(&html, "platforms");
        // The platform's label on the page and in CSV.
        assert!(
            platforms.contains(r#"data-label="Platform">WhatsApp</td>"#),
            "{platforms}"
        );
        assert!(!platforms.contains("crawlerco"), "{query}: {platforms}");
        let countries = table(&html, "countries");
        assert!(
            countries.contains(r#"data-label="Country">United Kingdom</td>"#)
                && !countries.contains(">United States</td>"),
            "{countries}"
        );
        let rows = csv(&b, &format!("table=platforms&{query}")).await;
        assert!(rows.iter().all(|r| r[0] != "crawlerco"), "{rows:?}");
        assert!(rows.iter().any(|r| r[0] == "WhatsApp"), "{rows:?}");
    }
    // The API's rows carry bots in their own column, so there the crawler is counted.
    let (_, stats) = app
        .api(
            reqwest::Method::GET,
            "/stats?period=7d&group_by=platform",
            None,
        )
        .await;
    let crawler = stats["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "crawlerco")
        .cloned()
        .expect("the API lists the crawler");
    assert_eq!(
        (crawler["bots"].clone(), crawler["clicks"].clone()),
        (json!(4), json!(0))
    );
}
both!(rows_of_bots_only_are_not_listed);

/// "Right now" counts the last 30 minutes of what the dashboard's filters choose.
async fn the_live_view_keeps_the_filters(app: &TestApp) {
    let b = app.signed_in("ana@example.com", Role::Analyst).await;
    let recently = lanterne::clock::now_ms() - 5 * 60_000;
    let mut rows = Vec::new();
    for (slug, campaign, clicks) in [
        ("live-spring", "Spring sale", 3),
        ("live-autumn", "Autumn", 2),
    ] {
        app.create_link(
            json!({ "url": "https://shop.example/", "slug": slug, "campaign": campaign,
                                "channel": "whatsapp" }),
        )
        .await;
        let id = app.link_id(slug).await;
        rows.extend(hit(id).at(recently).source("dark").times(clicks));
    }
    app.insert_hits(&rows).await;
    let clicks = |html: &str| {
        let start = html.find("<span class=\"big\">").expect("a count") + 18;
        html[start..].split('<').next().unwrap().to_owned()
    };
    let (_, all) = b.page("/dashboard/live").await;
    assert_eq!(clicks(&all), "5", "{all}");
    let (_, spring) = b
        .page("/dashboard/live?campaign=Spring+sale&period=7d")
        .await;
    assert_eq!(clicks(&spring), "3", "{spring}");
    // The dashboard asks for its live view with its own filters.
    let (_, page) = b.page("/dashboard?campaign=Autumn").await;
    assert!(
        page.contains("data-live=\"/dashboard/live?campaign=Autumn\""),
        "{page}"
    );
}
both!(the_live_view_keeps_the_filters);

/// The live view opened as a page (scripts off, or its link followed) is a whole page in the
/// app's layout that reloads itself; the dashboard's script, which says so, gets the fragment.
async fn the_live_view_opened_as_a_page_is_a_whole_page(app: &TestApp) {
    let b = app.signed_in("ana@example.com", Role::Analyst).await;
    app.create_link(json!({ "url": "https://shop.example/", "slug": "live-page" }))
        .await;
    let id = app.link_id("live-page").await;
    let recently = lanterne::clock::now_ms() - 5 * 60_000;
    app.insert_hits(&hit(id).at(recently).source("dark").times(4))
        .await;

    let (status, page) = b
        .page_in("fr-FR,fr;q=0.9", "/dashboard/live?period=7d")
        .await;
    assert_eq!(status, 200);
    for part in [
        "<meta name=\"viewport\"",
        "<meta http-equiv=\"refresh\" content=\"10\">",
        "<h1>30 dernières minutes</h1>",
        "<a href=\"/dashboard?period=7d\">Retour au tableau de bord</a>",
        "<span class=\"big\">4</span>",
    ] {
        assert!(page.contains(part), "{part} missing from {page}");
    }

    let response = b
        .request(reqwest::Method::GET, "/dashboard/live?period=7d")
        .header("lanterne-fragment", "1")
        .send()
        .await
        .unwrap();
    assert!(
        response.headers()["vary"]
            .to_str()
            .unwrap()
            .contains("lanterne-fragment"),
        "{:?}",
        response.headers()
    );
    let fragment = response.text().await.unwrap();
    assert!(
        fragment.starts_with("<p><span class=\"big\">4</span>"),
        "{fragment}"
    );
    assert!(!fragment.contains("<html"), "{fragment}");
}
both!(the_live_view_opened_as_a_page_is_a_whole_page);

/// Each minute of the live table adds up as the headline does: search and referral clicks
/// have their own columns.
async fn the_live_table_shows_every_class_the_headline_counts(app: &TestApp) {
    let b = app.signed_in("ana@example.com", Role::Analyst).await;
    app.create_link(json!({ "url": "https://shop.example/", "slug": "live-all" }))
        .await;
    let id = app.link_id("live-all").await;
    let minute = (lanterne::clock::now_ms() - 5 * 60_000) / 60_000 * 60_000;
    let mut rows = hit(id).at(minute).source("dark").times(3);
    rows.extend(hit(id).at(minute + 1_000).source("public").times(2));
    rows.extend(hit(id).at(minute + 2_000).source("search").times(1));
    rows.extend(hit(id).at(minute + 3_000).source("referral").times(4));
    app.insert_hits(&rows).await;
    let (_, live) = b.page("/dashboard/live").await;
    assert!(live.contains("<span class=\"big\">10</span>"), "{live}");
    assert!(
        live.contains("<th class=\"num\">Search</th><th class=\"num\">Referral</th>"),
        "{live}"
    );
    assert!(
        live.contains(
            "<td class=\"num\">3</td><td class=\"num\">2</td>\
             <td class=\"num\">1</td><td class=\"num\">4</td></tr>"
        ),
        "{live}"
    );
}
both!(the_live_table_shows_every_class_the_headline_counts);

async fn a_link_filter_naming_no_link_says_so(app: &TestApp) {
    app.create_link(json!({ "url": "https://shop.example/", "slug": "quiet" }))
        .await;
    let analyst = app.signed_in("analyst@example.com", Role::Analyst).await;
    let (status, french) = analyst
        .page_in("fr-FR,fr;q=0.9", "/dashboard?link=nope")
        .await;
    assert_eq!(status, 404);
    assert!(
        french.contains("Aucun lien n’a pour identifiant «\u{a0}nope\u{a0}»\u{a0}: vérifiez-le"),
        "{french}"
    );
    assert!(
        !french.contains("nothing-yet"),
        "not \"nothing yet\": {french}"
    );
    let (_, english) = analyst.page_in("en", "/dashboard?link=nope").await;
    assert!(
        english.contains("No link has the slug &#34;nope&#34;"),
        "{english}"
    );
    // A link that is there but has no clicks yet is another matter.
    let (_, quiet) = analyst.page_in("en", "/dashboard?link=quiet").await;
    assert!(!quiet.contains("No link has"), "{quiet}");
    assert!(quiet.contains("nothing-yet"), "{quiet}");
}
both!(a_link_filter_naming_no_link_says_so);

/// One click is "1 click", "1 unique visitor", "1 dark click" in its bar's tooltip, in both
/// languages; more are plural.
async fn counts_on_the_dashboard_take_their_plural(app: &TestApp) {
    let b = app.signed_in("ana@example.com", Role::Analyst).await;
    for slug in ["one-click", "two-clicks"] {
        app.create_link(json!({ "url": "https://shop.example/", "slug": slug }))
            .await;
    }
    let one = app.link_id("one-click").await;
    let two = app.link_id("two-clicks").await;
    let mut rows = vec![hit(one).visitor(1).row()];
    rows.extend([hit(two).visitor(2).row(), hit(two).visitor(3).row()]);
    app.insert_hits(&rows).await;

    let (_, english) = b.page("/dashboard?link=one-click").await;
    for says in [
        "1 unique visitor<",
        "No referrer at all: 1 click.",
        ": 1 dark click</title>",
    ] {
        assert!(english.contains(says), "{says}: {english}");
    }
    let (_, french) = b
        .page_in("fr-FR,fr;q=0.9", "/dashboard?link=one-click")
        .await;
    for says in [
        "1 visiteur unique<",
        "Sans aucun référent\u{a0}: 1 clic.",
        "\u{a0}: 1 clic du dark social</title>",
    ] {
        assert!(french.contains(says), "{says}: {french}");
    }
    let (_, english) = b.page("/dashboard?link=two-clicks").await;
    for says in ["2 unique visitors<", "No referrer at all: 2 clicks."] {
        assert!(english.contains(says), "{says}: {english}");
    }
    let (_, french) = b
        .page_in("fr-FR,fr;q=0.9", "/dashboard?link=two-clicks")
        .await;
    for says in [
        "2 visiteurs uniques<",
        "\u{a0}: 2 clics du dark social</title>",
    ] {
        assert!(french.contains(says), "{says}: {french}");
    }
}
both!(counts_on_the_dashboard_take_their_plural);

/// Against a period before with nothing, a figure is new ("new: +2"), or still none; never
/// "against 0".
async fn a_figure_with_nothing_before_says_it_is_new(app: &TestApp) {
    let b = app.signed_in("ana@example.com", Role::Analyst).await;
    app.create_link(json!({ "url": "https://shop.example/", "slug": "fresh" }))
        .await;
    let id = app.link_id("fresh").await;
    app.insert_hits(&hit(id).times(2)).await;

    let (_, english) = b.page("/dashboard?link=fresh&period=7d").await;
    assert!(
        english.contains("<span aria-hidden=\"true\">▲</span> new: +2, none before"),
        "{english}"
    );
    assert!(english.contains("still none"), "{english}");
    assert!(!english.contains("against 0"), "{english}");
    let (_, french) = b
        .page_in("fr-FR,fr;q=0.9", "/dashboard?link=fresh&period=7d")
        .await;
    assert!(
        french.contains("nouveau\u{a0}: +2, rien sur la période précédente"),
        "{french}"
    );
    assert!(french.contains("toujours rien"), "{french}");
    assert!(!french.contains("par rapport à 0"), "{french}");
}
both!(a_figure_with_nothing_before_says_it_is_new);

/// One link's dashboard names its destination as the links list and the address bar write
/// it, not percent-encoded as it is stored.
async fn one_link_s_destination_reads_as_typed(app: &TestApp) {
    app.create_link(json!({ "url": "https://shop.example/offre-été?réf=1", "slug": "ete" }))
        .await;
    let b = app.signed_in("ana@example.com", Role::Analyst).await;
    let (_, page) = b.page("/dashboard?link=ete").await;
    assert!(
        page.contains("https://shop.example/offre-été?réf=1"),
        "{page}"
    );
    assert!(!page.contains("%C3%A9"), "{page}");
}
both!(one_link_s_destination_reads_as_typed);

/// With the built-in database, which gives countries only, the cities table says why it is
/// empty beside a full table of countries, rather than "nothing in this period".
async fn without_a_city_database_the_cities_table_says_why_it_is_empty(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let args = ServeArgs {
        geoip_db: None,
        ..serve_args()
    };
    let app = TestApp::spawn_on(&database_url, args).await;
    app.create_link(json!({"url": "https://shop.example/", "slug": "fr"}))
        .await;
    let id = app.link_id("fr").await;
    app.insert_hits(&click(id).country("FR").times(2)).await;
    let analyst = app.signed_in("ana@example.com", Role::Analyst).await;
    let (_, english) = analyst.page_in("en", "/dashboard?period=7d").await;
    let cities = &english[english.find(r#"id="t-cities""#).unwrap()..];
    let cities = &cities[..cities.find("</section>").unwrap()];
    assert!(
        cities.contains("No cities: the geolocation database in use gives countries only"),
        "{cities}"
    );
    assert!(!cities.contains("Nothing in this period."), "{cities}");
    let (_, french) = analyst.page_in("fr", "/dashboard?period=7d").await;
    assert!(
        french.contains(
            "Villes inconnues\u{a0}: la base de géolocalisation utilisée ne donne que le pays"
        ),
        "{french}"
    );
    app.stop().await;
}
both!(
    without_a_city_database_the_cities_table_says_why_it_is_empty,
    backend
);
