//! User-agent markers: preview fetchers, bots and in-app browsers, found in one pass of an
//! Aho–Corasick automaton over the lowercased user agent.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::{Source, table};

/// What a user agent reveals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agent {
    Preview(&'static str),
    Bot(&'static str),
    InApp(Source, &'static str),
}

struct Markers {
    automaton: AhoCorasick,
    /// In file order: a lower index is a more specific marker and wins.
    agents: Vec<Agent>,
}

static MARKERS: LazyLock<Markers> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    let mut agents = Vec::new();
    for [marker, class, platform] in table::rows(include_str!("data/user_agents.tsv")) {
        let agent = match class {
            "preview" => Agent::Preview(platform),
            "bot" => Agent::Bot(platform),
            "private" => Agent::InApp(Source::Dark, platform),
            "public" => Agent::InApp(Source::Public, platform),
            other => panic!("classifier table: unknown user-agent class {other:?}"),
        };
        patterns.push(marker.to_ascii_lowercase());
        agents.push(agent);
    }
    let automaton = AhoCorasick::new(&patterns).expect("user-agent markers build an automaton");
    Markers { automaton, agents }
});

/// Longest user agent examined: markers sit in the first few hundred bytes, and a bound
/// keeps a 100 KB header as cheap as a normal one.
const MAX_SCAN: usize = 1024;

/// The most specific marker in `user_agent`, if any. A missing user agent is a script.
pub fn lookup(user_agent: &str) -> Option<Agent> {
    let trimmed = user_agent.trim();
    if trimmed.is_empty() {
        return Some(Agent::Bot(""));
    }
    // Signal sends a bare `WhatsApp/2` for its link previews, WhatsApp itself a full version.
    if trimmed.eq_ignore_ascii_case("whatsapp/2") {
        return Some(Agent::Preview("signal"));
    }
    let bytes = &trimmed.as_bytes()[..trimmed.len().min(MAX_SCAN)];
    let lower = bytes.to_ascii_lowercase();
    let markers = &*MARKERS;
    markers
        .automaton
        .find_overlapping_iter(&lower)
        .map(|m| m.pattern().as_usize())
        .min()
        .map(|i| markers.agents[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_specific_marker_wins() {
        let messenger = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/MessengerForiOS;FBAV/435.0.0.37.108;FBBV/539117573]";
        assert_eq!(
            lookup(messenger),
            Some(Agent::InApp(Source::Dark, "messenger"))
        );
        let imessage = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0";
        assert_eq!(lookup(imessage), Some(Agent::Preview("imessage")));
        assert_eq!(lookup("WhatsApp/2"), Some(Agent::Preview("signal")));
        assert_eq!(
            lookup("WhatsApp/2.23.20.0 A"),
            Some(Agent::Preview("whatsapp"))
        );
        assert_eq!(lookup(""), Some(Agent::Bot("")));
    }
}
