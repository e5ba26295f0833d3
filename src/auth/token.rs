//! API tokens: 32 random characters behind a recognisable prefix, stored as SHA-256 digests.
//!
//! Tokens are looked up by digest, so no stored secret is ever compared byte by byte with
//! what a client sent, and a leaked database holds no usable token.

use rand::Rng;
use rand::distr::Alphanumeric;
use sha2::{Digest, Sha256};

use super::Role;
use crate::db::Db;
use crate::db::tokens::TokenListing;
use crate::i18n::Message;

/// Makes tokens recognisable to secret scanners and people.
const PREFIX: &str = "lnt_";

/// The longest name a token may have, in characters.
pub const NAME_MAX: usize = 64;

/// The name a token is stored under, asked by the web form and `lanterne token create` alike:
/// `raw` without the spaces around it, not blank, at most [`NAME_MAX`] characters, and with no
/// control characters, since it is shown in the web UI's list and `lanterne token list`'s table.
pub fn check_name(raw: &str) -> Result<&str, Message> {
    let name = raw.trim();
    if name.is_empty() {
        Err(Message::new("refusal-token-name-empty"))
    } else if name.chars().count() > NAME_MAX {
        Err(Message::new("refusal-token-name-too-long").with_count("max", NAME_MAX))
    } else if name.chars().any(char::is_control) {
        Err(Message::new("refusal-token-name-control"))
    } else {
        Ok(name)
    }
}

/// Creates a token with `role` and returns it in clear, the only time it exists so.
pub async fn create_token(db: &Db, name: &str, role: Role, now: i64) -> sqlx::Result<String> {
    let secret: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(32)
        .map(char::from)
        .collect();
    let token = format!("{PREFIX}{secret}");
    db.insert_token(name, role.as_str(), &hash_token(&token), now)
        .await?;
    Ok(token)
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// How `lanterne token revoke` names a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenKey {
    /// A name, or an id written in digits.
    NameOrId(String),
    /// An id, never read as a name.
    Id(i64),
}

impl TokenKey {
    fn matches(&self, token: &TokenListing) -> bool {
        match self {
            TokenKey::NameOrId(key) => token.name == *key || token.id.to_string() == *key,
            TokenKey::Id(id) => token.id == *id,
        }
    }
}

impl std::fmt::Display for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TokenKey::NameOrId(key) => write!(f, "{key:?}"),
            TokenKey::Id(id) => write!(f, "id {id}"),
        }
    }
}

/// The one live token `key` names among `tokens`, or why there is not one: none matches, the
/// ones that match were revoked already, or several live ones match (names need not be
/// unique), which a revocation must never guess between.
pub fn pick_to_revoke<'a>(
    tokens: &'a [TokenListing],
    key: &TokenKey,
) -> Result<&'a TokenListing, String> {
    let matching: Vec<&TokenListing> = tokens.iter().filter(|t| key.matches(t)).collect();
    let live: Vec<&TokenListing> = matching
        .iter()
        .copied()
        .filter(|t| t.revoked_at.is_none())
        .collect();
    let ids = |list: &[&TokenListing]| {
        list.iter()
            .map(|t| t.id.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match live.as_slice() {
        [one] => Ok(one),
        [] if matching.is_empty() => Err(format!(
            "no API token matches {key}: `lanterne token list` shows their names and ids"
        )),
        [] if matching.len() == 1 => Err(format!(
            "{key} names no live API token: it was revoked already (id {})",
            ids(&matching)
        )),
        [] => Err(format!(
            "{key} names no live API token: they were revoked already (ids {})",
            ids(&matching)
        )),
        several => Err(format!(
            "{key} matches {} live API tokens (ids {}): revoke one with --id ID",
            several.len(),
            ids(several)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::{NAME_MAX, TokenKey, check_name, pick_to_revoke};
    use crate::db::tokens::TokenListing;

    #[test]
    fn a_token_name_is_trimmed_and_refused_blank_too_long_or_with_control_characters() {
        let refused = |raw: &str| {
            check_name(raw)
                .map(str::to_owned)
                .map_err(|refusal| refusal.english())
        };
        assert_eq!(check_name("  CRM export "), Ok("CRM export"));
        assert_eq!(
            check_name(&"é".repeat(NAME_MAX)).map(str::len),
            Ok(2 * NAME_MAX)
        );
        let blank = Err("an API token's name must not be blank".to_owned());
        assert_eq!(refused(""), blank);
        assert_eq!(refused(" \t "), blank);
        assert_eq!(
            refused(&"x".repeat(NAME_MAX + 1)),
            Err(format!(
                "an API token's name has at most {NAME_MAX} characters"
            ))
        );
        for name in ["ci\nprod", "ci\u{1b}[31m", "ci\u{7f}"] {
            assert_eq!(
                refused(name),
                Err("an API token's name must not contain control characters".to_owned()),
                "{name:?}"
            );
        }
    }

    fn token(id: i64, name: &str, revoked: bool) -> TokenListing {
        TokenListing {
            id,
            name: name.to_owned(),
            role: "admin".to_owned(),
            created_at: 0,
            revoked_at: revoked.then_some(1),
        }
    }

    #[test]
    fn a_revocation_picks_exactly_one_live_token_or_says_why_not() {
        let tokens = [
            token(1, "ci", true),
            token(2, "ci", false),
            token(3, "deploy", false),
            token(4, "deploy", false),
            token(5, "2", false),
            token(6, "old", true),
            token(7, "gone", true),
            token(8, "gone", true),
        ];
        let pick = |key: TokenKey| pick_to_revoke(&tokens, &key).map(|t| t.id);
        let by = |key: &str| pick(TokenKey::NameOrId(key.to_owned()));
        // A name whose other tokens are revoked, an id, an id given as one.
        assert_eq!(by("ci"), Ok(2));
        assert_eq!(by("3"), Ok(3));
        assert_eq!(pick(TokenKey::Id(2)), Ok(2));
        assert_eq!(pick(TokenKey::Id(5)), Ok(5));
        assert_eq!(
            by("deploy"),
            Err("\"deploy\" matches 2 live API tokens (ids 3, 4): revoke one with --id ID".into())
        );
        // "2" is token 2's id and token 5's name.
        assert_eq!(
            by("2"),
            Err("\"2\" matches 2 live API tokens (ids 2, 5): revoke one with --id ID".into())
        );
        assert_eq!(
            by("old"),
            Err("\"old\" names no live API token: it was revoked already (id 6)".into())
        );
        assert_eq!(
            by("gone"),
            Err("\"gone\" names no live API token: they were revoked already (ids 7, 8)".into())
        );
        assert_eq!(
            by("nope"),
            Err(
                "no API token matches \"nope\": `lanterne token list` shows their names and ids"
                    .into()
            )
        );
        assert_eq!(
            pick(TokenKey::Id(9)),
            Err(
                "no API token matches id 9: `lanterne token list` shows their names and ids".into()
            )
        );
    }
}
