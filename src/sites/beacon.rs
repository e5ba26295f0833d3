//! What the snippet sends to `POST /e`, read and checked: a JSON body (sent by
//! `navigator.sendBeacon` as `text/plain`) of at most [`MAX_BODY`] bytes. Pure: no I/O.

use serde::Deserialize;
use url::Url;

use crate::hits::event::EventKind;

/// Largest body accepted, in bytes.
pub const MAX_BODY: usize = 2048;

/// The share buttons the snippet renders, by the name it sends; each with the channel of
/// Lanterne's catalogue its short links are declared for.
pub const BUTTONS: [(&str, &str); 9] = [
    ("whatsapp", "whatsapp"),
    ("telegram", "telegram"),
    ("email", "email"),
    ("sms", "sms"),
    ("copy", "copy-link"),
    ("x", "x"),
    ("facebook", "facebook"),
    ("linkedin", "linkedin"),
    // The phone's own share sheet (Web Share API): where it goes is not known.
    ("share", "other"),
];

/// The body as sent.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    site: String,
    event: String,
    url: String,
    #[serde(default)]
    referrer: Option<String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    channel: Option<String>,
    /// The browser says "do not track" (`navigator.doNotTrack`, Global Privacy Control),
    /// whether or not it sent the header with the beacon.
    #[serde(default)]
    dnt: bool,
}

/// A checked event, not yet matched with its site.
#[derive(Debug, Clone, PartialEq)]
pub struct Beacon {
    pub site_key: String,
    pub event: EventKind,
    /// The page's origin and path.
    pub page: String,
    /// The page's host, to check against the site's domains.
    pub host: String,
    /// The page URL's `utm_*` parameters as a query string.
    pub utm: Option<String>,
    /// `document.referrer`, when there is one.
    pub referrer: Option<String>,
    pub id: Option<String>,
    pub parent: Option<String>,
    /// The button's name as the snippet sends it.
    pub channel: Option<&'static str>,
    pub do_not_track: bool,
}

/// Reads a body, or says what is wrong with it.
pub fn parse(bytes: &[u8]) -> Result<Beacon, String> {
    if bytes.len() > MAX_BODY {
        return Err(format!("an event is at most {MAX_BODY} bytes"));
    }
    let body: Body =
        serde_json::from_slice(bytes).map_err(|e| format!("the event is not valid JSON: {e}"))?;
    if !super::looks_like_key(&body.site) {
        return Err("site is not a site key (16 letters and digits)".into());
    }
    let event = EventKind::parse(&body.event)
        .ok_or_else(|| format!("event {:?} is not view, copy or share", body.event))?;
    let Address { page, host, utm } = page(&body.url)?;
    let referrer = body.referrer.filter(|r| !r.trim().is_empty());
    if referrer
        .as_deref()
        .is_some_and(|r| r.chars().any(char::is_control))
    {
        return Err("referrer contains control characters".into());
    }
    let id = body.id.map(|id| share_id("id", id)).transpose()?;
    let parent = body.parent.map(|id| share_id("parent", id)).transpose()?;
    if event != EventKind::View && parent.is_some() {
        return Err("only a view arrives with a parent id".into());
    }
    if id.is_some() && id == parent {
        return Err("a view cannot have its own id as its parent".into());
    }
    let channel = match (event, body.channel) {
        (EventKind::Share, Some(name)) => Some(
            BUTTONS
                .iter()
                .map(|(button, _)| *button)
                .find(|button| *button == name)
                .ok_or_else(|| format!("channel {name:?} is not a share button"))?,
        ),
        (EventKind::Share, None) => return Err("a share names its channel".into()),
        (_, Some(_)) => return Err("only a share names a channel".into()),
        (_, None) => None,
    };
    Ok(Beacon {
        site_key: body.site,
        event,
        page,
        host,
        utm,
        referrer,
        id,
        parent,
        channel,
        do_not_track: body.dnt,
    })
}

/// What a share button asks of `POST /e/link`: its page's link for a channel.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkBody {
    site: String,
    url: String,
    channel: String,
}

/// A checked request for a share button's link.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRequest {
    pub site_key: String,
    /// The page's origin and path: its UTM parameters are the link's own.
    pub page: String,
    pub host: String,
    /// The catalogue's channel for the button.
    pub channel: &'static str,
}

/// Reads a share button's request, or says what is wrong with it.
pub fn parse_link_request(bytes: &[u8]) -> Result<LinkRequest, String> {
    if bytes.len() > MAX_BODY {
        return Err(format!("a request is at most {MAX_BODY} bytes"));
    }
    let body: LinkBody =
        serde_json::from_slice(bytes).map_err(|e| format!("the request is not valid JSON: {e}"))?;
    if !super::looks_like_key(&body.site) {
        return Err("site is not a site key (16 letters and digits)".into());
    }
    let Address { page, host, .. } = page(&body.url)?;
    let channel = BUTTONS
        .iter()
        .find(|(button, _)| *button == body.channel)
        .map(|(_, channel)| *channel)
        .ok_or_else(|| format!("channel {:?} is not a share button", body.channel))?;
    Ok(LinkRequest {
        site_key: body.site,
        page,
        host,
        channel,
    })
}

