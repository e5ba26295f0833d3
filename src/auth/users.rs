//! Adding an account, the same way from the command line, the first-run setup and the users
//! page: the password kept as its hash, an email with an account already refused.

use super::{Role, password};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::Error;
use crate::i18n::Message;

/// Adds the account `email` (checked and lowercased by the caller): its new id.
pub async fn add(db: &Db, email: &str, password: &str, role: Role) -> Result<i64, Error> {
    check_email(email).map_err(Error::invalid)?;
    let hash = password::hash_apart(password).await;
    db.insert_user(email, &hash, role.as_str(), now_ms())
        .await?
        .ok_or_else(|| email_taken(email))
}

/// The refusal of an email that has an account already.
pub fn email_taken(email: &str) -> Error {
    Error::conflict(Message::new("refusal-email-taken").with("email", email))
}

/// Adds the first account, an admin, unless an account exists already: its id, or `None`
/// when another was first (two people setting up a new server at once).
pub async fn add_first_admin(db: &Db, email: &str, password: &str) -> Result<Option<i64>, Error> {
    check_email(email).map_err(Error::invalid)?;
    let hash = password::hash_apart(password).await;
    Ok(db.insert_first_admin(email, &hash, now_ms()).await?)
}

/// An address someone can receive mail at, as far as its form tells: one `@` between a
/// local part and a domain of dot-separated labels, no spaces or control characters, at
/// most 254 bytes. (`@` alone was an account once.)
pub fn check_email(email: &str) -> Result<(), String> {
    let refuse = || Err(format!("{email:?} is not an email address"));
    let Some((local, domain)) = email.split_once('@') else {
        return refuse();
    };
    let label_ok = |label: &str| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let plain = |c: char| !c.is_whitespace() && !c.is_control() && c != '@';
    if email.len() > 254
        || local.is_empty()
        || local.len() > 64
        || !local.chars().all(plain)
        || !domain.split('.').all(label_ok)
    {
        return refuse();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_email;

    #[test]
    fn emails_have_a_local_part_and_a_domain() {
        for good in [
            "ana@example.com",
            "a.b+c@mail.example.org",
            "root@localhost",
            "zoë@bücher.example",
        ] {
            assert!(check_email(good).is_ok(), "{good}");
        }
        for bad in [
            "@",
            "a@",
            "@example.com",
            "a@@example.com",
            "a b@example.com",
            "a@example..com",
            "a@-example.com",
            "a@example.com.",
            "a@exa mple.com",
            "a\u{1}@example.com",
            "plain",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }
}
