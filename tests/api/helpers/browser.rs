//! A person at the web UI: a browser that keeps its cookies, shows redirects instead of
//! following them, and posts forms with its session's CSRF token.

use lanterne::auth::{Role, password};
use lanterne::db::Db;

use super::TestApp;

/// The password of every user the tests create.
pub const PASSWORD: &str = "correct horse battery";

/// A browser at one server; signed in once [`Browser::sign_in`] (or [`TestApp::signed_in`])
/// ran.
pub struct Browser {
    base: String,
    http: reqwest::Client,
    csrf: String,
}

impl TestApp {
    /// A browser with no session.
    pub fn browser(&self) -> Browser {
        Browser::at(&self.base)
    }

    /// A browser signed in as a new user `email` of `role`.
    pub async fn signed_in(&self, email: &str, role: Role) -> Browser {
        self.add_user(email, role).await;
        let mut browser = self.browser();
        browser.sign_in(email).await;
        browser
    }

    /// Creates the user `email` of `role`, with the tests' [`PASSWORD`].
    pub async fn add_user(&self, email: &str, role: Role) {
        let db = Db::connect(&self.database_url).await.unwrap();
        db.insert_user(email, &password::hash(PASSWORD), role.as_str(), 0)
            .await
            .unwrap();
        db.close().await;
    }
}

impl Browser {
    /// A browser with no session at the server `base` (`http://127.0.0.1:port`).
    pub fn at(base: &str) -> Browser {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Browser {
            base: base.to_owned(),
            http,
            csrf: String::new(),
        }
    }

    /// Signs in as `email`, who has an account with the tests' [`PASSWORD`] already, and keeps
    /// the session's CSRF token for the forms that follow.
    pub async fn sign_in(&mut self, email: &str) {
        let response = self
            .post("/login", &[("email", email), ("password", PASSWORD)])
            .await;
        assert_eq!(response.status(), 303, "sign-in of {email}");
        self.csrf = csrf_of(&self.page("/links").await.1);
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.request(reqwest::Method::GET, path)
            .send()
            .await
            .unwrap()
    }

    /// A request with the browser's cookies, to add to before sending.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base))
    }

    /// A page's status and body.
    pub async fn page(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// A page's status and body, asked for by a browser set to the language `accept_language`
    /// (an `Accept-Language` header such as `fr-FR,fr;q=0.9`).
    pub async fn page_in(&self, accept_language: &str, path: &str) -> (u16, String) {
        let response = self
            .request(reqwest::Method::GET, path)
            .header("accept-language", accept_language)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// Posts `form` with the session's CSRF token, unless the form brings a `csrf` of its own
    /// (a forged one, to see it refused).
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.post_in("en", path, form).await
    }

    /// [`Browser::post`] from a browser set to the language `accept_language`.
    pub async fn post_in(
        &self,
        accept_language: &str,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut fields = form.to_vec();
        if !self.csrf.is_empty() && !form.iter().any(|(name, _)| *name == "csrf") {
            fields.insert(0, ("csrf", &self.csrf));
        }
        self.http
            .post(format!("{}{path}", self.base))
            .header("accept-language", accept_language)
            .form(&fields)
            .send()
            .await
            .unwrap()
    }

    /// Posts `form` as a browser sends a form with a file field: multipart, the session's CSRF
    /// token first (unless the form brings its own), then the fields, then the file
    /// `card_image` named `file_name` holding `bytes`.
    pub async fn post_with_file(
        &self,
        path: &str,
        form: &[(&str, &str)],
        file_name: &str,
        bytes: &[u8],
    ) -> reqwest::Response {
        let boundary = "----lanterne-test-boundary";
        let mut body = Vec::new();
        let mut part = |disposition: &str, value: &[u8]| {
            let head = format!("--{boundary}\r\nContent-Disposition: form-data; {disposition}");
            body.extend_from_slice(head.as_bytes());
            body.extend_from_slice(value);
            body.extend_from_slice(b"\r\n");
        };
        if !form.iter().any(|(name, _)| *name == "csrf") {
            part("name=\"csrf\"\r\n\r\n", self.csrf.as_bytes());
        }
        for (name, value) in form {
            part(&format!("name=\"{name}\"\r\n\r\n"), value.as_bytes());
        }
        let file = format!(
            "name=\"card_image\"; filename=\"{file_name}\"\r\nContent-Type: image/png\r\n\r\n"
        );
        part(&file, bytes);
        body.extend(format!("--{boundary}--\r\n").into_bytes());
        self.request(reqwest::Method::POST, path)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// The page a form's 303 sends the browser to, fetched.
    pub async fn follow(&self, response: reqwest::Response) -> (u16, String) {
        assert_eq!(response.status(), 303, "expected a redirect after the form");
        let to = response.headers()["location"].to_str().unwrap().to_owned();
        self.page(&to).await
    }

    /// Posts a form and follows its 303 to the page it leads to.
    pub async fn submit(&self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        self.follow(self.post(path, form).await).await
    }

    /// Posts a form and checks that it is refused with `status` and a page that says `why`.
    pub async fn assert_refused(&self, path: &str, form: &[(&str, &str)], status: u16, why: &str) {
        let response = self.post(path, form).await;
        assert_eq!(response.status(), status, "{path}");
        let html = response.text().await.unwrap();
        assert!(html.contains(why), "{path} does not say {why:?}:\n{html}");
    }
}

/// The CSRF token of the first form in `html`.
fn csrf_of(html: &str) -> String {
    let start = html
        .find(r#"name="csrf" value=""#)
        .expect("a form with a CSRF token")
        + 19;
    html[start..start + 32].to_owned()
}

/// The number after the first `prefix` in `html` (an id in a link or form action).
pub fn id_after(html: &str, prefix: &str) -> String {
    let start = html
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} in the page"))
        + prefix.len();
    html[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}
