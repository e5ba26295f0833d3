//! Slugs: random ones from nanoid, and the rules for the ones people choose.

use crate::i18n::Message;

/// Characters of random slugs: no look-alikes (0/O, 1/l/I), so a slug read aloud or printed
/// on a poster is typed right.
const ALPHABET: [char; 54] = [
    '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k',
    'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'A', 'B', 'C', 'D', 'E',
    'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',
];

/// Length of random slugs: 54^7 ≈ 1.3 × 10^12 slugs.
pub const RANDOM_LEN: usize = 7;

/// Longest chosen slug.
pub const MAX_LEN: usize = 64;

/// Paths Lanterne serves itself, and words that would confuse people as slugs.
const RESERVED: &[&str] = &[
    "api",
    "static",
    "healthz",
    "readyz",
    "metrics",
    "admin",
    "login",
    "logout",
    "setup",
    "dashboard",
    "links",
    "campaigns",
    "settings",
    "users",
    "tokens",
    "stats",
    "favicon.ico",
    "robots.txt",
    "assets",
    "app",
    "live",
    "export",
    "docs",
    "openapi.json",
    "well-known",
];

pub fn random() -> String {
    nanoid::nanoid!(RANDOM_LEN, &ALPHABET)
}

/// Checks a chosen slug: `[A-Za-z0-9_-]{1,64}`, not a reserved word.
pub fn parse(slug: &str) -> Result<&str, Message> {
    if slug.is_empty() {
        return Err(Message::new("refusal-slug-empty"));
    }
    if slug.len() > MAX_LEN {
        return Err(Message::new("refusal-slug-too-long").with_count("max", MAX_LEN));
    }
    if let Some(bad) = slug
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        // A space shown between quotes is no help: it is named.
        if bad.is_whitespace() {
            return Err(Message::new("refusal-slug-space"));
        }
        return Err(Message::new("refusal-slug-chars").with_typed("char", bad.to_string()));
    }
    if RESERVED.iter().any(|word| word.eq_ignore_ascii_case(slug)) {
        return Err(Message::new("refusal-slug-reserved").with_typed("slug", slug));
    }
    Ok(slug)
}

/// True when `path` could be a slug at all, checked before any cache or database lookup.
pub fn looks_like_slug(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= MAX_LEN
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_slugs_are_valid_and_distinct() {
        let a = random();
        assert_eq!(a.len(), RANDOM_LEN);
        assert_eq!(parse(&a), Ok(a.as_str()));
        assert_ne!(a, random());
    }

    #[test]
    fn chosen_slugs() {
        assert!(parse("summer-sale_2026").is_ok());
        assert!(parse("").is_err());
        assert!(parse(&"a".repeat(65)).is_err());
        assert!(parse("a/b").is_err());
        assert!(parse("é").unwrap_err().english().contains("not 'é'"));
        assert_eq!(
            parse("espace dans").unwrap_err().english(),
            "the slug may not hold spaces"
        );
        assert!(parse("API").unwrap_err().english().contains("reserved"));
        assert!(parse("healthz").is_err());
    }
}
