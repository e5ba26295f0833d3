//! Channels admins add to the catalogue: admins only (pages and API), offered by the share
//! kit and the link forms, their reach stored for the dashboard and the UTM medium, and the
//! gender of their label for French wording.

use lanterne::auth::Role;
use lanterne::db::Db;
use lanterne::links::channels::Reach;
use serde_json::json;

use crate::both;
use crate::helpers::{TestApp, execute, hit};

async fn only_admins_add_channels(app: &TestApp) {
    let marketer = app.signed_in("mark@example.com", Role::Marketer).await;
    let who = "Only admins add or remove channels";
    let (status, html) = marketer.page("/settings/channels").await;
    assert_eq!((status, html.contains(who)), (403, true));
    let form = [
        ("key", "intranet"),
        ("label", "Intranet"),
        ("reach", "private"),
    ];
    marketer
        .assert_refused("/settings/channels", &form, 403, who)
        .await;
    let token = app.token_with_role(Role::Marketer).await;
    let body = json!({ "key": "intranet", "label": "Intranet", "reach": "private" });
    let (status, error) = app
        .api_as(&token, reqwest::Method::POST, "/channels", Some(body))
        .await;
    assert_eq!(status, 403);
    assert_eq!(error["error"], "only admin tokens may add channels");
    let (status, _) = app
        .api_as(&token, reqwest::Method::DELETE, "/channels/intranet", None)
        .await;
    assert_eq!(status, 403);
    let (status, catalogue) = app
        .api_as(&token, reqwest::Method::GET, "/channels", None)
        .await;
    assert_eq!(status, 200, "anyone may read the catalogue");
    assert_eq!(catalogue["channels"].as_array().unwrap().len(), 18);

    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let add = async |key: &str, label: &str, reach: &str, status: u16, why: &str| {
        let form = [("key", key), ("label", label), ("reach", reach)];
        admin
            .assert_refused("/settings/channels", &form, status, why)
            .await;
    };
    let form = [
        ("key", "intranet"),
        ("label", "Staff intranet"),
        ("reach", "private"),
    ];
    assert_eq!(admin.post("/settings/channels", &form).await.status(), 303);
    add(
        "intranet",
        "Again",
        "public",
        409,
        "There is a channel &#34;intranet&#34; already.",
    )
    .await;
    add(
        "whatsapp",
        "Mine",
        "private",
        422,
        "is a built-in channel already",
    )
    .await;
    add(
        "Not ok!",
        "Bad",
        "private",
        422,
        "may only hold letters a-z",
    )
    .await;
    add(
        "ok",
        "Ok",
        "dark",
        422,
        "The reach must be private, public or other",
    )
    .await;
    let body = json!({ "key": "podcast", "label": "Podcast", "reach": "public" });
    let (status, podcast) = app
        .api(reqwest::Method::POST, "/channels", Some(body))
        .await;
    assert_eq!(status, 201);
    assert_eq!(
        podcast,
        json!({ "key": "podcast", "label": "Podcast", "reach": "public", "custom": true, "gender": "masculine" })
    );

    // The share kit and the link forms offer them; their links get their medium.
    let (_, kit) = marketer.page("/links/kit").await;
    assert!(kit.contains("value=\"intranet\"") && kit.contains("Staff intranet"));
    assert!(
        marketer
            .page("/links")
            .await
            .1
            .contains("<option value=\"podcast\"")
    );
    let form = [
        ("campaign", "Staff news"),
        ("url", "https://corp.example/news"),
        ("utm", "on"),
        ("channel", "intranet"),
        ("channel", "podcast"),
    ];
    assert_eq!(marketer.post("/links/kit", &form).await.status(), 201);
    let (_, list) = app
        .api(reqwest::Method::GET, "/links?campaign=Staff%20news", None)
        .await;
    let medium = |channel: &str| {
        let link = list["links"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["channel"] == channel)
            .unwrap();
        link["url"]
            .as_str()
            .unwrap()
            .split("utm_medium=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        (medium("intranet").as_str(), medium("podcast").as_str()),
        ("messaging", "social")
    );

    // The reach is stored: the dashboard reads it from the catalogue.
    let db = Db::connect(&app.database_url).await.unwrap();
    let catalogue = db.channel_catalogue().await.unwrap();
    assert_eq!(catalogue.reach("intranet"), Reach::Private);
    assert_eq!(catalogue.reach("podcast"), Reach::Public);
    assert_eq!(catalogue.reach("whatsapp"), Reach::Private);
    assert_eq!(catalogue.all().len(), 20);
    db.close().await;

    // Removing: built-in ones cannot be; a removed one counts as "other".
    let (status, _) = app
        .api(reqwest::Method::DELETE, "/channels/whatsapp", None)
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        app.api(reqwest::Method::DELETE, "/channels/podcast", None)
            .await
            .0,
        204
    );
    assert_eq!(
        app.api(reqwest::Method::DELETE, "/channels/podcast", None)
            .await
            .0,
        404
    );
    let response = admin.post("/settings/channels/intranet/delete", &[]).await;
    assert_eq!(response.status(), 303);
    let db = Db::connect(&app.database_url).await.unwrap();
    assert_eq!(
        db.channel_catalogue().await.unwrap().reach("intranet"),
        Reach::Other
    );
    db.close().await;
}
both!(only_admins_add_channels);

