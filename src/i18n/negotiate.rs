//! `Accept-Language` read as RFC 9110 says: tags in order of their `q` weight, the first one
//! Lanterne speaks wins (`fr-CA` is answered in `fr`).

use super::Locale;

/// The language to answer an `Accept-Language` header in; English when none is spoken here.
pub fn from_accept_language(header: Option<&str>) -> Locale {
    let Some(header) = header else {
        return Locale::default();
    };
    let mut asked: Vec<(f32, usize, &str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, item)| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!tag.is_empty() && q > 0.0).then_some((q, i, tag))
        })
        .collect();
    // Highest weight first; the header's order among equals.
    asked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    asked
        .into_iter()
        .find_map(|(_, _, tag)| Locale::get(tag))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(header: &str) -> String {
        from_accept_language(Some(header)).tag()
    }

    #[test]
    fn the_heaviest_spoken_language_wins() {
        assert_eq!(tag("fr-FR,fr;q=0.9,en;q=0.8"), "fr");
        assert_eq!(tag("en-GB,fr;q=0.9"), "en");
        assert_eq!(tag("de-DE,fr;q=0.5,en;q=0.4"), "fr");
        assert_eq!(tag("en;q=0.2, fr-CA;q=0.7"), "fr");
        assert_eq!(tag("fr;q=0"), "en");
        assert_eq!(tag("*"), "en");
        assert_eq!(tag("de, ja"), "en");
        assert_eq!(tag(";;,q=,,"), "en");
        assert_eq!(from_accept_language(None).tag(), "en");
    }
}