/// What is kept of a page's address.
#[derive(Debug, Clone, PartialEq)]
pub struct Address {
    /// Origin and path.
    pub page: String,
    pub host: String,
    /// The `utm_*` parameters as a query string.
    pub utm: Option<String>,
}

/// The page's origin and path, its host, and its `utm_*` parameters: the rest of the query
/// and the fragment are dropped (they can hold anything, a reader's email address included).
pub fn page(raw: &str) -> Result<Address, String> {
    let mut url = Url::parse(raw).map_err(|_| format!("url {raw:?} is not a URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("url {raw:?} is not a web page"));
    }
    let host = super::host_of_url(&url).ok_or_else(|| format!("url {raw:?} has no host"))?;
    let utm: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k.starts_with("utm_"))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let utm = (!utm.is_empty()).then(|| {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(utm)
            .finish()
    });
    url.set_query(None);
    url.set_fragment(None);
    let _ = url.set_username("");
    let _ = url.set_password(None);
    Ok(Address {
        page: url.to_string(),
        host,
        utm,
    })
}

/// An id the snippet writes into the address bar: 10 letters and digits.
fn share_id(field: &str, id: String) -> Result<String, String> {
    if id.len() == 10 && id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(id)
    } else {
        Err(format!("{field} is not a share id (10 letters and digits)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hits::event::UtmTags;

    const KEY: &str = "k3Jd9xQ2aLm8Pz4T";

    fn body(fields: &str) -> Vec<u8> {
        format!(r#"{{"site":"{KEY}",{fields}}}"#).into_bytes()
    }

    #[test]
    fn a_view_keeps_origin_path_and_utm_only() {
        let beacon = parse(&body(
            r#""event":"view","url":"https://News.Example:8443/a/b?id=7&utm_source=wa&email=x%40y#top","referrer":"https://t.co/x","id":"AbCdE12345","parent":"ZyXwV98765""#,
        ))
        .unwrap();
        assert_eq!(beacon.page, "https://news.example:8443/a/b");
        assert_eq!(beacon.host, "news.example");
        assert_eq!(beacon.utm.as_deref(), Some("utm_source=wa"));
        let tags = UtmTags::from_query(beacon.utm.as_deref());
        assert_eq!(tags.source.as_deref(), Some("wa"));
        assert_eq!((tags.medium, tags.campaign), (None, None));
        assert_eq!(beacon.referrer.as_deref(), Some("https://t.co/x"));
        assert_eq!(beacon.parent.as_deref(), Some("ZyXwV98765"));
        assert!(!beacon.do_not_track);
    }

    #[test]
    fn bad_events_say_what_is_wrong() {
        for (fields, error) in [
            (r#""event":"view""#, "the event is not valid JSON"),
            (
                r#""event":"look","url":"https://a.example/""#,
                "event \"look\"",
            ),
            (
                r#""event":"view","url":"javascript:alert(1)""#,
                "is not a web page",
            ),
            (r#""event":"view","url":"/relative""#, "is not a URL"),
            (
                r#""event":"view","url":"https://a.example/","id":"short""#,
                "id is not a share id",
            ),
            (
                r#""event":"view","url":"https://a.example/","id":"AbCdE12345","parent":"AbCdE12345""#,
                "its own id",
            ),
            (
                r#""event":"copy","url":"https://a.example/","parent":"AbCdE12345""#,
                "only a view",
            ),
            (
                r#""event":"share","url":"https://a.example/""#,
                "names its channel",
            ),
            (
                r#""event":"share","url":"https://a.example/","channel":"myspace""#,
                "not a share button",
            ),
            (
                r#""event":"view","url":"https://a.example/","channel":"x""#,
                "only a share",
            ),
            (
                r#""event":"view","url":"https://a.example/","colour":"red""#,
                "unknown field",
            ),
        ] {
            let error_seen = parse(&body(fields)).unwrap_err();
            assert!(error_seen.contains(error), "{fields}: {error_seen}");
        }
        let big = body(&format!(
            r#""event":"view","url":"https://a.example/{}""#,
            "a".repeat(2100)
        ));
        assert_eq!(parse(&big).unwrap_err(), "an event is at most 2048 bytes");
        let no_key = br#"{"site":"nope","event":"view","url":"https://a.example/"}"#;
        assert!(
            parse(no_key)
                .unwrap_err()
                .starts_with("site is not a site key")
        );
    }
}
