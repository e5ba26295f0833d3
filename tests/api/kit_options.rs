//! Options of one share kit run: the dates, expired URL, click limit and password given on the
//! kit's form (or to `POST /api/v1/campaigns`) go to every link the run makes; links the
//! campaign gets later are made without them; a refused option leaves nothing made.

use lanterne::auth::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::TestApp;

const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 \
    (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

/// The links of `campaign`, as the API shows them.
async fn links_of(app: &TestApp, campaign: &str) -> Vec<Value> {
    let path = format!("/links?campaign={}", campaign.replace(' ', "%20"));
    let (status, list) = app.api(Method::GET, &path, None).await;
    assert_eq!(status, 200, "{list}");
    list["links"].as_array().unwrap().clone()
}

/// A person opening `slug`: its status and where it sends them.
async fn visit(app: &TestApp, slug: &str) -> (u16, String) {
    let response = app
        .http
        .get(app.url(&format!("/{slug}")))
        .header("user-agent", CHROME)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    status_and_location(&response)
}

/// A redirect's status and where it sends the person (empty when nowhere).
fn status_and_location(response: &reqwest::Response) -> (u16, String) {
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status().as_u16(), location)
}

/// A person typing `password` into the form of `slug`: its status and where it sends them.
async fn unlock(app: &TestApp, slug: &str, password: &str) -> (u16, String) {
    let response = app
        .http
        .post(app.url(&format!("/{slug}")))
        .header("user-agent", CHROME)
        .header("accept", "text/html")
        .form(&[("password", password), ("from", "")])
        .send()
        .await
        .unwrap();
    status_and_location(&response)
}

