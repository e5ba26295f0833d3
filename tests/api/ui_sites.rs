//! Settings → Sites (admins register a site and copy its snippet, change and delete it, each
//! mistake said in words) and the dashboard of a site and of one of its pages, with CSV.

use lanterne::auth::Role;
use serde_json::json;

use crate::both;
use crate::helpers::TestApp;
use crate::site_events::beacon;
use crate::sites::register;

async fn admins_register_sites_and_copy_their_snippet(app: &TestApp) {
    let marketer = app.signed_in("mark@example.com", Role::Marketer).await;
    let (status, html) = marketer.page("/settings/sites").await;
    assert_eq!(
        (
            status,
            html.contains("Only admins register or change sites")
        ),
        (403, true)
    );
    marketer
        .assert_refused(
            "/settings/sites",
            &[("name", "Mine"), ("domains", "mine.example")],
            403,
            "Only admins register or change sites",
        )
        .await;

    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let (status, html) = admin
        .submit(
            "/settings/sites",
            &[
                ("name", "Daily News"),
                ("domains", "news.example\r\nWWW.news.example:443"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let (_, list) = app.api(reqwest::Method::GET, "/sites", None).await;
    let site = &list["sites"][0];
    assert_eq!(site["domains"], json!(["news.example", "www.news.example"]));
    let key = site["key"].as_str().unwrap();
    let snippet = format!(
        "&#60;script defer src=&#34;{}/lanterne.js&#34; data-site=&#34;{key}&#34;&#62;&#60;/script&#62;",
        app.base
    );
    assert!(
        html.contains(&format!("<code>{snippet}</code>")),
        "shown: {html}"
    );
    assert!(
        html.contains(&format!("data-copy=\"{snippet}\"")),
        "ready to copy"
    );
    // Where the buttons go, and how to word them, said on the page itself.
    assert!(
        html.contains("<code>&lt;div id=\"share\"&gt;&lt;/div&gt;</code>"),
        "{html}"
    );
    assert!(html.contains("data-label-copy=") && html.contains("data-buttons-label="));
    let (_, french) = admin.page_in("fr-FR,fr;q=0.9", "/settings/sites").await;
    assert!(
        french.contains("Les boutons parlent la langue de la page"),
        "{french}"
    );
    assert!(html.contains(&format!(
        "script-src {}; connect-src {}",
        app.base, app.base
    )));

    // Each mistake in words, the form kept as typed.
    for (name, domains, status, why) in [
        ("", "a.example", 422, "Give the site a name."),
        (
            "Blog",
            "*.blog.example",
            422,
            "“*.blog.example” is a wildcard: list each subdomain on its own line.",
        ),
        (
            "Blog",
            "blog.example/posts",
            422,
            "“blog.example/posts” has a path: give the host name only, such as news.example.",
        ),
        (
            "Blog",
            " ",
            422,
            "List at least one domain, such as news.example.",
        ),
        (
            "Agence",
            "agence test.fr",
            422,
            "“agence” has no dot: give full host names",
        ),
        (
            "daily news",
            "other.example",
            409,
            "There is a site named “daily news” already. Choose another name.",
        ),
    ] {
        admin
            .assert_refused(
                "/settings/sites",
                &[("name", name), ("domains", domains)],
                status,
                why,
            )
            .await;
    }
    let response = admin
        .post(
            "/settings/sites",
            &[("name", "Blog"), ("domains", "blog.example/posts")],
        )
        .await;
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"value="Blog""#) && html.contains(">blog.example/posts</textarea>"));

    // Renamed and moved, then deleted.
    let id = site["id"].as_i64().unwrap();
    let path = format!("/settings/sites/{id}");
    admin
        .assert_refused(
            &path,
            &[("name", "Daily"), ("domains", "a.example b/c")],
            422,
            "“b/c” has a path",
        )
        .await;
    let (_, html) = admin
        .submit(&path, &[("name", "Daily"), ("domains", "daily.example")])
        .await;
    assert!(
        html.contains(">Daily</h2>") && html.contains("<code>daily.example</code>"),
        "{html}"
    );
    assert!(html.contains("The site&#39;s changes are saved."), "{html}");
    // The same domain on a second site: accepted, and said on both.
    let (_, html) = admin
        .submit(
            "/settings/sites",
            &[("name", "Daily bis"), ("domains", "daily.example")],
        )
        .await;
    assert!(
        html.contains("The site &#34;Daily bis&#34; is registered")
            || html.contains("The site \"Daily bis\" is registered"),
        "{html}"
    );
    assert!(html.contains("daily.example is also a domain of the site “Daily bis”"));
    assert!(html.contains("daily.example is also a domain of the site “Daily”"));
    let (_, list) = app.api(reqwest::Method::GET, "/sites", None).await;
    let bis = list["sites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Daily bis")
        .unwrap()["id"]
        .clone();
    let (_, html) = admin
        .submit(&format!("/settings/sites/{bis}/delete"), &[])
        .await;
    assert!(
        html.contains("Daily bis") && html.contains("was deleted"),
        "{html}"
    );
    assert!(!html.contains("is also a domain"));
    let (_, html) = admin.submit(&format!("{path}/delete"), &[]).await;
    assert!(html.contains("No site yet."));
    let gone = admin.post(&format!("{path}/delete"), &[]).await;
    assert_eq!(gone.status(), 404);
    // An address whose id is not a number names nothing: the app's page, not the router's.
    for (path, says) in [
        ("/settings/sites/abc", "There is no such site"),
        ("/settings/sites/abc/delete", "There is no such site"),
        ("/settings/webhooks/abc/delete", "There is no such webhook"),
        ("/settings/tokens/abc/revoke", "There is no such token"),
    ] {
        let refused = admin.post(path, &[("name", "Daily")]).await;
        assert_eq!(refused.status(), 404, "{path}");
        let html = refused.text().await.unwrap();
        assert!(
            html.contains(says) && !html.contains("Invalid URL"),
            "{path}: {html}"
        );
    }
}
both!(admins_register_sites_and_copy_their_snippet);

async fn a_sites_dashboard_answers_how_much_sharing_is_dark(app: &TestApp) {
    let site = register(app, "Daily News", &["news.example"]).await;
    let story = "https://news.example/2026/story";
    let home = "https://news.example/";
    let event = |fields: serde_json::Value| {
        let mut body = json!({ "site": site["key"], "event": "view", "url": story });
        body.as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        body
    };
    for body in [
        event(json!({ "id": "Reader0001" })),
        event(json!({ "id": "Friend0001", "parent": "Reader0001" })),
        event(json!({ "id": "Public0001", "referrer": "https://www.facebook.com/" })),
        event(json!({ "url": home, "id": "Homepage01" })),
        event(json!({ "event": "share", "channel": "whatsapp" })),
    ] {
        assert_eq!(beacon(app, body, &[]).await.0, 204);
    }
    let analyst = app.signed_in("ann@example.com", Role::Analyst).await;
    let path = format!("/dashboard/sites/{}", site["id"]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let html = loop {
        let (status, html) = analyst.page(&path).await;
        assert_eq!(status, 200);
        if html.contains("WhatsApp 1") || std::time::Instant::now() > deadline {
            break html;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    // 3 of 4 arrivals dark (no referrer), against the benchmark; the GA heuristic counts
    // the two direct arrivals on the deep URL, not the one on the home page.
    assert!(
        html.contains(r#"<span class="big">75%</span> of arrivals are dark"#),
        "{html}"
    );
    assert!(html.contains("benchmark 69%"));
    assert!(
        html.contains(r#"<span class="big">50%</span> of arrivals are “direct” on a deep URL"#)
    );
    // A share button by its channel's name, not the key the snippet sends.
    assert!(html.contains("WhatsApp 1") && !html.contains("whatsapp 1"));
    assert!(html.contains("1 copied address opened, 0 clicks on share-button links"));

    // In French, each count agrees with its words; the button's channel is named as in English.
    let (_, french) = analyst.page_in("fr-FR,fr;q=0.9", &path).await;
    assert!(french.contains("WhatsApp 1"), "{french}");
    assert!(
        french.contains(
            r#"<span class="big">1</span><br><span class="muted">adresse copiée puis ouverte</span>"#
        ),
        "{french}"
    );
    assert!(
        french.contains("1 adresse copiée puis ouverte, 0 clic sur les liens des boutons"),
        "{french}"
    );
    assert!(!french.contains("1 adresses") && !french.contains("0 clics"));
    // No view of a reader who asked not to be tracked: said as French says none.
    assert!(
        french.contains("aucune vue de lecteurs ayant demandé à ne pas être suivis."),
        "{french}"
    );
    // 1 arrival from 2 shares: below 2, French says it in the singular; English does not.
    assert!(
        french.contains("arrivée par partage") && !french.contains("arrivées par partage"),
        "{french}"
    );
    assert!(html.contains("arrivals per share"), "{html}");
    // The pages table's column holds a share, and says so; a page with no share has a dash.
    assert!(html.contains(">Dark share</th>") && french.contains(">Part du dark social</th>"));
    assert!(
        !html.contains("<td class=\"num\"></td>"),
        "no empty cell: {html}"
    );
    // A site with no arrival yet says so, rather than "– of arrivals are dark".
    let empty = register(app, "Empty", &["empty.example"]).await;
    let empty_path = format!("/dashboard/sites/{}", empty["id"]);
    let (_, html_empty) = analyst.page(&empty_path).await;
    assert!(
        html_empty.contains("no arrival yet in this period"),
        "{html_empty}"
    );
    assert!(!html_empty.contains("of arrivals are dark"));
    let (_, french_empty) = analyst.page_in("fr-FR,fr;q=0.9", &empty_path).await;
    assert!(french_empty.contains("aucune arrivée sur cette période"));

    // An address that names no site, or no table, answers the app's own page, in the
    // reader's language.
    for (path, says) in [
        ("/dashboard/sites/abc", "There is no such site"),
        (
            "/dashboard/sites/abc/export.csv?table=pages",
            "There is no such site",
        ),
        (
            &*format!("{empty_path}/export.csv"),
            "There is no such table",
        ),
    ] {
        let (status, html) = analyst.page(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(
            html.contains(says) && html.contains("<html"),
            "{path}: {html}"
        );
    }
    let (status, not_found) = analyst
        .page_in("fr-FR,fr;q=0.9", "/dashboard/sites/abc")
        .await;
    assert_eq!(status, 404);
    assert!(not_found.contains("lang=\"fr\""), "{not_found}");
    assert!(!not_found.contains("Invalid URL") && !not_found.contains("i64"));
    assert!(
        html.contains(&format!(r#"title="{story}""#)),
        "the pages table lists the story"
    );
    assert!(
        html.contains("<td>1</td><td class=\"num\">1</td>"),
        "one view of generation 1"
    );

    // One page's own dashboard, and the CSVs.
    let one = format!(
        "{path}?period=7d&page={}",
        story.replace(':', "%3A").replace('/', "%2F")
    );
    let (status, html) = analyst.page(&one).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!(r#"<strong title="{story}">"#)),
        "{html}"
    );
    assert!(html.contains(r#"<span class="big">67%</span> of arrivals are dark"#));
    let csv = async |table: &str| {
        analyst
            .page(&format!("{path}/export.csv?table={table}&period=7d"))
            .await
    };
    // In English: comma-separated, no BOM, the page's headers, ratios of four decimals.
    let (status, pages) = csv("pages").await;
    assert_eq!(status, 200);
    assert!(!pages.starts_with('\u{feff}'), "{pages}");
    let mut lines = pages.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("Page,Views,Arrivals,Dark,Public,Search,Referral,"),
        "{pages}"
    );
    assert!(
        pages.contains(&format!("{story},3,3,2,1,0,0,0,0,0.6667,2,2,1,1,0,1,0,")),
        "{pages}"
    );
    assert!(pages.contains(&format!("{home},1,1,1,0")));
    let (_, generations) = csv("generations").await;
    assert_eq!(generations, "Generation,Views\n0,3\n1,1\n");
    // Methods and buttons named as the page names them, as the dashboard's CSV names channels.
    let (_, shares) = csv("shares").await;
    assert_eq!(
        shares,
        "Method,Channel,Shares\nAddress bar,,1\nCopies,,0\nShare buttons,WhatsApp,1\n"
    );
    // In French: what French Excel opens in columns, with a BOM, `;` and decimal commas.
    let french = async |table: &str| {
        let response = analyst
            .request(
                reqwest::Method::GET,
                &format!("{path}/export.csv?table={table}&period=7d"),
            )
            .header("accept-language", "fr-FR,fr;q=0.9")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
        String::from_utf8(bytes[3..].to_vec()).unwrap()
    };
    let pages = french("pages").await;
    assert!(
        pages.starts_with(
            "Page;Vues;Arrivées;Dark social;Publics;Recherche;Référents;Depuis les pages du site;"
        ),
        "{pages}"
    );
    assert!(
        pages.contains(&format!("{story};3;3;2;1;0;0;0;0;0,6667;2;2;1;1;0;1;0;")),
        "{pages}"
    );
    assert_eq!(french("generations").await, "Génération;Vues\n0;3\n1;1\n");
    assert_eq!(
        french("shares").await,
        "Méthode;Canal;Partages\nBarre d’adresse;;1\nCopies;;0\nBoutons de partage;WhatsApp;1\n"
    );
    let (status, _) = csv("nothing").await;
    assert_eq!(status, 404);
    let (status, _) = analyst.page("/dashboard/sites/99999").await;
    assert_eq!(status, 404);
    let (_, list) = analyst.page("/dashboard/sites").await;
    assert!(list.contains(&format!(r#"<a href="{path}">Daily News</a>"#)));
}
both!(a_sites_dashboard_answers_how_much_sharing_is_dark);

/// A site's dashboard's tables say what they hold in a caption, in English and French (the
/// UTM table's when it is asked for; each table, even empty, keeps its caption).
async fn a_sites_tables_say_what_they_hold_in_a_caption(app: &TestApp) {
    let site = register(app, "Daily News", &["news.example"]).await;
    let analyst = app.signed_in("ann@example.com", Role::Analyst).await;
    let path = format!("/dashboard/sites/{}?utm=1", site["id"]);
    let caption = |text: &str| format!(r#"<caption class="visually-hidden">{text}</caption>"#);
    for (language, captions) in [
        (
            "en",
            [
                "Views per generation of shares, and each generation's share of the views",
                "Views, arrivals and dark social views per UTM source, medium and campaign",
                "Views, arrivals, dark share, shares by method and arrivals per share of each page",
            ],
        ),
        (
            "fr-FR,fr;q=0.9",
            [
                "Vues par génération de partage, et la part des vues de chaque génération",
                "Vues, arrivées et vues dark social par source, support et campagne UTM",
                // Not "arrivées par partage": a figure's label, whose number the page agrees.
                "Pour chaque page\u{a0}: vues, arrivées, part du dark social, partages par méthode et arrivées rapportées aux partages",
            ],
        ),
    ] {
        let (status, html) = analyst.page_in(language, &path).await;
        assert_eq!(status, 200);
        let html = html.replace("&#39;", "'");
        for table in captions {
            assert!(
                html.contains(&caption(table)),
                "{language}: {table}: {html}"
            );
        }
    }
}
both!(a_sites_tables_say_what_they_hold_in_a_caption);
