//! What a screen reader says: the accessible names Chromium computes (WebDriver's "Get
//! Computed Label"), and the assertions that each row's controls are named after their row.

use fantoccini::{Client, Locator};

use crate::chromium::Chromium;

/// WebDriver's "Get Computed Label": the accessible name Chromium gives an element, which a
/// screen reader says for it.
#[derive(Debug)]
struct ComputedLabel(String);

impl fantoccini::wd::WebDriverCompatibleCommand for ComputedLabel {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session.unwrap_or_default();
        base.join(&format!(
            "session/{session}/element/{}/computedlabel",
            self.0
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        (axum::http::Method::GET, None)
    }
}

/// The accessible names of the elements `css` selects, in the page's order.
pub async fn accessible_names(client: &Client, css: &str) -> Vec<String> {
    let mut names = Vec::new();
    for element in client.find_all(Locator::Css(css)).await.unwrap() {
        let label = client
            .issue_cmd(ComputedLabel(element.element_id().to_string()))
            .await
            .unwrap();
        names.push(label.as_str().unwrap_or_default().to_owned());
    }
    names
}

/// Asserts that the controls `css` selects are named `expected`, in any order: one each,
/// so that no two rows' controls share a name.
pub async fn assert_named<S: AsRef<str>>(client: &Client, css: &str, expected: &[S]) {
    let mut names = accessible_names(client, css).await;
    names.sort();
    let mut expected: Vec<&str> = expected.iter().map(AsRef::as_ref).collect();
    expected.sort();
    assert_eq!(names, expected, "{css}");
}

/// How the rows of the table `css` name themselves: their short link without its scheme and
/// their channel as their first cell names it (`127.0.0.1:PORT/abc (WhatsApp)`).
pub async fn link_rows(browser: &Chromium, css: &str) -> Vec<String> {
    let script = format!(
        "return [...document.querySelectorAll(\"{css} tbody tr\")].map(tr => \
         tr.querySelector('a.short').textContent.replace('http://', '') + ' (' + \
         tr.cells[0].firstChild.textContent.trim() + ')');"
    );
    let rows = browser.run(&script).await;
    serde_json::from_value(rows).unwrap()
}

/// `words` before each of `rows`: the names of a control on each row (the rows alone
/// without words).
pub fn each<S: AsRef<str>>(words: &str, rows: &[S]) -> Vec<String> {
    let words = if words.is_empty() {
        String::new()
    } else {
        format!("{words} ")
    };
    rows.iter()
        .map(|row| format!("{words}{}", row.as_ref()))
        .collect()
}

/// Asserts that each of `controls` (a selector in the table `table`'s body, and the words
/// its name starts with) is named after each row of `rows` in turn.
pub async fn assert_rows_named(
    client: &Client,
    table: &str,
    controls: &[(&str, &str)],
    rows: &[String],
) {
    for (css, words) in controls {
        assert_named(client, &format!("{table} tbody {css}"), &each(words, rows)).await;
    }
}
