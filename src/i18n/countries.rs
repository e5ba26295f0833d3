//! Countries by name in the page's language, from the ISO 3166-1 codes the geo database and
//! the targeting rules store (`FR` is "France", `DE` "Allemagne" in French). The names are
//! vendored in src/i18n/data/ (source and licence in its README.md).

use std::collections::HashMap;
use std::sync::LazyLock;

/// Code → name, for each language that has a list.
static NAMES: LazyLock<HashMap<&'static str, HashMap<String, String>>> = LazyLock::new(|| {
    [
        ("en", include_str!("data/countries-en.csv")),
        ("fr", include_str!("data/countries-fr.csv")),
    ]
    .into_iter()
    .map(|(language, list)| (language, read(list)))
    .collect()
});

fn read(list: &str) -> HashMap<String, String> {
    csv::Reader::from_reader(list.as_bytes())
        .records()
        .filter_map(Result::ok)
        .filter_map(|r| Some((r.get(0)?.to_owned(), r.get(1)?.to_owned())))
        .collect()
}

/// The name of the country `code` in the request's language (English for a language without
/// a list); `None` for a code no list knows.
pub fn name(code: &str) -> Option<&'static str> {
    let tag = super::lang();
    let language = if tag.starts_with("fr") { "fr" } else { "en" };
    NAMES
        .get(language)?
        .get(&code.to_ascii_uppercase())
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Locale, sync_scope};

    #[test]
    fn every_list_names_the_same_countries() {
        assert_eq!(NAMES["en"].len(), NAMES["fr"].len());
        assert!(NAMES["en"].len() >= 249);
        assert!(
            NAMES["en"]
                .keys()
                .all(|code| NAMES["fr"].contains_key(code))
        );
    }

    #[test]
    fn a_code_is_named_in_the_page_s_language() {
        assert_eq!(name("DE"), Some("Germany"), "English outside a request");
        assert_eq!(name("ci"), Some("Côte d’Ivoire"));
        let french = Locale::get("fr").unwrap();
        assert_eq!(sync_scope(french, || name("DE")), Some("Allemagne"));
        assert_eq!(name("ZZ"), None);
    }
}
