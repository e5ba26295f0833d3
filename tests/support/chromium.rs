//! Headless Chromium through chromedriver (Debian's `chromium` and `chromium-driver`) for
//! tests that play a person: each [`Chromium`] is a fresh profile, with an ordinary Chrome
//! user agent and `navigator.webdriver` off (`HeadlessChrome` is rightly classified a bot).
//! Without chromedriver, [`Chromium::start`] says loudly that the test is skipped (and
//! fails under CI). What a person does on a page ([`Chromium::fill`], [`Chromium::submit`],
//! [`Chromium::text_of`] …) waits for the page it acts on, never reads the one being left.
#![allow(dead_code)] // each test binary uses its part

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

// `support/server.rs`, which every binary with a browser declares beside this module.
use crate::server::free_port;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// What a current desktop Chrome sends.
pub const CHROME_UA: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 \
    (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

/// How the browser is set up beyond a person's defaults.
#[derive(Default)]
pub struct Options<'a> {
    /// The browser sends `DNT: 1` and says `navigator.doNotTrack == "1"`.
    pub do_not_track: bool,
    /// Host names resolved to 127.0.0.1 (a site "on" t.co served by the test).
    pub local_hosts: &'a [&'a str],
    /// The languages the browser asks pages in (`fr-FR,fr`); Chromium's own otherwise.
    pub languages: Option<&'a str>,
    /// Another person's browser than [`CHROME_UA`].
    pub user_agent: Option<&'a str>,
}

/// A browser with its own chromedriver, both stopped when dropped.
pub struct Chromium {
    pub client: Client,
    driver: Child,
    driver_port: u16,
    profile: std::path::PathBuf,
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

impl Chromium {
    /// A fresh browser, or `None` (said loudly) when chromedriver is not installed.
    pub async fn start(options: Options<'_>) -> Option<Chromium> {
        if !Path::new(CHROMEDRIVER).exists() {
            assert!(
                std::env::var_os("CI").is_none(),
                "chromedriver is required under CI"
            );
            eprintln!(
                "\n!!! {CHROMEDRIVER} is missing (apt-get install chromium chromium-driver): browser tests SKIPPED !!!\n"
            );
            return None;
        }
        let driver_port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting chromedriver");
        let profile =
            std::env::temp_dir().join(format!("lanterne-person-{}", rand::random::<u64>()));
        let mut args = vec![
            "--headless".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--no-first-run".into(),
            "--disable-blink-features=AutomationControlled".into(),
            format!("--user-agent={}", options.user_agent.unwrap_or(CHROME_UA)),
            format!("--user-data-dir={}", profile.display()),
        ];
        if !options.local_hosts.is_empty() {
            let rules: Vec<String> = options
                .local_hosts
                .iter()
                .map(|host| format!("MAP {host} 127.0.0.1"))
                .collect();
            args.push(format!("--host-resolver-rules={}", rules.join(",")));
        }
        let mut prefs = json!({ "enable_do_not_track": options.do_not_track });
        if let Some(languages) = options.languages {
            args.push(format!(
                "--lang={}",
                languages.split(',').next().unwrap_or(languages)
            ));
            args.push(format!("--accept-lang={languages}"));
            prefs["intl"] = json!({ "accept_languages": languages });
        }
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": args,
                "excludeSwitches": ["enable-automation"],
                "prefs": prefs,
            },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let capabilities = capabilities.as_object().unwrap().clone();
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            let mut builder =
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
            match builder
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{driver_port}"))
                .await
            {
                Ok(client) => break client,
                Err(err) if Instant::now() > deadline => {
                    panic!("cannot start a browser session: {err}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Some(Chromium {
            client,
            driver,
            driver_port,
            profile,
        })
    }

    /// Console entries since the last call, as `(source, level, message)`: `source` is
    /// `javascript` for what a script threw or logged, `network` for a failed request.
    pub async fn console(&self) -> Vec<(String, String, String)> {
        let session = self.client.session_id().await.unwrap().unwrap();
        let response: Value = reqwest::Client::new()
            .post(format!(
                "http://127.0.0.1:{}/session/{session}/se/log",
                self.driver_port
            ))
            .json(&json!({ "type": "browser" }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        response["value"]
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        let text = |k: &str| e[k].as_str().unwrap_or("").to_owned();
                        (text("source"), text("level"), text("message"))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The address bar, once `done` holds of it (5 s at most).
    pub async fn url_when(&self, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let url = self.client.current_url().await.unwrap().to_string();
            if done(&url) || Instant::now() > deadline {
                return url;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Goes to `url` as a person typing it in the address bar.
    pub async fn visit(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }

    /// Types `value` into the field `id`, emptied first.
    pub async fn fill(&self, id: &str, value: &str) {
        let field = self.client.wait().for_element(Locator::Id(id)).await;
        let field = field.unwrap_or_else(|_| panic!("no #{id}"));
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }

    pub async fn click(&self, css: &str) {
        self.client
            .wait()
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|_| panic!("no {css}"))
            .click()
            .await
            .unwrap();
    }

    /// Ticks the boxes `name` of each of `values`.
    pub async fn tick(&self, name: &str, values: &[&str]) {
        for value in values {
            self.click(&format!("input[name={name}][value='{value}']"))
                .await;
        }
    }

    /// Clicks `css` (a form's button, a link) and waits for the page it leads to, so that
    /// nothing is read from the page being left (its elements go stale under the reader).
    pub async fn submit(&self, css: &str) {
        self.run("document.body.dataset.left = 'yes'").await;
        self.click(css).await;
        let answered = Locator::Css("body:not([data-left])");
        self.client.wait().for_element(answered).await.unwrap();
    }

    /// What a script on the page answers.
    pub async fn run(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// The text of the first element `css`, once it is there.
    pub async fn text_of(&self, css: &str) -> String {
        // An element found just as its page is replaced goes stale: it is looked for again.
        for _ in 0..20 {
            let element = self.client.wait().for_element(Locator::Css(css)).await;
            if let Ok(text) = element.unwrap_or_else(|_| panic!("no {css}")).text().await {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{css} went stale 20 times")
    }

    /// The console's errors (`SEVERE`) since the last read of it.
    pub async fn console_errors(&self) -> Vec<(String, String, String)> {
        let entries = self.console().await.into_iter();
        entries.filter(|(_, level, _)| level == "SEVERE").collect()
    }
}
