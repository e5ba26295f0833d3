//! The page someone asked for while signed out: carried through the sign-in form and returned
//! to after it. Only a path of this site is kept, never an address that leads elsewhere (an
//! open redirect would lend this site's name to any phishing page).

use serde::Deserialize;

use super::forms::same_site_path;

/// Where sign-in leads when no page was asked for.
pub const DEFAULT: &str = "/dashboard";

/// Longest path kept: a dashboard's filters fit many times over.
const MAX_LEN: usize = 2048;

/// The sign-in page's query, and its form's hidden field.
#[derive(Debug, Default, Deserialize)]
pub struct Next {
    #[serde(default)]
    pub next: String,
}

impl Next {
    /// The page to return to, if it is one of this site's.
    pub fn page(&self) -> Option<&str> {
        checked(&self.next)
    }

    /// The `next` of a query string (`next=%2Fcampaigns%2F1`); none when it cannot be read.
    pub fn of_query(query: Option<&str>) -> Next {
        serde_urlencoded::from_str(query.unwrap_or_default()).unwrap_or_default()
    }
}

/// The sign-in page's address, carrying `asked` (a path with its query) back when it is a
/// page of this site other than the default one.
pub fn login_url(asked: &str) -> String {
    match checked(asked) {
        Some(page) if page != DEFAULT => {
            let query = serde_urlencoded::to_string([("next", page)]).unwrap_or_default();
            format!("/login?{query}")
        }
        _ => "/login".to_owned(),
    }
}

/// `next` if it is a path of this site, as a form's way back is one
/// ([`same_site_path`]), not too long, and not the sign-in pages themselves.
pub fn checked(next: &str) -> Option<&str> {
    let next = same_site_path(next)?;
    let path = next.split('?').next().unwrap_or_default();
    (next.len() <= MAX_LEN && !matches!(path, "/login" | "/logout" | "/setup")).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_site_are_returned_to() {
        for page in ["/campaigns/1?period=7d", "/", "/links?q=%2F%2Fx", "/a//b"] {
            assert_eq!(checked(page), Some(page), "{page}");
        }
        for elsewhere in [
            "",
            "//evil.example",
            "//evil.example/campaigns",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "/café",
            "/login",
            "/login?next=/x",
            "/logout",
        ] {
            assert_eq!(checked(elsewhere), None, "{elsewhere:?}");
        }
        assert_eq!(checked(&format!("/{}", "a".repeat(MAX_LEN))), None);
    }

    #[test]
    fn the_sign_in_address_carries_the_page_encoded() {
        assert_eq!(
            login_url("/campaigns/1?period=7d"),
            "/login?next=%2Fcampaigns%2F1%3Fperiod%3D7d"
        );
        assert_eq!(login_url("/dashboard"), "/login");
        assert_eq!(login_url("//evil.example"), "/login");
        let next = Next::of_query(Some("next=%2Fcampaigns%2F1%3Fperiod%3D7d&x=1"));
        assert_eq!(next.page(), Some("/campaigns/1?period=7d"));
        assert_eq!(Next::of_query(Some("next=%2F%2Fevil.example")).page(), None);
        assert_eq!(Next::of_query(Some("%%%")).page(), None);
        assert_eq!(Next::of_query(None).page(), None);
    }
}
