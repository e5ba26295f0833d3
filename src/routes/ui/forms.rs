//! Reading forms and wording refusals, the same way on every page.

/// Themes typed as one comma-separated field.
pub fn split_tags(tags: &str) -> Vec<String> {
    tags.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A domain message ("the slug is taken") as a sentence ("The slug is taken.").
pub fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>() + "."
    })
}

/// `?domain=` naming the branded domain of the link a page or form is about; the base URL's
/// host when absent.
#[derive(serde::Deserialize, Default)]
pub struct OnDomain {
    #[serde(default)]
    pub domain: String,
}

impl OnDomain {
    /// As `links.domain` stores it.
    pub fn stored(&self, state: &crate::app::AppState) -> String {
        state.domains().stored(Some(&self.domain))
    }
}

/// A form that carries nothing but the session's CSRF token (a delete, a revoke).
#[derive(serde::Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

/// A form whose fields may repeat (a ticked box per channel), which a plain `Form` of a
/// struct cannot hold: the body is read as a list of pairs.
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
}