async fn a_label_that_makes_no_key_asks_for_one(app: &TestApp) {
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let form = [("key", ""), ("label", "!!!"), ("reach", "private")];
    admin
        .assert_refused(
            "/settings/channels",
            &form,
            422,
            "The label &#34;!!!&#34; gives no usable key (letters a-z, digits and -): type a key.",
        )
        .await;
    let response = admin.post_in("fr", "/settings/channels", &form).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Le libellé «\u{a0}!!!\u{a0}» ne donne aucune clé utilisable"),
        "{html}"
    );
    assert!(!html.contains("1 à 32 caractères"), "{html}");
    // Neither key nor label: the label is what is missing.
    let form = [("key", ""), ("label", " "), ("reach", "private")];
    admin
        .assert_refused(
            "/settings/channels",
            &form,
            422,
            "Give the channel a label.",
        )
        .await;
    // A key typed by hand is still told it is too long.
    let long = "k".repeat(33);
    let form = [
        ("key", long.as_str()),
        ("label", "!!!"),
        ("reach", "private"),
    ];
    admin
        .assert_refused("/settings/channels", &form, 422, "1 to 32 characters")
        .await;
}
both!(a_label_that_makes_no_key_asks_for_one);

async fn a_link_keeps_a_channel_the_catalogue_lost_when_edited(app: &TestApp) {
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let form = [
        ("key", "intranet"),
        ("label", "Intranet"),
        ("reach", "private"),
    ];
    assert_eq!(admin.post("/settings/channels", &form).await.status(), 303);
    app.create_link(
        json!({ "url": "https://example.com/a", "slug": "staff", "channel": "intranet" }),
    )
    .await;
    // A channel stored as typed before channels were checked, in no catalogue.
    app.create_link(json!({ "url": "https://example.com/b", "slug": "pod" }))
        .await;
    let db = Db::connect(&app.database_url).await.unwrap();
    execute(
        &db,
        "UPDATE links SET channel = 'podcast-old' WHERE slug = 'pod'",
    )
    .await;
    db.close().await;
    let removed = admin.post("/settings/channels/intranet/delete", &[]).await;
    assert_eq!(removed.status(), 303);

    let marketer = app.signed_in("mark@example.com", Role::Marketer).await;
    for (slug, key) in [("staff", "intranet"), ("pod", "podcast-old")] {
        let path = format!("/links/{slug}/edit");
        let (status, html) = marketer.page(&path).await;
        assert_eq!(status, 200);
        let option = format!(
            "<option value=\"{key}\" selected>{key} (not in the catalogue any more)</option>"
        );
        assert!(html.contains(&option), "{html}");
        let (_, french) = marketer.page_in("fr-FR,fr;q=0.9", &path).await;
        assert!(
            french.contains(&format!("{key} (ne figure plus au catalogue)")),
            "{french}"
        );
        // Saving another change sends the selected key back, and the link keeps it.
        let form = [
            ("url", "https://example.com/changed"),
            ("campaign", "Spring"),
            ("channel", key),
            ("tags", ""),
        ];
        assert_eq!(marketer.post(&path, &form).await.status(), 303);
        let link = app.link(slug).await;
        assert_eq!(link["channel"], key, "{link}");
        assert_eq!(link["campaign"], "Spring", "{link}");
    }
    // The lost key is offered once; a channel the catalogue lists gets no note.
    let (_, html) = marketer.page("/links/staff/edit").await;
    assert_eq!(html.matches("value=\"intranet\"").count(), 1, "{html}");
    app.create_link(json!({ "url": "https://example.com/c", "slug": "wa", "channel": "whatsapp" }))
        .await;
    let (_, html) = marketer.page("/links/wa/edit").await;
    assert!(!html.contains("not in the catalogue"), "{html}");
}
both!(a_link_keeps_a_channel_the_catalogue_lost_when_edited);

