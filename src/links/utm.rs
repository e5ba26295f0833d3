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

/// The five UTM parameters a link's edit form shows as fields of their own.
pub const FIELDS: [&str; 5] = [
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
];

/// A destination as the edit form shows it: without its UTM parameters, and their values in
/// the order of [`FIELDS`] (empty where absent). A destination with none, or that does not
/// parse, comes back as it is.
pub fn split(destination: &str) -> (String, [String; 5]) {
    let mut values: [String; 5] = Default::default();
    let Ok(mut url) = Url::parse(destination) else {
        return (destination.to_owned(), values);
    };
    let mut kept = Vec::new();
    let mut any = false;
    for (k, v) in url.query_pairs() {
        match FIELDS.iter().position(|f| *f == k) {
            Some(i) => {
                values[i] = v.into_owned();
                any = true;
            }
            None => kept.push((k.into_owned(), v.into_owned())),
        }
    }
    if !any {
        return (destination.to_owned(), values);
    }
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    (url.to_string(), values)
}

/// The destination the edit form's fields make: `destination` with each UTM field that is
/// filled in (in the order of [`FIELDS`]) in place of the same parameter; a field left empty
/// keeps what the destination itself carries, so a pasted tagged URL keeps its tags.
pub fn join(destination: &str, values: &[String; 5]) -> String {
    if values.iter().all(|v| v.trim().is_empty()) {
        return destination.to_owned();
    }
    let Ok(mut url) = Url::parse(destination) else {
        return destination.to_owned();
    };
    let (mut kept, mut own): (Vec<(String, String)>, [Option<String>; 5]) =
        (Vec::new(), Default::default());
    for (k, v) in url.query_pairs() {
        match FIELDS.iter().position(|f| *f == k) {
            Some(i) => own[i] = Some(v.into_owned()),
            None => kept.push((k.into_owned(), v.into_owned())),
        }
    }
    for (i, field) in FIELDS.iter().enumerate() {
        let value = values[i].trim();
        let value = if value.is_empty() {
            own[i].take()
        } else {
            Some(value.to_owned())
        };
        if let Some(value) = value {
            kept.push(((*field).to_owned(), value));
        }
    }
    url.query_pairs_mut().clear().extend_pairs(kept);
    url.to_string()
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
    fn the_edit_form_splits_and_joins_utm_parameters() {
        let tagged = "https://shop.example/a?x=1&utm_source=whatsapp&utm_medium=messaging&utm_campaign=soldes#top";
        let (url, values) = split(tagged);
        assert_eq!(url, "https://shop.example/a?x=1#top");
        assert_eq!(values, ["whatsapp", "messaging", "soldes", "", ""]);
        assert_eq!(join(&url, &values), tagged);
        let mut changed = values.clone();
        changed[2] = "soldes-hiver".into();
        changed[4] = "bouton vert".into();
        assert_eq!(
            join(&url, &changed),
            "https://shop.example/a?x=1&utm_source=whatsapp&utm_medium=messaging&utm_campaign=soldes-hiver&utm_content=bouton+vert#top"
        );
        // Untagged destinations are left exactly as typed.
        assert_eq!(
            split("https://shop.example"),
            ("https://shop.example".to_owned(), Default::default())
        );
        assert_eq!(
            join("https://shop.example", &Default::default()),
            "https://shop.example"
        );
        // A pasted tagged URL keeps its tags where the fields are empty.
        let only_term: [String; 5] = ["".into(), "".into(), "".into(), "pulls".into(), "".into()];
        assert_eq!(
            join("https://s.example/?utm_source=mail", &only_term),
            "https://s.example/?utm_source=mail&utm_term=pulls"
        );
    }

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
