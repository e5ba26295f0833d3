//! Passwords: argon2id hashes in PHC strings, never the password itself.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Shortest password accepted.
pub const MIN_LEN: usize = 10;

pub fn check_strength(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_LEN {
        return Err(format!(
            "the password must have at least {MIN_LEN} characters"
        ));
    }
    Ok(())
}

pub fn hash(password: &str) -> String {
    let salt =
        SaltString::encode_b64(&rand::random::<[u8; 16]>()).expect("16 bytes make a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters hashes any password")
        .to_string()
}

/// True when `password` matches the stored `hash` (a constant-time comparison inside argon2).
pub fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// [`hash`] on a blocking thread: argon2 is tens of milliseconds of CPU by design, and on an
/// async worker it would hold up every redirect and every pool timer waiting there.
pub async fn hash_apart(password: &str) -> String {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .expect("hashing a password does not panic")
}

/// What an unknown email's password is checked against: a hash made like every other.
static NOBODY: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash("no account has this password"));

/// Makes the hash [`matches`] checks unknown emails against, ahead of the first sign-in
/// (which would otherwise take twice as long, and tell).
pub fn prepare() {
    std::sync::LazyLock::force(&NOBODY);
}

/// Whether `password` is the one `stored` hashes, on a blocking thread. Without a stored hash
/// (no account has this email) a fixed hash is checked all the same, so that the answer takes
/// as long either way and its time does not tell whether the email has an account.
pub async fn matches(password: &str, stored: Option<&str>) -> bool {
    let password = password.to_owned();
    let stored = stored.map(str::to_owned);
    tokio::task::spawn_blocking(move || match stored {
        Some(hash) => verify(&password, &hash),
        None => {
            let _ = verify(&password, &NOBODY);
            false
        }
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash("correct horse battery");
        assert!(a.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &a));
        assert!(!verify("wrong horse battery", &a));
        assert_ne!(a, hash("correct horse battery"));
        assert!(check_strength("short").is_err());
    }
}
