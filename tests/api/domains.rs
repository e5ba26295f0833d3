//! Branded domains: one slug on two domains going to two destinations by `Host`, a domain's
//! root URL, the web UI refused there and API clients told in JSON that the API is elsewhere,
//! and hosts that cannot be domains refused with what is wrong.

use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::helpers::{TestApp, hit};
use lanterne::auth::Role;

impl TestApp {
    /// A GET of `path` sent to the server as if to `host`.
    pub async fn get_on(&self, host: &str, path: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .header("host", host)
            .send()
            .await
            .unwrap()
    }

    /// Registers `host` as a branded domain, panicking unless the API answers 201.
    pub async fn add_domain(&self, host: &str, root_url: Option<&str>) {
        let body = json!({ "host": host, "root_url": root_url });
        let (status, answer) = self.api(Method::POST, "/domains", Some(body)).await;
        assert_eq!(status, 201, "adding {host}: {answer}");
    }
}

fn location(response: &reqwest::Response) -> &str {
    response.headers()["location"].to_str().unwrap()
}

async fn one_slug_on_two_domains_goes_to_two_destinations_by_host(app: &TestApp) {
    app.add_domain("Go.Example", None).await;
    let branded = app
        .create_link(json!({ "url": "https://example.org/branded", "slug": "same", "domain": "GO.example." }))
        .await;
    let plain = app
        .create_link(json!({ "url": "https://example.org/plain", "slug": "same" }))
        .await;
    assert_eq!(branded["domain"], "go.example");
    assert_eq!(branded["short_url"], "http://go.example/same");
    assert_eq!(plain["domain"], "127.0.0.1");
    assert_eq!(plain["short_url"], app.url("/same"));

    for host in ["go.example", "GO.EXAMPLE:8080", "go.example."] {
        let response = app.get_on(host, "/same").await;
        assert_eq!(response.status(), 302, "{host}");
        assert_eq!(location(&response), "https://example.org/branded", "{host}");
    }
    let base = app.get_on(&app.addr.to_string(), "/same").await;
    assert_eq!(location(&base), "https://example.org/plain");
    // A host that is not registered is served as the base URL's, as before domains.
    let other = app.get_on("elsewhere.example", "/same").await;
    assert_eq!(location(&other), "https://example.org/plain");
    // A slug of the base host only is not on the branded domain.
    app.create_link(json!({ "url": "https://example.org/only-base", "slug": "only-base" }))
        .await;
    assert_eq!(app.get_on("go.example", "/only-base").await.status(), 404);

    let (status, shown) = app
        .api(Method::GET, "/links/same?domain=go.example", None)
        .await;
    assert_eq!(
        (status, shown["url"].as_str()),
        (200, Some("https://example.org/branded"))
    );
    assert_eq!(app.link("same").await["url"], "https://example.org/plain");
    let (status, error) = app
        .api(
            Method::POST,
            "/links",
            Some(json!({ "url": "https://example.org/x", "slug": "same", "domain": "go.example" })),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(
        error["error"],
        "the slug \"same\" is already taken on go.example"
    );

    // A change on one domain leaves the other alone, and is served at once.
    let (status, _) = app
        .api(
            Method::PATCH,
            "/links/same?domain=go.example",
            Some(json!({ "url": "https://example.org/branded-2" })),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        location(&app.get_on("go.example", "/same").await),
        "https://example.org/branded-2"
    );
    assert_eq!(
        location(&app.get("/same").await),
        "https://example.org/plain"
    );
    let (status, _) = app
        .api(Method::DELETE, "/links/same?domain=go.example", None)
        .await;
    assert_eq!(status, 204);
    assert_eq!(app.get_on("go.example", "/same").await.status(), 404);
    assert_eq!(app.get("/same").await.status(), 302);
}
both!(one_slug_on_two_domains_goes_to_two_destinations_by_host);

async fn a_branded_domain_serves_its_links_its_root_and_nothing_else(app: &TestApp) {
    app.add_domain("go.example", Some("https://example.org/home"))
        .await;
    app.add_domain("bare.example", None).await;
    let root = app.get_on("go.example", "/").await;
    assert_eq!(
        (root.status().as_u16(), location(&root)),
        (302, "https://example.org/home")
    );
    assert!(root.headers().get("set-cookie").is_none());
    let bare = app.get_on("bare.example", "/").await;
    assert_eq!(bare.status(), 404);
    assert!(bare.text().await.unwrap().contains("Link not found"));
    for path in [
        "/login",
        "/dashboard",
        "/links",
        "/settings/domains",
        "/healthz",
        "/static/app.css",
    ] {
        let response = app
            .http
            .get(app.url(path))
            .header("host", "go.example")
            .bearer_auth(&app.token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{path} on a branded domain");
    }
    // An API client sent to a branded domain is told in JSON where the API is.
    let said = "the API is not served on go.example, a branded domain that serves only its short links: send API requests to the base URL's host";
    for (method, path) in [
        (Method::GET, "/api/v1/links"),
        (Method::POST, "/api/v1/links"),
        (Method::DELETE, "/api/v1/domains/go.example"),
        (Method::GET, "/api/v1/nothing"),
        (Method::GET, "/api/openapi.json"),
    ] {
        let (status, body) = app
            .json_answer(Some("go.example"), method.clone(), path)
            .await;
        assert_eq!(status, 421, "{method} {path}");
        assert_eq!(body, json!({ "error": said }), "{method} {path}");
    }
    let (status, _) = app.api(Method::GET, "/links", None).await;
    assert_eq!(status, 200, "the API stays on the base URL's host");
    let (status, _) = app.api(Method::GET, "/domains", None).await;
    assert_eq!(status, 200, "and go.example is still there");
    assert_eq!(
        app.get_on("elsewhere.example", "/api/openapi.json")
            .await
            .status(),
        200
    );
    assert_eq!(app.get("/login").await.status(), 200);
    assert_eq!(
        app.get_on("elsewhere.example", "/login").await.status(),
        200
    );
    // `/e` is a slug like any other on a branded domain.
    app.create_link(json!({ "url": "https://example.org/e", "slug": "e", "domain": "go.example" }))
        .await;
    assert_eq!(
        location(&app.get_on("go.example", "/e").await),
        "https://example.org/e"
    );
}
both!(a_branded_domain_serves_its_links_its_root_and_nothing_else);

async fn hosts_that_cannot_be_domains_are_refused_with_what_is_wrong(app: &TestApp) {
    for (host, why) in [
        ("https://go.example", "is a URL"),
        ("go.example:8443", "has a port"),
        ("go.example/path", "is not a host name"),
        ("192.0.2.1", "is an IP address"),
        ("localhost", "has one label"),
        ("-go.example", "inner hyphens"),
        ("", "the host is empty"),
    ] {
        let (status, error) = app
            .api(Method::POST, "/domains", Some(json!({ "host": host })))
            .await;
        assert_eq!(status, 422, "{host:?}: {error}");
        assert!(
            error["error"].as_str().unwrap().contains(why),
            "{host:?}: {error}"
        );
    }
    let (status, error) = app
        .api(
            Method::POST,
            "/domains",
            Some(json!({ "host": "go.example", "root_url": "javascript:alert(1)" })),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        error["error"].as_str().unwrap().starts_with("root_url: "),
        "{error}"
    );
    let (status, error) = app
        .api(
            Method::POST,
            "/domains",
            Some(json!({ "host": "go.example", "root_url": "https://Go.Example/" })),
        )
        .await;
    assert_eq!(
        (status, error["error"].as_str()),
        (
            422,
            Some("root_url: links to go.example are not allowed: it is this domain")
        )
    );
    app.add_domain("go.example", None).await;
    let (status, error) = app
        .api(
            Method::POST,
            "/domains",
            Some(json!({ "host": "GO.example" })),
        )
        .await;
    assert_eq!(
        (status, error["error"].as_str()),
        (409, Some("the domain go.example is registered already"))
    );

    let (status, error) = app
        .api(
            Method::POST,
            "/links",
            Some(json!({ "url": "https://example.org/", "domain": "nowhere.example" })),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .starts_with("\"nowhere.example\" is not a registered domain"),
        "{error}"
    );
    // A link to a branded domain would come back here.
    let (status, error) = app
        .api(
            Method::POST,
            "/links",
            Some(json!({ "url": "https://go.example/x" })),
        )
        .await;
    assert_eq!(
        (status, error["error"].as_str()),
        (
            422,
            Some("links to go.example are not allowed: it is one of this server's domains")
        )
    );
    // Nor may a link's other destinations: its rules, variants and expired_url.
    let looping = [
        (
            json!({ "rules": [{ "device": "ios", "url": "https://example.org/ios" }, { "country": "FR", "url": "https://GO.example/fr" }] }),
            "rule 2",
        ),
        (
            json!({ "variants": [{ "url": "https://example.org/a", "weight": 1 }, { "url": "https://go.example/b", "weight": 1 }] }),
            "variant 2",
        ),
        (
            json!({ "max_clicks": 5, "expired_url": "https://go.example/over" }),
            "expired_url",
        ),
    ];
    let plain = app
        .create_link(json!({ "url": "https://example.org/plain-options", "slug": "opts" }))
        .await;
    assert_eq!(plain["slug"], "opts");
    for (options, name) in looping {
        let said = Some(format!(
            "{name}: links to go.example are not allowed: it is one of this server's domains"
        ));
        let mut body = options.clone();
        body["url"] = json!("https://example.org/");
        let (status, error) = app.api(Method::POST, "/links", Some(body)).await;
        assert_eq!(
            (status, error["error"].as_str().map(str::to_owned)),
            (422, said.clone())
        );
        let (status, error) = app.api(Method::PATCH, "/links/opts", Some(options)).await;
        assert_eq!(
            (status, error["error"].as_str().map(str::to_owned)),
            (422, said)
        );
    }
    let unchanged = app.link("opts").await;
    assert_eq!(
        (&unchanged["rules"], &unchanged["max_clicks"]),
        (&json!([]), &json!(null))
    );
    // The base URL's host names the base domain.
    let link = app
        .create_link(json!({ "url": "https://example.org/", "slug": "b", "domain": "127.0.0.1" }))
        .await;
    assert_eq!(link["short_url"], app.url("/b"));

    let marketer = app.token_with_role(lanterne::auth::Role::Marketer).await;
    for (method, path) in [
        (Method::GET, "/domains"),
        (Method::DELETE, "/domains/go.example"),
    ] {
        let (status, _) = app.api_as(&marketer, method, path, None).await;
        assert_eq!(status, 403, "{path}");
    }
    let (status, list) = app.api(Method::GET, "/domains", None).await;
    assert_eq!(status, 200);
    assert_eq!(list["domains"][0]["host"], "go.example");
    assert_eq!(list["domains"][0]["root_url"], serde_json::Value::Null);

    app.create_link(json!({ "url": "https://example.org/", "slug": "x", "domain": "go.example" }))
        .await;
    let (status, error) = app.api(Method::DELETE, "/domains/go.example", None).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (
            409,
            Some("1 link uses the domain go.example: delete it first")
        )
    );
    app.api(Method::DELETE, "/links/x?domain=go.example", None)
        .await;
    let (status, _) = app.api(Method::DELETE, "/domains/go.example", None).await;
    assert_eq!(status, 204);
    let (status, _) = app.api(Method::DELETE, "/domains/go.example", None).await;
    assert_eq!(status, 404);
    // Gone, its host is served as the base URL's again.
    assert_eq!(app.get_on("go.example", "/login").await.status(), 200);
}
both!(hosts_that_cannot_be_domains_are_refused_with_what_is_wrong);

/// One slug on two domains, 3 clicks on the branded one and 1 on the base host's: the stats
/// API and the dashboard tell them apart by `link=go.example/SLUG`, top links key them so, and
/// the campaign and links pages lead to each one's own figures.
async fn stats_name_a_link_on_a_branded_domain_by_host_and_slug(app: &TestApp) {
    app.add_domain("go.example", None).await;
    let (status, body) = app
        .api(
            Method::POST,
            "/campaigns",
            Some(json!({ "name": "Spring", "url": "https://example.org/branded", "channels": ["whatsapp"], "domain": "go.example" })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let campaign = body["campaign"]["id"].as_i64().unwrap();
    let slug = body["links"][0]["slug"].as_str().unwrap().to_owned();
    app.create_link(
        json!({ "url": "https://example.org/plain", "slug": slug, "campaign": "Autumn" }),
    )
    .await;
    let db = lanterne::db::Db::connect(&app.database_url).await.unwrap();
    let id_on = async |domain: &str| db.link_by_slug(domain, &slug).await.unwrap().unwrap().id;
    let (branded, plain) = (id_on("go.example").await, id_on("").await);
    db.close().await;
    let mut rows = hit(branded).visitor(1).times(3);
    rows.extend(hit(plain).visitor(2).times(1));
    app.insert_hits(&rows).await;

    let stats = async |query: &str| {
        let path = format!("/stats?period=7d&{query}");
        let (status, stats) = app.api(Method::GET, &path, None).await;
        assert_eq!(status, 200, "{path}: {stats}");
        stats
    };
    assert_eq!(stats(&format!("link={slug}")).await["total"]["clicks"], 1);
    let key = format!("go.example/{slug}");
    let asked = format!("link=GO.Example./{slug}");
    assert_eq!(stats(&asked).await["total"]["clicks"], 3);
    let by_link = stats("group_by=link").await;
    let rows: Vec<(&str, i64, &str)> = by_link["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let campaign = r["campaign"].as_str().unwrap_or_default();
            (
                r["key"].as_str().unwrap(),
                r["clicks"].as_i64().unwrap(),
                campaign,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [(key.as_str(), 3, "Spring"), (slug.as_str(), 1, "Autumn")]
    );
    let (status, error) = app
        .api(
            Method::GET,
            "/stats?group_by=destination&link=go.example/nothing",
            None,
        )
        .await;
    assert_eq!(
        (status, error["error"].as_str()),
        (
            404,
            Some("there is no link with the slug \"nothing\" on go.example")
        )
    );

    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let (_, html) = admin
        .page(&format!("/dashboard?period=7d&link={key}"))
        .await;
    assert!(html.contains(&format!("<strong>{key}</strong>")), "{html}");
    assert!(
        html.contains("https://example.org/branded?utm_source=whatsapp"),
        "{html}"
    );
    let (_, html) = admin
        .page(&format!("/campaigns/{campaign}?period=7d"))
        .await;
    assert!(html.contains(&format!("/dashboard?link={key}\"")), "{html}");
    assert!(html.contains("data-label=\"Clicks\">3</td>"), "{html}");
    let (_, html) = admin.page("/links").await;
    assert!(html.contains(&format!("/dashboard?link={key}\"")), "{html}");
    assert!(
        html.contains(&format!("/dashboard?link={slug}\"")),
        "{html}"
    );
}
both!(stats_name_a_link_on_a_branded_domain_by_host_and_slug);

/// An international domain is one domain in either of its forms: added as `Café.example`, it
/// is registered once (`xn--caf-dma.example` again is a 409); links go on it, and are found,
/// changed and deleted, by either name; and either name removes it.
async fn an_international_domain_is_named_in_unicode_or_punycode(app: &TestApp) {
    app.add_domain("Café.example", None).await;
    let (status, list) = app.api(Method::GET, "/domains", None).await;
    assert_eq!(status, 200);
    assert_eq!(list["domains"][0]["host"], "xn--caf-dma.example");
    let (status, error) = app
        .api(
            Method::POST,
            "/domains",
            Some(json!({ "host": "xn--caf-dma.example" })),
        )
        .await;
    assert_eq!(
        (status, error["error"].as_str()),
        (
            409,
            Some("the domain xn--caf-dma.example is registered already")
        )
    );

    let link = app
        .create_link(
            json!({ "url": "https://example.org/menu", "slug": "menu", "domain": "café.example" }),
        )
        .await;
    assert_eq!(link["domain"], "xn--caf-dma.example");
    assert_eq!(link["short_url"], "http://xn--caf-dma.example/menu");
    let (status, error) = app
        .api(
            Method::POST,
            "/links",
            Some(json!({ "url": "https://example.org/x", "slug": "menu", "domain": "XN--CAF-DMA.example." })),
        )
        .await;
    assert_eq!(
        (status, error["error"].as_str()),
        (
            409,
            Some("the slug \"menu\" is already taken on xn--caf-dma.example")
        )
    );
    let (status, shown) = app
        .api(Method::GET, "/links/menu?domain=CAFÉ.example", None)
        .await;
    assert_eq!(
        (status, &shown["url"]),
        (200, &json!("https://example.org/menu"))
    );
    let (status, changed) = app
        .api(
            Method::PATCH,
            "/links/menu?domain=café.example",
            Some(json!({ "url": "https://example.org/carte" })),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    let redirect = app.get_on("xn--caf-dma.example", "/menu").await;
    assert_eq!(location(&redirect), "https://example.org/carte");
    let (status, _) = app
        .api(Method::GET, "/stats?period=7d&link=café.example/menu", None)
        .await;
    assert_eq!(status, 200);

    let (status, error) = app
        .api(
            Method::POST,
            "/links",
            Some(json!({ "url": "https://example.org/", "domain": "thé.example" })),
        )
        .await;
    assert_eq!(status, 422, "{error}");
    let (status, error) = app.api(Method::DELETE, "/domains/café.example", None).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (
            409,
            Some("1 link uses the domain xn--caf-dma.example: delete it first")
        )
    );
    let (status, _) = app
        .api(Method::DELETE, "/links/menu?domain=Café.example", None)
        .await;
    assert_eq!(status, 204);
    let (status, _) = app.api(Method::DELETE, "/domains/Café.example", None).await;
    assert_eq!(status, 204);
    let (_, list) = app.api(Method::GET, "/domains", None).await;
    assert_eq!(list["domains"], json!([]));
}
both!(an_international_domain_is_named_in_unicode_or_punycode);
