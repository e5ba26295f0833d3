//! Request signals: the few facts about how a request was made that a stored hit does not
//! otherwise keep (its headers are not stored), as a small bit set stored with the hit
//! (`hits.signals`) so that `lanterne reclassify` can apply every rule again. Each bit is an
//! observation, not a verdict: what it means for the class is decided in `classify`, with the
//! user agent (the Fetch Metadata rule depends on the browser).

use std::ops::BitOr;

use axum::http::HeaderName;
use axum::http::header::ACCEPT;

/// Observations about one request. `Signals::default()` is "nothing observed", which is
/// also what hits stored before signals existed read as.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Signals(u16);

impl Signals {
    /// A speculative load, not a navigation someone made: `Sec-Purpose: prefetch` or
    /// `prefetch;prerender` (Chrome, Edge), `Purpose: prefetch` (Chrome before 103, Safari),
    /// `X-Moz: prefetch` (Firefox), `X-Purpose: preview` (Safari's Top Sites thumbnails).
    pub const PREFETCH: Signals = Signals(1);
    /// No `Accept` header at all: every browser sends one with a navigation
    /// (`text/html,…`), and HTTP libraries and scripts often send none.
    pub const NO_ACCEPT: Signals = Signals(1 << 1);
    /// HTTP/1.0 from the client itself: no current browser speaks it (a trusted proxy's own
    /// hop does not count: nginx proxies over HTTP/1.0 by default).
    pub const HTTP_1_0: Signals = Signals(1 << 2);
    /// No `Sec-Fetch-Mode` on a request to a secure (https) link. Browsers send Fetch
    /// Metadata only to secure origins, so it is observed only when links are https.
    pub const NO_FETCH_METADATA: Signals = Signals(1 << 3);
    /// The address belongs to a hosting or cloud network (looked up by the hit writer, then
    /// dropped with the address).
    pub const HOSTING_NETWORK: Signals = Signals(1 << 4);

    /// The bits as stored.
    pub fn bits(self) -> i32 {
        i32::from(self.0)
    }

    /// From stored bits; unknown bits (from a newer version) are kept as they are.
    pub fn from_bits(bits: i32) -> Signals {
        Signals(u16::try_from(bits).unwrap_or(0))
    }

    pub fn contains(self, other: Signals) -> bool {
        self.0 & other.0 == other.0
    }
}

impl BitOr for Signals {
    type Output = Signals;
    fn bitor(self, other: Signals) -> Signals {
        Signals(self.0 | other.0)
    }
}

// The headers read, named once: a name given as text is parsed and checked again at every
// look-up, which cost a tenth of a redirect's instructions (docs/performance.md, "Header
// names parsed once").
const SEC_PURPOSE: HeaderName = HeaderName::from_static("sec-purpose");
const PURPOSE: HeaderName = HeaderName::from_static("purpose");
const X_MOZ: HeaderName = HeaderName::from_static("x-moz");
const X_PURPOSE: HeaderName = HeaderName::from_static("x-purpose");
const SEC_FETCH_MODE: HeaderName = HeaderName::from_static("sec-fetch-mode");

/// The signals of a request to a short link, from its headers (`header(name)` gives a
/// header's value), whether the client itself spoke HTTP/1.0, and whether the link it
/// followed is an https link.
pub fn of_request<'a>(
    header: impl Fn(&HeaderName) -> Option<&'a [u8]>,
    http_1_0: bool,
    secure: bool,
) -> Signals {
    let says =
        |name: &HeaderName, word: &[u8]| header(name).is_some_and(|value| contains(value, word));
    let prefetch = says(&SEC_PURPOSE, b"prefetch")
        || says(&PURPOSE, b"prefetch")
        || says(&X_MOZ, b"prefetch")
        || says(&X_PURPOSE, b"preview")
        || says(&X_PURPOSE, b"prefetch");
    let mut signals = Signals::default();
    for (observed, bit) in [
        (prefetch, Signals::PREFETCH),
        (header(&ACCEPT).is_none(), Signals::NO_ACCEPT),
        (http_1_0, Signals::HTTP_1_0),
        (
            secure && header(&SEC_FETCH_MODE).is_none(),
            Signals::NO_FETCH_METADATA,
        ),
    ] {
        if observed {
            signals = signals | bit;
        }
    }
    signals
}

