//! UTM parameters on destinations: adding them for a channel, and reading them back to find
//! the destination a link was made from.

use url::Url;

const UTM: [&str; 3] = ["utm_source", "utm_medium", "utm_campaign"];

/// `destination` with `utm_source`, `utm_medium` and `utm_campaign` added (existing UTM
/// parameters are replaced, other parameters kept).
pub fn tag(
    destination: &str,
    source: &str,
    medium: &str,
    campaign: &str,
) -> Result<String, String> {
    let mut url = Url::parse(destination).map_err(|e| format!("the URL is not valid: {e}"))?;
    let kept = kept_pairs(&url);
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair("utm_source", source)
        .append_pair("utm_medium", medium)
        .append_pair("utm_campaign", campaign);
    Ok(url.to_string())
}

/// What a link's destination says of its campaign: the destination without UTM parameters,
/// and its `utm_campaign` when it was tagged (it has a `utm_source`).
pub fn untag(destination: &str) -> (String, Option<String>) {
    let Ok(mut url) = Url::parse(destination) else {
        return (destination.to_owned(), None);
    };
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let campaign = param("utm_source").map(|_| param("utm_campaign").unwrap_or_default());
    let kept = kept_pairs(&url);
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    (url.to_string(), campaign)
}

fn kept_pairs(url: &Url) -> Vec<(String, String)> {
    url.query_pairs()
        .filter(|(k, _)| !UTM.contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_untags() {
        let url = tag(
            "https://example.com/a?x=1&utm_source=old#top",
            "whatsapp",
            "messaging",
            "Spring sale",
        )
        .unwrap();
        assert_eq!(
            url,
            "https://example.com/a?x=1&utm_source=whatsapp&utm_medium=messaging&utm_campaign=Spring+sale#top"
        );
        assert_eq!(
            untag(&url),
            (
                "https://example.com/a?x=1#top".to_owned(),
                Some("Spring sale".to_owned())
            )
        );
        assert_eq!(
            untag("https://example.com/?utm_source=x"),
            ("https://example.com/".to_owned(), Some(String::new()))
        );
        assert_eq!(
            untag("https://example.com/b"),
            ("https://example.com/b".to_owned(), None)
        );
    }
}
