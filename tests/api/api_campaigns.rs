//! `/api/v1/campaigns`: starting one with a link per channel, listing with what the links add
//! up to, renaming (the links follow, a taken name is refused), settings, and deleting with a
//! decision about the links.

use lanterne::auth::Role;
use lanterne::campaigns::NewCampaign;
use lanterne::db::Db;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::TestApp;

async fn campaign_named(app: &TestApp, name: &str) -> Value {
    let (status, list) = app.api(Method::GET, "/campaigns", None).await;
    assert_eq!(status, 200, "{list}");
    list["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no campaign {name:?} in {list}"))
        .clone()
}

async fn slugs_of(app: &TestApp, campaign: &str) -> Vec<String> {
    let path = format!("/links?campaign={}", campaign.replace(' ', "%20"));
    let (status, list) = app.api(Method::GET, &path, None).await;
    assert_eq!(status, 200, "{list}");
    crate::helpers::sorted_slugs(&list)
}

async fn campaigns_are_listed_renamed_and_changed(app: &TestApp) {
    for (slug, campaign, channel) in [
        ("sp-wa", "Spring", "whatsapp"),
        ("sp-fb", "Spring", "facebook"),
        ("au-x", "Autumn", "x"),
    ] {
        app.create_link(json!({
            "url": "https://shop.example/s?utm_source=x&utm_campaign=spring",
            "slug": slug, "campaign": campaign, "channel": channel, "tags": ["offers"],
        }))
        .await;
    }
    assert_eq!(app.get("/sp-wa").await.status(), 302);
    app.wait_for_hits("sp-wa", 1).await;

    // The list, newest first, with links and hits as the campaigns page shows them.
    let (_, list) = app.api(Method::GET, "/campaigns", None).await;
    let names: Vec<&str> = list["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Autumn", "Spring"]);
    let spring = campaign_named(app, "Spring").await;
    assert_eq!(
        (spring["links"].as_i64(), spring["hits"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(spring["url"], "https://shop.example/s");
    assert_eq!(spring["utm_campaign"], "spring");
    assert_eq!(spring["tags"], json!(["offers"]));
    let id = spring["id"].as_i64().unwrap();
    let path = format!("/campaigns/{id}");
    let (status, one) = app.api(Method::GET, &path, None).await;
    assert_eq!(status, 200);
    assert_eq!(one, spring);
    let (status, body) = app.api(Method::GET, "/campaigns/999999", None).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "there is no campaign with the id 999999");
    assert_eq!(app.api(Method::GET, "/campaigns/spring", None).await.0, 400);

    // Roles: an analyst reads but may not change; no token, no answer.
    let analyst = app.token_with_role(Role::Analyst).await;
    assert_eq!(app.api_as(&analyst, Method::GET, &path, None).await.0, 200);
    let rename = json!({ "name": "Spring 2026" });
    let (status, body) = app
        .api_as(&analyst, Method::PATCH, &path, Some(rename.clone()))
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(
        app.api_as(&analyst, Method::DELETE, &path, None).await.0,
        403
    );
    assert_eq!(
        app.api_as("nope", Method::GET, "/campaigns", None).await.0,
        401
    );

    // A rename: the links follow, in the same transaction, and the dashboard counts them
    // under the new name; utm_campaign stays unless it is given.
    let (status, renamed) = app.api(Method::PATCH, &path, Some(rename)).await;
    assert_eq!(status, 200, "{renamed}");
    assert_eq!(renamed["name"], "Spring 2026");
    assert_eq!(
        (renamed["links"].as_i64(), renamed["hits"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(renamed["utm_campaign"], "spring");
    assert_eq!(slugs_of(app, "Spring 2026").await, ["sp-fb", "sp-wa"]);
    assert!(slugs_of(app, "Spring").await.is_empty());
    assert_eq!(app.link("sp-wa").await["campaign"], "Spring 2026");
    let (_, stats) = app.api(Method::GET, "/stats?group_by=campaign", None).await;
    let keys: Vec<&str> = stats["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert!(
        keys.contains(&"Spring 2026") && !keys.contains(&"Spring"),
        "{stats}"
    );

    // Onto another campaign's name, in any letter case: 409, nothing changes.
    for taken in ["Autumn", "autumn"] {
        let (status, body) = app
            .api(Method::PATCH, &path, Some(json!({ "name": taken })))
            .await;
        assert_eq!(status, 409, "{body}");
        assert!(
            body["error"]
                .as_str()
                .unwrap()
                .starts_with("a campaign named \"Autumn\" already exists"),
            "{body}"
        );
    }
    assert_eq!(slugs_of(app, "Spring 2026").await.len(), 2);
    // Its own name in other letters is its own.
    let (status, body) = app
        .api(Method::PATCH, &path, Some(json!({ "name": "SPRING 2026" })))
        .await;
    assert_eq!((status, &body["name"]), (200, &json!("SPRING 2026")));
    assert_eq!(slugs_of(app, "SPRING 2026").await.len(), 2);

    // The settings of new links; links already made keep their destination.
    let settings = json!({ "url": "https://shop.example/v2", "tags": ["Family"], "utm": false });
    let (status, changed) = app.api(Method::PATCH, &path, Some(settings)).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(
        (&changed["url"], &changed["tags"], &changed["utm"]),
        (
            &json!("https://shop.example/v2"),
            &json!(["family"]),
            &json!(false)
        )
    );
    let (_, changed) = app
        .api(Method::PATCH, &path, Some(json!({ "utm_campaign": "" })))
        .await;
    assert_eq!(
        changed["utm_campaign"], "spring-2026",
        "the default from the name"
    );
    assert_eq!(
        app.link("sp-wa").await["url"],
        "https://shop.example/s?utm_source=x&utm_campaign=spring"
    );

    // Refusals say what is wrong.
    for (body, status, why) in [
        (json!({ "name": " " }), 422, "name the campaign"),
        (json!({ "url": "ftp://shop.example/" }), 422, "http"),
        (json!({ "url": "https://blocked.example/" }), 422, "blocked"),
        (
            json!({ "colour": "red" }),
            422,
            "there is no field \"colour\"",
        ),
        (
            json!({ "name": 3 }),
            422,
            "name: expected a text, not the number 3",
        ),
    ] {
        let (got, answer) = app.api(Method::PATCH, &path, Some(body.clone())).await;
        assert_eq!(got, status, "{body} → {answer}");
        assert!(
            answer["error"].as_str().unwrap().contains(why),
            "{body} → {answer}"
        );
    }
    let missing = app
        .api(
            Method::PATCH,
            "/campaigns/999999",
            Some(json!({ "name": "x" })),
        )
        .await;
    assert_eq!(missing.0, 404);
}
both!(campaigns_are_listed_renamed_and_changed);

async fn deleting_a_campaign_decides_about_its_links(app: &TestApp) {
    for (slug, campaign) in [("kept1", "Kept"), ("kept2", "Kept"), ("gone", "Gone")] {
        let url = format!("https://shop.example/{slug}");
        app.create_link(json!({ "url": url, "slug": slug, "campaign": campaign }))
            .await;
        assert_eq!(app.get(&format!("/{slug}")).await.status(), 302);
        app.wait_for_hits(slug, 1).await;
    }
    let kept = campaign_named(app, "Kept").await["id"].as_i64().unwrap();
    let gone = campaign_named(app, "Gone").await["id"].as_i64().unwrap();

    // A campaign with links is not deleted unless the caller says what happens to them.
    let path = format!("/campaigns/{kept}");
    let (status, body) = app.api(Method::DELETE, &path, None).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(
        body["error"],
        "the campaign still has 2 links: delete them too (links=delete) or keep them without a campaign (links=detach)"
    );
    let (status, body) = app
        .api(Method::DELETE, &format!("{path}?links=all"), None)
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(app.api(Method::GET, &path, None).await.0, 200);

    // links=detach: the links and their hits stay, without a campaign.
    let (status, _) = app
        .api(Method::DELETE, &format!("{path}?links=detach"), None)
        .await;
    assert_eq!(status, 204);
    assert_eq!(app.api(Method::GET, &path, None).await.0, 404);
    for slug in ["kept1", "kept2"] {
        let link = app.link(slug).await;
        assert_eq!(link["campaign"], Value::Null, "{link}");
        assert_eq!(link["hit_count"], 1);
        assert_eq!(app.get(&format!("/{slug}")).await.status(), 302);
    }
    assert_eq!(app.api(Method::DELETE, &path, None).await.0, 404);

    // links=delete: the links go with their hits and stop redirecting at once.
    let path = format!("/campaigns/{gone}?links=delete");
    assert_eq!(app.api(Method::DELETE, &path, None).await.0, 204);
    assert_eq!(app.api(Method::GET, "/links/gone", None).await.0, 404);
    assert_eq!(app.get("/gone").await.status(), 404);
    let (_, list) = app.api(Method::GET, "/campaigns", None).await;
    assert_eq!(list["campaigns"], json!([]));

    // A campaign without links is simply deleted.
    let db = Db::connect(&app.database_url).await.unwrap();
    let empty = NewCampaign::from_link("Empty", "https://shop.example/", None, &[]);
    let empty = db.insert_campaign(&empty, 0).await.unwrap().unwrap();
    db.close().await;
    let path = format!("/campaigns/{}", empty.id);
    assert_eq!(app.api(Method::DELETE, &path, None).await.0, 204);
    // The redirects after the detach are written by the writer in its own time.
    for slug in ["kept1", "kept2"] {
        app.wait_for_hits(slug, 2).await;
    }
    assert_eq!(
        crate::helpers::count(&app.database_url, "SELECT COUNT(*) FROM hits").await,
        4,
        "the detached links' hits stay (one each, one more each since), the deleted link's are gone"
    );
}
both!(deleting_a_campaign_decides_about_its_links);

async fn a_campaign_is_started_with_one_link_per_channel(app: &TestApp) {
    let start = json!({
        "name": "Launch", "url": "https://shop.example/launch", "tags": ["news"],
        "channels": ["whatsapp", "email", "whatsapp"],
    });
    let (status, started) = app
        .api(Method::POST, "/campaigns", Some(start.clone()))
        .await;
    assert_eq!(status, 201, "{started}");
    assert_eq!(started["reused"], false);
    assert_eq!(started["campaign"]["name"], "Launch");
    assert_eq!(
        started["campaign"]["links"], 2,
        "one link per channel, each once"
    );
    let links = started["links"].as_array().unwrap();
    let channels: Vec<&str> = links
        .iter()
        .map(|l| l["channel"].as_str().unwrap())
        .collect();
    assert_eq!(channels, ["whatsapp", "email"]);
    for link in links {
        assert_eq!(link["campaign"], "Launch");
        assert_eq!(link["tags"], json!(["news"]));
        let url = link["url"].as_str().unwrap();
        assert!(
            url.starts_with("https://shop.example/launch?utm_source=")
                && url.contains(&format!("utm_source={}", link["channel"].as_str().unwrap()))
                && url.contains("utm_campaign=launch"),
            "{url}"
        );
    }
    let slug = links[0]["slug"].as_str().unwrap();
    assert_eq!(app.get(&format!("/{slug}")).await.status(), 302);

    // The same name and destination: the new channel's link joins the campaign.
    let (status, joined) = app
        .api(
            Method::POST,
            "/campaigns",
            Some(json!({ "name": "Launch", "url": "https://shop.example/launch", "channels": ["x"], "utm": false })),
        )
        .await;
    assert_eq!(status, 201, "{joined}");
    assert_eq!(joined["reused"], true);
    assert_eq!(joined["campaign"]["links"], 3);
    // Made with the campaign's own settings: its themes, and UTM on.
    let x = &joined["links"][0];
    assert_eq!(x["tags"], json!(["news"]));
    assert!(x["url"].as_str().unwrap().contains("utm_source=x"), "{x}");
    assert_eq!(slugs_of(app, "Launch").await.len(), 3);

    // Refused, each with what is wrong, and nothing made.
    for (body, code, says) in [
        (
            json!({ "name": "Launch", "url": "https://other.example/", "channels": ["x"] }),
            409,
            "already exists",
        ),
        (
            json!({ "name": "launch", "url": "https://shop.example/launch", "channels": ["x"] }),
            409,
            "already exists",
        ),
        (
            json!({ "name": "Fresh", "url": "https://shop.example/", "channels": ["nosuch"] }),
            422,
            "not in the catalogue",
        ),
        (
            json!({ "name": "Fresh", "url": "https://shop.example/", "channels": [] }),
            422,
            "at least one channel",
        ),
        (
            json!({ "name": "", "url": "https://shop.example/", "channels": ["x"] }),
            422,
            "name the campaign",
        ),
        (
            json!({ "name": "Fresh", "url": "ftp://shop.example/", "channels": ["x"] }),
            422,
            "",
        ),
        (
            json!({ "name": "Fresh", "url": "https://shop.example/", "channels": ["x"], "colour": "red" }),
            422,
            "colour",
        ),
    ] {
        let (status, refusal) = app
            .api(Method::POST, "/campaigns", Some(body.clone()))
            .await;
        assert_eq!(status, code, "{body}: {refusal}");
        assert!(
            refusal["error"].as_str().unwrap().contains(says),
            "{body}: {refusal}"
        );
    }
    assert!(slugs_of(app, "Fresh").await.is_empty());
    let analyst = app.token_with_role(Role::Analyst).await;
    let (status, _) = app
        .api_as(&analyst, Method::POST, "/campaigns", Some(start))
        .await;
    assert_eq!(status, 403);
}
both!(a_campaign_is_started_with_one_link_per_channel);

async fn campaigns_are_listed_a_page_at_a_time(app: &TestApp) {
    // Made within the same milliseconds, some of them: the id breaks the tie.
    for name in ["One", "Two", "Three", "Four", "Five"] {
        app.create_link(json!({ "url": "https://shop.example/", "campaign": name }))
            .await;
    }
    let (_, all) = app.api(Method::GET, "/campaigns", None).await;
    let names = |page: &Value| -> Vec<String> {
        page["campaigns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(&all), ["Five", "Four", "Three", "Two", "One"]);
    assert!(all["next_cursor"].is_null());

    let mut seen = Vec::new();
    let mut path = "/campaigns?limit=2".to_owned();
    loop {
        let (status, page) = app.api(Method::GET, &path, None).await;
        assert_eq!(status, 200, "{page}");
        assert!(names(&page).len() <= 2);
        seen.extend(names(&page));
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/campaigns?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, names(&all), "every campaign once, in order");
    // A last page that is full still says it is the last.
    let (_, five) = app.api(Method::GET, "/campaigns?limit=5", None).await;
    assert_eq!(names(&five).len(), 5);
    assert!(five["next_cursor"].is_null(), "{five}");

    for bad in [
        "cursor=abc",
        "cursor=1_x",
        "cursor=-1_%2B2",
        "limit=0",
        "limit=501",
    ] {
        let (status, refusal) = app
            .api(Method::GET, &format!("/campaigns?{bad}"), None)
            .await;
        assert_eq!(status, 422, "{bad}: {refusal}");
    }
}
both!(campaigns_are_listed_a_page_at_a_time);

async fn a_campaign_refused_for_its_domain_is_not_kept(app: &TestApp) {
    let (status, error) = app
        .api(
            Method::POST,
            "/campaigns",
            Some(json!({
                "name": "Winter", "url": "https://shop.example/winter",
                "channels": ["whatsapp", "email"], "domain": "go.unregistered.example",
            })),
        )
        .await;
    assert_eq!(status, 422, "{error}");
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .contains("go.unregistered.example"),
        "{error}"
    );
    let (_, list) = app.api(Method::GET, "/campaigns", None).await;
    assert_eq!(list["campaigns"], json!([]), "{list}");
    let (_, links) = app.api(Method::GET, "/links", None).await;
    assert_eq!(links["links"], json!([]), "{links}");
}
both!(a_campaign_refused_for_its_domain_is_not_kept);

async fn a_link_naming_a_campaign_in_another_letter_case_joins_it(app: &TestApp) {
    app.create_link(
        json!({ "url": "https://example.com/", "slug": "first", "campaign": "Printemps 2027" }),
    )
    .await;
    // The API, on creation and on a change.
    let link = app
        .create_link(
            json!({ "url": "https://example.com/", "slug": "loud", "campaign": "PRINTEMPS 2027" }),
        )
        .await;
    assert_eq!(link["campaign"], "Printemps 2027", "{link}");
    app.create_link(json!({ "url": "https://example.com/", "slug": "later" }))
        .await;
    let (status, link) = app
        .api(
            Method::PATCH,
            "/links/later",
            Some(json!({ "campaign": " printemps 2027" })),
        )
        .await;
    assert_eq!(status, 200, "{link}");
    assert_eq!(link["campaign"], "Printemps 2027", "{link}");
    // The Links page, a trailing space typed with it.
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let form = [
        ("url", "https://example.com/"),
        ("slug", "typed"),
        ("campaign", "printemps 2027 "),
    ];
    assert_eq!(b.post("/links", &form).await.status(), 303);
    assert_eq!(app.link("typed").await["campaign"], "Printemps 2027");
    // One campaign with the four links.
    let (_, list) = app.api(Method::GET, "/campaigns", None).await;
    let names: Vec<&Value> = list["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["name"])
        .collect();
    assert_eq!(names, [&json!("Printemps 2027")], "{list}");
    assert_eq!(
        slugs_of(app, "Printemps 2027").await,
        ["first", "later", "loud", "typed"]
    );
    // A new name is kept as typed, trimmed.
    let link = app
        .create_link(json!({ "url": "https://example.com/", "campaign": " Été 2027 " }))
        .await;
    assert_eq!(link["campaign"], "Été 2027", "{link}");
}
both!(a_link_naming_a_campaign_in_another_letter_case_joins_it);
