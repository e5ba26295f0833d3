//! Bad input everywhere a client can put it: NUL, invalid UTF-8, control characters and
//! oversized values in paths, query strings, headers, JSON and forms. Every answer is a 4xx or
//! what a good request would get, never a 5xx, and the database holds nothing wrong after it.

use std::io::{Read, Write};

use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::helpers::TestApp;

/// Values that must never reach the database as they are (percent-encoded for URLs).
const HOSTILE_IN_URL: [&str; 6] = ["%00", "a%00b", "%FF%FE", "%C3%28", "%0D%0A", "%E2%80%AE"];

/// Sends raw bytes and returns the status code of the answer (0 when there was none).
fn raw_status(app: &TestApp, request: &[u8]) -> u16 {
    let mut stream = std::net::TcpStream::connect(app.addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response)
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

async fn status(app: &TestApp, method: Method, path: &str, body: Option<&str>) -> u16 {
    let mut request = app
        .http
        .request(method, app.url(path))
        .bearer_auth(&app.token);
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_owned());
    }
    request.send().await.unwrap().status().as_u16()
}

async fn hostile_input_never_gets_a_5xx(app: &TestApp) {
    app.create_link(
        json!({ "url": "https://example.com/", "slug": "ok", "campaign": "c", "tags": ["t"] }),
    )
    .await;
    let mut answers = Vec::new();

    // In query strings and path segments of every API route and of the redirect.
    for bad in HOSTILE_IN_URL {
        for path in [
            format!("/api/v1/links?q={bad}"),
            format!("/api/v1/links?campaign={bad}&channel={bad}&tag={bad}"),
            format!("/api/v1/links?cursor={bad}"),
            format!("/api/v1/links/{bad}"),
            format!("/api/v1/links/{bad}/hits"),
            format!("/api/v1/links/ok/hits?cursor={bad}"),
            format!("/api/v1/stats?campaign={bad}&channel={bad}&tag={bad}&link={bad}"),
            format!("/api/v1/stats?tz={bad}&from={bad}&to={bad}&period={bad}"),
            format!("/api/v1/stats?group_by={bad}"),
            format!("/{bad}"),
            format!("/ok{bad}"),
            format!("/links/{bad}/qr.svg"),
        ] {
            answers.push((path.clone(), status(app, Method::GET, &path, None).await));
        }
        let path = format!("/api/v1/links/{bad}");
        for method in [Method::PATCH, Method::DELETE] {
            let body = (method == Method::PATCH).then_some(r#"{"enabled": true}"#);
            answers.push((
                format!("{method} {path}"),
                status(app, method, &path, body).await,
            ));
        }
    }
    // In JSON strings: NUL, other controls, bidi overrides, lone surrogates, huge values;
    // as JSON escapes in the text, and as the characters themselves.
    let huge = "x".repeat(200_000);
    let escaped = [
        "\\u0000",
        "a\\u0000b",
        "\\r\\n",
        "\\u001b[31m",
        "\\ud800",
        "\\udfff\\ud800",
    ];
    let plain = [
        "\u{0}",
        "a\u{0}b",
        "\r\n",
        "\u{1b}[31m",
        "\u{202e}moc.elpmaxe",
        huge.as_str(),
    ];
    for field in ["url", "slug", "campaign", "channel"] {
        let mut bodies: Vec<String> = escaped
            .iter()
            .map(|bad| format!(r#"{{"url": "https://example.com/", "{field}": "{bad}"}}"#))
            .collect();
        for bad in plain {
            let mut body = json!({ "url": "https://example.com/" });
            body[field] = json!(bad);
            bodies.push(body.to_string());
        }
        for body in bodies {
            let got = status(app, Method::POST, "/api/v1/links", Some(&body)).await;
            answers.push((format!("POST {body:.60}"), got));
            let got = status(app, Method::PATCH, "/api/v1/links/ok", Some(&body)).await;
            answers.push((format!("PATCH {body:.60}"), got));
        }
    }
    for body in [
        r#"{"url": "https://example.com/", "tags": ["\u0000"]}"#,
        r#"{"url": "https://example.com/", "tags": "not a list"}"#,
        r#"{"url": "https://example.com/", "tags": [1, 2]}"#,
        r#"{"url": ["https://example.com/"]}"#,
        r#"{"url": null}"#,
        r#"[]"#,
        r#"""#,
        "{\"url\": \"https://example.com/\", \"campaign\": \"\u{0}\"}",
    ] {
        let got = status(app, Method::POST, "/api/v1/links", Some(body)).await;
        answers.push((format!("POST {body}"), got));
    }
    // In headers: invalid UTF-8 and control bytes in the token, the referrer, the user
    // agent and the forwarding headers; NUL in the path.
    for request in [
        &b"GET /api/v1/links HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe\r\nConnection: close\r\n\r\n"[..],
        b"GET /api/v1/links HTTP/1.1\r\nHost: x\r\nAuthorization: \x01\x02\r\nConnection: close\r\n\r\n",
        b"GET /ok HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: \xff, 1.2.3.4\x01\r\nForwarded: for=\"\xc3\x28\"\r\nConnection: close\r\n\r\n",
        b"GET /ok HTTP/1.1\r\nHost: x\r\nUser-Agent: \x7f\xc3\x28\r\nReferer: https://\xff\xfe/\x01\r\nConnection: close\r\n\r\n",
        b"GET /ok%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /api/v1/links/ok\x00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 32\r\nConnection: close\r\n\r\nemail=%00%FF&password=%00%C3%28x",
    ] {
        let got = tokio::task::block_in_place(|| raw_status(app, request));
        answers.push((String::from_utf8_lossy(request).into_owned(), got));
    }
    let failed: Vec<_> = answers
        .iter()
        .filter(|(_, status)| !(200..500).contains(status))
        .collect();
    assert!(
        failed.is_empty(),
        "answered with a 5xx or not at all: {failed:#?}"
    );

    // Nothing wrong reached the database: every link (some of the odd values above are
    // valid, such as a campaign of "\r\n", which trims to nothing) points at the one valid
    // destination sent and holds no control character; each redirect above whose headers
    // were odd but valid is a hit stored as text.
    let redirected = answers.iter().filter(|(_, status)| *status == 302).count();
    let (_, list) = app.api(Method::GET, "/links?limit=100", None).await;
    for link in list["links"].as_array().unwrap() {
        assert_eq!(link["url"], "https://example.com/", "{link}");
        let mut texts = vec![&link["campaign"], &link["channel"], &link["slug"]];
        texts.extend(link["tags"].as_array().unwrap());
        for text in texts.iter().filter_map(|t| t.as_str()) {
            assert!(
                !text.chars().any(char::is_control),
                "a control character was stored: {link}"
            );
        }
    }
    let hits = app.wait_for_hits("ok", redirected).await;
    for hit in &hits {
        for field in ["referrer", "user_agent", "referrer_host"] {
            let text = hit[field].as_str().unwrap_or("");
            assert!(
                !text.chars().any(|c| c == '\0'),
                "{field} holds a NUL: {hit}"
            );
        }
    }
    assert!(
        app.get("/ok").await.status() == 302,
        "the server still serves"
    );
}
both!(hostile_input_never_gets_a_5xx);

/// A request the API cannot read is refused in plain words that say what is wrong, with the
/// status README lists (400, 415, 422), never in serde's or axum's terms.
async fn malformed_requests_are_refused_in_plain_words(app: &TestApp) {
    let send = async |method: Method, path: &str, body: Option<&str>, json: bool| {
        let mut request = app
            .http
            .request(method, app.url(&format!("/api/v1{path}")))
            .bearer_auth(&app.token);
        if let Some(body) = body {
            if json {
                request = request.header("content-type", "application/json");
            }
            request = request.body(body.to_owned());
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let answer: serde_json::Value = response.json().await.unwrap();
        (status, answer["error"].as_str().unwrap().to_owned())
    };
    let cases = [
        (
            Method::POST,
            "/links",
            Some("[]"),
            true,
            422,
            "the body must be a JSON object, not a list",
        ),
        (
            Method::POST,
            "/links",
            Some("{}"),
            true,
            422,
            "the field \"url\" is missing",
        ),
        (
            Method::POST,
            "/links",
            Some(r#"{"url": 5}"#),
            true,
            422,
            "url: expected a text, not the number 5",
        ),
        (
            Method::POST,
            "/links",
            Some(r#"{"url": "https://example.com/", "tags": "a"}"#),
            true,
            422,
            "tags: expected a list, not the text \"a\"",
        ),
        (
            Method::POST,
            "/links",
            Some(r#"{"url": "https://example.com/", "colour": "red"}"#),
            true,
            422,
            "there is no field \"colour\"",
        ),
        (
            Method::POST,
            "/links",
            Some("{\"url\": "),
            true,
            400,
            "the body is not valid JSON (line 1, column 8)",
        ),
        (
            Method::POST,
            "/links",
            Some(r#"{"url": "https://example.com/"}"#),
            false,
            415,
            "send the body as JSON, with the header Content-Type: application/json",
        ),
        (
            Method::GET,
            "/campaigns/abc",
            None,
            false,
            400,
            "\"abc\" in the path is not a whole number",
        ),
        (
            Method::GET,
            "/links?limit=abc",
            None,
            false,
            422,
            "?limit=: expected a whole number",
        ),
        (
            Method::GET,
            "/links?enabled=maybe",
            None,
            false,
            422,
            "?enabled=: expected true or false",
        ),
        (
            Method::GET,
            "/links?colour=red",
            None,
            false,
            422,
            "there is no query parameter \"colour\"",
        ),
    ];
    for (method, path, body, json, status, says) in cases {
        let (got, error) = send(method.clone(), path, body, json).await;
        assert_eq!(got, status, "{method} {path} {body:?}: {error}");
        assert!(error.starts_with(says), "{method} {path} {body:?}: {error}");
        for internal in [
            "`",
            "i64",
            "struct ",
            "Failed to",
            "deserialize",
            "Invalid URL",
        ] {
            assert!(
                !error.contains(internal),
                "{method} {path} {body:?}: {error}"
            );
        }
    }
}
both!(malformed_requests_are_refused_in_plain_words);
