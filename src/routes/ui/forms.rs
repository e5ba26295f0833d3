//! Reading forms and wording refusals, the same way on every page.

/// Themes typed as one comma-separated field.
pub fn split_tags(tags: &str) -> Vec<String> {
    tags.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A destination as a person types it in a form: without a scheme
/// (`boutique.example/soldes`, `localhost:8080/x`) it gets `https://`, as a browser's address
/// bar would. The API takes URLs as they come (`destination::parse`); only the UI forgives.
/// A scheme that is there (`http:`, `javascript:`) is kept, for the check to judge.
pub fn with_scheme(typed: &str) -> String {
    let typed = typed.trim();
    let names_a_scheme = typed.split_once(':').is_some_and(|(scheme, rest)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            // `host:8080/…` is a port, not a scheme.
            && !rest.starts_with(|c: char| c.is_ascii_digit())
    });
    if typed.is_empty() || names_a_scheme || typed.starts_with('/') {
        typed.to_owned()
    } else {
        format!("https://{typed}")
    }
}

/// A domain message ("the slug is taken") as a sentence ("The slug is taken.").
pub fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>() + "."
    })
}

/// Where to go after a change made from a list: the page it was made on (a local path),
/// else the links.
pub fn back_to(back: &str) -> &str {
    same_site_path(back).unwrap_or("/links")
}

/// `path` if it is a path of this site, for a `Location`: one `/` first (`//evil.example`
/// is another site), and only the characters of a URL's path and query (browsers drop tabs
/// and line breaks from a `Location`, so `/\t/evil.example/` would become `//evil.example/`;
/// a `\` reads as `/`; and a CR or LF cannot be put in a header at all).
pub fn same_site_path(path: &str) -> Option<&str> {
    let url_chars = path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%".contains(&b));
    (url_chars && path.starts_with('/') && !path.starts_with("//")).then_some(path)
}

/// A form that carries nothing but the session's CSRF token (a delete, a revoke).
#[derive(serde::Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

/// A form whose fields may repeat (a ticked box per channel), which a plain `Form` of a
/// struct cannot hold: the body is read as a list of pairs.
#[derive(serde::Deserialize)]
#[serde(transparent)]
pub struct Pairs(pub Vec<(String, String)>);

impl Pairs {
    /// The first value of `name`, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// A checkbox: present with the value `on`.
    pub fn checked(&self, name: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && v == "on")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(split_tags(" a, ,b "), ["a", "b"]);
        assert_eq!(sentence("the slug is taken"), "The slug is taken.");
        let pairs = Pairs(vec![
            ("channel".into(), "x".into()),
            ("channel".into(), "sms".into()),
            ("utm".into(), "on".into()),
        ]);
        assert_eq!(pairs.all("channel"), ["x", "sms"]);
        assert!(pairs.checked("utm") && !pairs.checked("other"));
        assert_eq!(pairs.get("missing"), "");
    }

    #[test]
    fn a_destination_without_a_scheme_gets_https() {
        for (typed, meant) in [
            ("boutique.example/soldes", "https://boutique.example/soldes"),
            (" boutique.example ", "https://boutique.example"),
            ("shop.example:8443/x", "https://shop.example:8443/x"),
            ("www.example/a?b=c:d", "https://www.example/a?b=c:d"),
            ("http://example.com/", "http://example.com/"),
            ("HTTPS://example.com/", "HTTPS://example.com/"),
            ("javascript:alert(1)", "javascript:alert(1)"),
            ("mailto:a@example.com", "mailto:a@example.com"),
            ("", ""),
        ] {
            assert_eq!(with_scheme(typed), meant, "{typed}");
        }
    }

    #[test]
    fn back_stays_on_this_site() {
        assert_eq!(back_to("/campaigns/3"), "/campaigns/3");
        assert_eq!(back_to("//evil.example/"), "/links");
        assert_eq!(back_to("https://evil.example/"), "/links");
        assert_eq!(back_to("/\\evil.example"), "/links");
        assert_eq!(back_to("/\t/evil.example/"), "/links");
        assert_eq!(back_to("/\r\nSet-Cookie: x=1"), "/links");
        assert_eq!(back_to("/ /evil.example/"), "/links");
        assert_eq!(
            back_to("/links?q=spring%20sale&page=2"),
            "/links?q=spring%20sale&page=2"
        );
        assert_eq!(back_to(""), "/links");
    }
}