async fn every_link_of_a_kit_run_gets_its_dates_limit_and_password(app: &TestApp) {
    let marketer = app.signed_in("mark@example.com", Role::Marketer).await;
    let (status, page) = marketer.page("/links/kit").await;
    assert_eq!(status, 200);
    assert!(page.contains("Dates, click limit and password of these links"));
    let response = marketer
        .post(
            "/links/kit",
            &[
                ("campaign", "Flash sale"),
                ("url", "https://shop.example/flash"),
                ("channel", "whatsapp"),
                ("channel", "email"),
                ("utm", "on"),
                ("starts_at", "2020-01-01T00:00"),
                ("expires_at", "2999-01-01T00:00"),
                ("expired_url", "https://shop.example/over"),
                ("max_clicks", "2"),
                ("password", "flash 42"),
            ],
        )
        .await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    let links = links_of(app, "Flash sale").await;
    assert_eq!(links.len(), 2);
    for link in &links {
        // The test server's time zone is UTC.
        assert_eq!(link["starts_at"], "2020-01-01T00:00:00.000Z", "{link}");
        assert_eq!(link["expires_at"], "2999-01-01T00:00:00.000Z");
        assert_eq!(link["expired_url"], "https://shop.example/over");
        assert_eq!(link["max_clicks"], 2);
        assert_eq!(link["password_protected"], true);
    }

    // The same password opens each link; past its two people, a link sends to expired_url.
    let slug = |channel: &str| {
        links.iter().find(|l| l["channel"] == channel).unwrap()["slug"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (whatsapp, email) = (slug("whatsapp"), slug("email"));
    assert_eq!(visit(app, &email).await.0, 200, "a password form");
    assert_eq!(unlock(app, &email, "wrong").await.0, 403);
    let (status, to) = unlock(app, &email, "flash 42").await;
    assert_eq!(status, 303);
    assert!(
        to.starts_with("https://shop.example/flash?utm_source=email"),
        "{to}"
    );
    for _ in 0..2 {
        let (status, to) = unlock(app, &whatsapp, "flash 42").await;
        assert_eq!(status, 303);
        assert!(to.contains("utm_source=whatsapp"), "{to}");
    }
    assert_eq!(
        visit(app, &whatsapp).await,
        (302, "https://shop.example/over".to_owned()),
        "the third person"
    );

    // Links the campaign gets later are made without the run's options.
    let later =
        json!({"name": "Flash sale", "url": "https://shop.example/flash", "channels": ["sms"]});
    let (status, joined) = app.api(Method::POST, "/campaigns", Some(later)).await;
    assert_eq!(status, 201, "{joined}");
    let sms = &joined["links"][0];
    assert!(
        sms["expires_at"].is_null() && sms["max_clicks"].is_null(),
        "{sms}"
    );
    assert_eq!(sms["password_protected"], false);
    assert_eq!(visit(app, sms["slug"].as_str().unwrap()).await.0, 302);
}
both!(every_link_of_a_kit_run_gets_its_dates_limit_and_password);

async fn a_kit_run_with_a_bad_option_makes_nothing(app: &TestApp) {
    let marketer = app.signed_in("mark@example.com", Role::Marketer).await;
    let kit = |extra: &[(&'static str, &'static str)]| {
        let mut form = vec![
            ("campaign", "Refused"),
            ("url", "https://shop.example/refused"),
            ("channel", "whatsapp"),
        ];
        form.extend_from_slice(extra);
        form
    };
    for (extra, why) in [
        (
            vec![("expired_url", "https://shop.example/over")],
            "only applies once the link has ended: set Expires or a click limit too",
        ),
        (
            vec![
                ("starts_at", "2030-01-02T00:00"),
                ("expires_at", "2030-01-01T00:00"),
            ],
            "The end date (Expires) must be after the start date (Starts).",
        ),
        (vec![("password", "   ")], "The password is empty."),
    ] {
        marketer
            .assert_refused("/links/kit", &kit(&extra), 422, why)
            .await;
    }
    // Told in the viewer's language, with the run's fields open and kept.
    marketer
        .submit("/account", &[("locale", "fr"), ("timezone", "")])
        .await;
    let response = marketer
        .post(
            "/links/kit",
            &kit(&[
                ("max_clicks", "beaucoup"),
                ("expires_at", "2030-01-01T00:00"),
            ]),
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    for phrase in [
        "La limite de clics doit être un nombre entier.",
        "Dates, limite de clics et mot de passe de ces liens",
        r#"<details class="options" open>"#,
        r#"value="2030-01-01T00:00""#,
    ] {
        assert!(page.contains(phrase), "no {phrase:?}: {page}");
    }

    // The API refuses a bad option before anything is made, too.
    for (extra, why) in [
        (json!({"max_clicks": 0}), "between 1 and"),
        (
            json!({"expires_at": "tomorrow"}),
            "expires_at is not a time",
        ),
        (json!({"password": ""}), "the password is empty"),
    ] {
        let mut body = json!({"name": "Refused", "url": "https://shop.example/refused", "channels": ["email"]});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        let (status, error) = app.api(Method::POST, "/campaigns", Some(body)).await;
        assert_eq!(status, 422, "{error}");
        assert!(error["error"].as_str().unwrap().contains(why), "{error}");
    }
    assert!(links_of(app, "Refused").await.is_empty());
    let (_, campaigns) = app.api(Method::GET, "/campaigns", None).await;
    assert!(!campaigns.to_string().contains("Refused"), "{campaigns}");
}
both!(a_kit_run_with_a_bad_option_makes_nothing);

async fn the_api_starts_a_campaign_whose_links_carry_the_run_options(app: &TestApp) {
    let body = json!({
        "name": "Launch", "url": "https://shop.example/launch", "channels": ["whatsapp", "x"],
        "expires_at": "2999-01-01T00:00:00Z", "max_clicks": 5, "password": "launch day",
    });
    let (status, started) = app.api(Method::POST, "/campaigns", Some(body)).await;
    assert_eq!(status, 201, "{started}");
    for link in started["links"].as_array().unwrap() {
        assert_eq!(link["expires_at"], "2999-01-01T00:00:00.000Z", "{link}");
        assert_eq!(link["max_clicks"], 5);
        assert_eq!(link["password_protected"], true);
        assert!(link["starts_at"].is_null() && link["preview"].is_null());
        let slug = link["slug"].as_str().unwrap();
        assert_eq!(unlock(app, slug, "launch day").await.0, 303);
    }
}
both!(the_api_starts_a_campaign_whose_links_carry_the_run_options);