/// Case-insensitive: header values such as `Prefetch` vary in case.
fn contains(value: &[u8], word: &[u8]) -> bool {
    value
        .windows(word.len())
        .any(|window| window.eq_ignore_ascii_case(word))
}

/// Whether `user_agent` is a browser that always sends `Sec-Fetch-Mode` to a secure origin:
/// Chromium browsers from 80 (Chrome, Edge, Opera, Samsung Internet, Brave, Vivaldi and
/// Yandex all carry `Chrome/NN`) and Firefox from 90. Left out: Android WebViews (`; wv)`,
/// the in-app browsers of apps), iOS browsers (all WebKit, whose in-app views share Safari's
/// user agent) and Safari itself, which sends Fetch Metadata only from 16.4.
pub fn always_sends_fetch_metadata(user_agent: &str) -> bool {
    if user_agent.contains("; wv)") || user_agent.contains("iPhone") || user_agent.contains("iPad")
    {
        return false;
    }
    let major = |token: &str| {
        let at = user_agent.find(token)? + token.len();
        let digits: String = user_agent[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse::<u32>().ok()
    };
    major("Chrome/").is_some_and(|v| v >= 80) || major("Firefox/").is_some_and(|v| v >= 90)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signals(headers: &[(&str, &str)], http_1_0: bool, secure: bool) -> Signals {
        of_request(
            |name| {
                headers
                    .iter()
                    .find(|(n, _)| *n == name.as_str())
                    .map(|(_, v)| v.as_bytes())
            },
            http_1_0,
            secure,
        )
    }

    const NAVIGATION: [(&str, &str); 2] = [
        ("accept", "text/html,application/xhtml+xml"),
        ("sec-fetch-mode", "navigate"),
    ];

    #[test]
    fn a_browsers_navigation_shows_nothing() {
        assert_eq!(signals(&NAVIGATION, false, true), Signals::default());
        assert_eq!(
            signals(&NAVIGATION[..1], false, false),
            Signals::default(),
            "no Fetch Metadata is expected on plain http"
        );
    }

    #[test]
    fn each_observation_sets_its_bit() {
        let with = |extra: (&'static str, &'static str)| {
            let mut headers = NAVIGATION.to_vec();
            headers.push(extra);
            signals(&headers, false, true)
        };
        assert_eq!(
            with(("sec-purpose", "prefetch;prerender")),
            Signals::PREFETCH
        );
        assert_eq!(with(("purpose", "Prefetch")), Signals::PREFETCH);
        assert_eq!(with(("x-moz", "prefetch")), Signals::PREFETCH);
        assert_eq!(with(("x-purpose", "preview")), Signals::PREFETCH);
        assert_eq!(signals(&NAVIGATION[1..], false, true), Signals::NO_ACCEPT);
        assert_eq!(signals(&NAVIGATION, true, true), Signals::HTTP_1_0);
        assert_eq!(
            signals(&NAVIGATION[..1], false, true),
            Signals::NO_FETCH_METADATA
        );
        let all = signals(&[("x-moz", "prefetch")], true, true);
        assert_eq!(Signals::from_bits(all.bits()), all);
        assert!(all.contains(Signals::NO_ACCEPT | Signals::HTTP_1_0));
        assert!(!all.contains(Signals::HOSTING_NETWORK));
    }

    #[test]
    fn browsers_that_always_send_fetch_metadata() {
        for user_agent in [
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
        ] {
            assert!(always_sends_fetch_metadata(user_agent), "{user_agent}");
        }
        for user_agent in [
            "Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/49.0.2623.112 Safari/537.36",
            "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/123.0.6312.52 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
            "Mozilla/5.0 (Windows NT 6.1; rv:52.0) Gecko/20100101 Firefox/52.0",
        ] {
            assert!(!always_sends_fetch_metadata(user_agent), "{user_agent}");
        }
    }
}
