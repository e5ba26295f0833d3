//! Browser sessions: a random id in an HttpOnly cookie, kept in the database as a SHA-256
//! digest, with a CSRF token that every form of the session carries.

use rand::Rng;
use rand::distr::Alphanumeric;

use super::hash_token;

pub const COOKIE: &str = "lanterne_session";
/// Sessions last two weeks.
pub const LIFETIME_MS: i64 = 14 * 86_400_000;

/// A new random secret of 32 characters (session ids and CSRF tokens).
pub fn secret() -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(32)
        .map(char::from)
        .collect()
}

/// The digest under which a session id is stored.
pub fn digest(session_id: &str) -> String {
    hash_token(session_id)
}

/// The `Set-Cookie` value for a session: HttpOnly, SameSite=Lax, Secure on https.
pub fn cookie(session_id: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{COOKIE}={session_id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        LIFETIME_MS / 1000
    )
}

/// The `Set-Cookie` value that ends a session in the browser.
pub fn expired_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// The session id in a `Cookie` header, if any.
pub fn from_cookie_header(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies() {
        assert_eq!(
            from_cookie_header("a=1; lanterne_session=abc; b=2"),
            Some("abc")
        );
        assert_eq!(from_cookie_header("a=1"), None);
        assert!(cookie("x", true).contains("Secure"));
        assert!(cookie("x", false).contains("HttpOnly; SameSite=Lax"));
    }
}