/// The row of the added channel `key` on the catalogue page `html`.
fn channel_row<'a>(html: &'a str, key: &str) -> &'a str {
    let at = html
        .find(&format!("<tr id=\"channel-{key}\">"))
        .unwrap_or_else(|| panic!("no row of {key} in {html}"));
    &html[at..at + html[at..].find("</tr>").unwrap()]
}

async fn added_channels_agree_their_reach_with_the_gender_chosen(app: &TestApp) {
    const FRENCH: &str = "fr-FR,fr;q=0.9";
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let (_, english) = admin.page("/settings/channels").await;
    assert!(
        english.contains("French gender"),
        "the English page says what it is for"
    );
    let form = [
        ("label", "Lettre partenaire"),
        ("reach", "private"),
        ("gender", "feminine"),
    ];
    assert_eq!(admin.post("/settings/channels", &form).await.status(), 303);
    // Left out, as by a form of an older page: masculine, as added channels always read.
    let form = [("label", "Intranet"), ("reach", "private")];
    assert_eq!(admin.post("/settings/channels", &form).await.status(), 303);
    let body =
        json!({ "key": "gazette", "label": "Gazette", "reach": "public", "gender": "feminine" });
    let (status, gazette) = app
        .api(reqwest::Method::POST, "/channels", Some(body))
        .await;
    assert_eq!((status, &gazette["gender"]), (201, &json!("feminine")));
    let body = json!({ "key": "blog", "label": "Blog", "reach": "public", "gender": "neuter" });
    let (status, _) = app
        .api(reqwest::Method::POST, "/channels", Some(body))
        .await;
    assert_eq!(status, 422);
    let form = [("label", "Blog"), ("reach", "public"), ("gender", "neuter")];
    admin
        .assert_refused("/settings/channels", &form, 422, "masculine or feminine")
        .await;

    let (_, french) = admin.page_in(FRENCH, "/settings/channels").await;
    assert!(channel_row(&french, "lettre-partenaire").contains(">privée</span>"));
    assert!(channel_row(&french, "intranet").contains(">privé</span>"));
    assert!(channel_row(&french, "gazette").contains(">publique</span>"));
    assert!(
        channel_row(&french, "lettre-partenaire").contains(
            "<option value=\"feminine\" selected>Féminin («\u{a0}privée\u{a0}», «\u{a0}publique\u{a0}»)</option>"
        )
    );
    let (_, kit) = admin.page_in(FRENCH, "/links/kit").await;
    assert!(
        kit.contains("Lettre partenaire <span class=\"reach pill-private\">privée</span>"),
        "the share kit agrees it too: {kit}"
    );

    // Changed later, from the channel's row.
    let changed = admin
        .post(
            "/settings/channels/intranet/gender",
            &[("gender", "feminine")],
        )
        .await;
    let (_, html) = admin.follow(changed).await;
    assert!(html.contains("Channel &#34;Intranet&#34; saved"), "{html}");
    let (_, french) = admin.page_in(FRENCH, "/settings/channels").await;
    assert!(channel_row(&french, "intranet").contains(">privée</span>"));
    let missing = admin
        .post(
            "/settings/channels/nowhere/gender",
            &[("gender", "feminine")],
        )
        .await;
    assert_eq!(missing.status(), 404);
    admin
        .assert_refused(
            "/settings/channels/intranet/gender",
            &[("gender", "neuter")],
            422,
            "masculine or feminine",
        )
        .await;
    let marketer = app.signed_in("mark@example.com", Role::Marketer).await;
    let refused = marketer
        .post(
            "/settings/channels/intranet/gender",
            &[("gender", "masculine")],
        )
        .await;
    assert_eq!(refused.status(), 403);

    let change = |gender: &str| Some(json!({ "gender": gender }));
    let (status, gazette) = app
        .api(
            reqwest::Method::PATCH,
            "/channels/gazette",
            change("masculine"),
        )
        .await;
    assert_eq!((status, &gazette["gender"]), (200, &json!("masculine")));
    let (status, _) = app
        .api(
            reqwest::Method::PATCH,
            "/channels/gazette",
            change("neuter"),
        )
        .await;
    assert_eq!(status, 422);
    let (status, _) = app
        .api(
            reqwest::Method::PATCH,
            "/channels/whatsapp",
            change("feminine"),
        )
        .await;
    assert_eq!(
        status, 404,
        "built-in channels have their genders in locales/"
    );
    let (_, french) = admin.page_in(FRENCH, "/settings/channels").await;
    assert!(channel_row(&french, "gazette").contains(">public</span>"));

    let (_, catalogue) = app.api(reqwest::Method::GET, "/channels", None).await;
    let gender = |key: &str| {
        catalogue["channels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == key)
            .unwrap()["gender"]
            .clone()
    };
    assert_eq!(gender("intranet"), json!("feminine"));
    assert_eq!(gender("gazette"), json!("masculine"));
    assert_eq!(gender("whatsapp"), json!(null));
}
both!(added_channels_agree_their_reach_with_the_gender_chosen);

/// The refusal of the channel `given`: it says what is wrong and which keys are taken.
fn assert_unknown_channel(status: u16, error: &serde_json::Value, given: &str) {
    assert_eq!(status, 422, "{error}");
    let text = error["error"].as_str().unwrap();
    let start = format!(
        "the channel \"{given}\" is not in the catalogue: give one of its keys (whatsapp, messenger,"
    );
    assert!(text.starts_with(&start), "{text}");
    assert!(
        text.contains(", other") && text.ends_with(") or a channel's label, in any letter case"),
        "{text}"
    );
}

async fn links_name_their_channel_by_key_or_label_and_others_are_refused(app: &TestApp) {
    use reqwest::Method;
    for (slug, given, key) in [
        ("wa", "WhatsApp", "whatsapp"),
        ("copy", "COPY LINK", "copy-link"),
        ("mail", "E-mail", "email"),
        ("print", "qr / imprimé", "qr"),
        ("fb", " facebook ", "facebook"),
    ] {
        let body = json!({ "url": "https://example.com/", "slug": slug, "channel": given });
        let link = app.create_link(body).await;
        assert_eq!(link["channel"], key, "{given}");
    }
    for typo in ["whatsap", "What sApp!", "podcast"] {
        let body = json!({ "url": "https://example.com/", "slug": "typo", "channel": typo });
        let (status, error) = app.api(Method::POST, "/links", Some(body)).await;
        assert_unknown_channel(status, &error, typo);
    }
    assert_eq!(app.api(Method::GET, "/links/typo", None).await.0, 404);

    // An admin's channel, by its key or its label.
    let body = json!({ "key": "intranet", "label": "Intranet du siège", "reach": "private" });
    assert_eq!(app.api(Method::POST, "/channels", Some(body)).await.0, 201);
    let body =
        json!({ "url": "https://example.com/", "slug": "staff", "channel": "INTRANET DU SIEGE" });
    assert_eq!(app.create_link(body).await["channel"], "intranet");

    // A change is checked the same way.
    let (status, link) = app
        .api(
            Method::PATCH,
            "/links/wa",
            Some(json!({ "channel": "Messenger" })),
        )
        .await;
    assert_eq!(
        (status, &link["channel"]),
        (200, &json!("messenger")),
        "{link}"
    );
    let (status, error) = app
        .api(
            Method::PATCH,
            "/links/wa",
            Some(json!({ "channel": "whatsap" })),
        )
        .await;
    assert_unknown_channel(status, &error, "whatsap");
    assert_eq!(app.link("wa").await["channel"], "messenger");
    let (status, link) = app
        .api(
            Method::PATCH,
            "/links/wa",
            Some(json!({ "channel": "WhatsApp" })),
        )
        .await;
    assert_eq!(
        (status, &link["channel"]),
        (200, &json!("whatsapp")),
        "{link}"
    );

    // A click of the link named "WhatsApp" counts for WhatsApp, a private channel.
    app.insert_hits(&hit(app.link_id("wa").await).times(2))
        .await;
    let (_, stats) = app
        .api(Method::GET, "/stats?group_by=channel&period=7d", None)
        .await;
    let rows = stats["rows"].as_array().unwrap();
    let keyed: Vec<(&str, i64, &str)> = rows
        .iter()
        .map(|r| {
            let key = r["key"].as_str().unwrap();
            (
                key,
                r["clicks"].as_i64().unwrap(),
                r["reach"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(keyed, [("whatsapp", 2, "private")], "{stats}");
    let (_, listed) = app.api(Method::GET, "/links?channel=whatsapp", None).await;
    assert_eq!(listed["links"][0]["slug"], "wa", "{listed}");
}
both!(links_name_their_channel_by_key_or_label_and_others_are_refused);

async fn links_stored_with_a_channel_outside_the_catalogue_keep_it_and_their_figures(
    app: &TestApp,
) {
    use reqwest::Method;
    // Stored as typed before channels were checked: a capital letter, and a typo.
    for slug in ["legacy", "typo"] {
        app.create_link(json!({ "url": "https://example.com/", "slug": slug }))
            .await;
    }
    let db = Db::connect(&app.database_url).await.unwrap();
    execute(
        &db,
        "UPDATE links SET channel = 'WhatsApp' WHERE slug = 'legacy'",
    )
    .await;
    execute(
        &db,
        "UPDATE links SET channel = 'whatsap' WHERE slug = 'typo'",
    )
    .await;
    db.close().await;
    app.insert_hits(&hit(app.link_id("legacy").await).times(3))
        .await;
    assert_eq!(app.get("/legacy").await.status(), 302);
    let by_channel = async || {
        let (_, stats) = app
            .api(Method::GET, "/stats?group_by=channel&period=7d", None)
            .await;
        let rows = stats["rows"].as_array().unwrap().clone();
        rows.iter()
            .map(|r| {
                (
                    r["key"].as_str().unwrap().to_owned(),
                    r["clicks"].as_i64().unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(by_channel().await, [("WhatsApp".to_owned(), 3)]);

    // Nothing rewrites them: a change of another field, or one sending the channel back as
    // it is, keeps it.
    let (status, link) = app
        .api(
            Method::PATCH,
            "/links/typo",
            Some(json!({ "tags": ["old"] })),
        )
        .await;
    assert_eq!(
        (status, &link["channel"]),
        (200, &json!("whatsap")),
        "{link}"
    );
    let body = json!({ "channel": "WhatsApp", "url": "https://example.com/moved" });
    let (status, link) = app.api(Method::PATCH, "/links/legacy", Some(body)).await;
    assert_eq!(
        (status, &link["channel"]),
        (200, &json!("WhatsApp")),
        "{link}"
    );
    let body = json!({ "channel": "whatsap" });
    let (status, link) = app.api(Method::PATCH, "/links/typo", Some(body)).await;
    assert_eq!(
        (status, &link["channel"]),
        (200, &json!("whatsap")),
        "{link}"
    );
    // Another link cannot take such a channel.
    let (status, error) = app
        .api(
            Method::PATCH,
            "/links/legacy",
            Some(json!({ "channel": "whatsap" })),
        )
        .await;
    assert_unknown_channel(status, &error, "whatsap");

    // Moved to the catalogue's channel on purpose, the link takes its figures along.
    let body = json!({ "channel": "whatsapp" });
    let (status, link) = app.api(Method::PATCH, "/links/legacy", Some(body)).await;
    assert_eq!(
        (status, &link["channel"]),
        (200, &json!("whatsapp")),
        "{link}"
    );
    assert_eq!(by_channel().await, [("whatsapp".to_owned(), 3)]);
}
both!(links_stored_with_a_channel_outside_the_catalogue_keep_it_and_their_figures);

async fn the_link_form_refuses_a_channel_outside_the_catalogue(app: &TestApp) {
    let marketer = app.signed_in("mark@example.com", Role::Marketer).await;
    let form = [
        ("url", "https://example.com/"),
        ("slug", "typo"),
        ("channel", "whatsap"),
    ];
    marketer
        .assert_refused(
            "/links",
            &form,
            422,
            "The channel &#34;whatsap&#34; is not in the catalogue: give one of its keys (whatsapp,",
        )
        .await;
    let response = marketer.post_in("fr", "/links", &form).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Le canal «\u{a0}whatsap\u{a0}» ne figure pas au catalogue\u{a0}: indiquez l’une de ses clés (whatsapp,"),
        "{html}"
    );
    assert_eq!(app.get("/typo").await.status(), 404);
    // A label names its channel, which the link stores by its key.
    let form = [
        ("url", "https://example.com/"),
        ("slug", "wa"),
        ("channel", "WhatsApp"),
    ];
    assert_eq!(marketer.post("/links", &form).await.status(), 303);
    assert_eq!(app.link("wa").await["channel"], "whatsapp");
    // So does the edit form.
    let form = [
        ("url", "https://example.com/"),
        ("channel", "whatsap"),
        ("campaign", ""),
        ("tags", ""),
    ];
    marketer
        .assert_refused("/links/wa/edit", &form, 422, "is not in the catalogue")
        .await;
    assert_eq!(app.link("wa").await["channel"], "whatsapp");
}
both!(the_link_form_refuses_a_channel_outside_the_catalogue);
