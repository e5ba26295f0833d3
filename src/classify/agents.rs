//! User agents: Lanterne's own markers of preview fetchers, bots and in-app browsers (one
//! pass of an Aho–Corasick automaton over the lowercased user agent; a few fetchers send a
//! user agent too bare to be a substring marker, `WhatsApp/2`, `Viber`: those are whole-value
//! entries), then the public crawler list, then generic marks of automation. Each later step
//! is asked only when the earlier ones found nothing, so no list or generic word can turn a
//! known preview fetcher or in-app browser into a bot.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::{Source, crawlers, generic, table};

/// What a user agent reveals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agent {
    Preview(&'static str),
    Bot(&'static str),
    InApp(Source, &'static str),
    /// Named by the public crawler list, not by Lanterne's own table.
    Listed,
}

struct Markers {
    automaton: AhoCorasick,
    /// In file order: a lower index is a more specific marker and wins.
    agents: Vec<Agent>,
    /// `=whatsapp/2` rows: the whole (trimmed, lowercased) user agent, checked first.
    exact: HashMap<String, Agent>,
}

static MARKERS: LazyLock<Markers> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    let mut agents = Vec::new();
    let mut exact = HashMap::new();
    for [marker, class, platform] in table::rows(include_str!("data/user_agents.tsv")) {
        let agent = match class {
            "preview" => Agent::Preview(platform),
            "bot" => Agent::Bot(platform),
            "private" => Agent::InApp(Source::Dark, platform),
            "public" => Agent::InApp(Source::Public, platform),
            other => panic!("classifier table: unknown user-agent class {other:?}"),
        };
        if let Some(whole) = marker.strip_prefix('=') {
            exact.insert(whole.to_ascii_lowercase(), agent);
            continue;
        }
        patterns.push(marker.to_ascii_lowercase());
        agents.push(agent);
    }
    let automaton = AhoCorasick::new(&patterns).expect("user-agent markers build an automaton");
    Markers {
        automaton,
        agents,
        exact,
    }
});

/// Longest user agent examined: markers sit in the first few hundred bytes, and a bound
/// keeps a 100 KB header as cheap as a normal one.
const MAX_SCAN: usize = 1024;

/// The most specific verdict on `user_agent`, if any: Lanterne's own marker, else the
/// crawler list, else a generic mark. A missing user agent is a script, and so is one that
/// names a program rather than a browser: every browser and in-app WebView sends `Mozilla/…`
/// (Opera Mini `Opera/…`), while `reqwest/0.12`, `node` or `SomeTool/2.0` start with a
/// program's name. Garbage that names nothing is left alone.
pub fn lookup(user_agent: &str) -> Option<Agent> {
    let trimmed = user_agent.trim();
    if trimmed.is_empty() {
        return Some(Agent::Bot(""));
    }
    let markers = &*MARKERS;
    // Whole-value entries are short; a long user agent cannot be one.
    let whole = (trimmed.len() <= 64)
        .then(|| markers.exact.get(&trimmed.to_ascii_lowercase()))
        .flatten();
    if let Some(agent) = whole {
        return Some(*agent);
    }
    let scanned = crop(trimmed, MAX_SCAN);
    let lower = scanned.as_bytes().to_ascii_lowercase();
    let found = markers
        .automaton
        .find_overlapping_iter(&lower)
        .map(|m| m.pattern().as_usize())
        .min()
        .map(|i| markers.agents[i]);
    if found.is_some() {
        return found;
    }
    if crawlers::names(scanned) {
        return Some(Agent::Listed);
    }
    let browser_like = lower.starts_with(b"mozilla/") || lower.starts_with(b"opera/");
    let names_a_program = lower[0].is_ascii_alphanumeric() && !browser_like;
    (names_a_program || generic::automated(&lower)).then_some(Agent::Bot(""))
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn crop(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
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
        assert_eq!(lookup(" viber "), Some(Agent::Preview("viber")));
        assert_eq!(lookup("Mozilla/5.0"), Some(Agent::Bot("")));
        assert_eq!(lookup("reqwest/0.12.9"), Some(Agent::Bot("")));
        assert_eq!(
            lookup("Opera/9.80 (Android; Opera Mini/76.0.2254/191.391; U; en) Presto/2.12.423"),
            None
        );
        assert_eq!(lookup("\"><script>x</script>"), None);
        assert_eq!(
            lookup("WhatsApp/2.23.20.0 A"),
            Some(Agent::Preview("whatsapp"))
        );
        assert_eq!(lookup(""), Some(Agent::Bot("")));
    }
}
