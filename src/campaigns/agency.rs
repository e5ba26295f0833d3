//! Who prepares the client's reports: the agency's name, one for the whole instance, set by an
//! admin and written on every campaign's report as "Prepared by …".

use crate::clock::now_ms;
use crate::db::Db;
use crate::error::Error;
use crate::i18n::Message;

/// The setting's key in `instance_settings`.
const KEY: &str = "agency_name";

/// The longest agency name, in characters: a name that fits on the report's line under the
/// campaign's, as long as the longest name of whom a report is for.
pub const NAME_MAX: usize = super::share::LABEL_MAX;

/// The agency's name as an admin typed it, trimmed; `None` when nothing is left (the reports
/// then say nothing of who prepared them). Refused past [`NAME_MAX`] characters rather than
/// cut, so that no report carries half a name.
pub fn checked(typed: &str) -> Result<Option<String>, Error> {
    let name = typed.trim();
    let length = name.chars().count();
    if length > NAME_MAX {
        return Err(Error::invalid(
            Message::new("agency-name-too-long")
                .with_count("length", length)
                .with_count("max", NAME_MAX),
        ));
    }
    Ok((!name.is_empty()).then(|| name.to_owned()))
}

/// The agency's name, if one is set.
pub async fn name(db: &Db) -> sqlx::Result<Option<String>> {
    db.instance_setting(KEY).await
}

/// Sets the agency's name to what an admin typed (see [`checked`]); nothing typed unsets it.
pub async fn set_name(db: &Db, typed: &str) -> Result<(), Error> {
    let name = checked(typed)?;
    db.set_instance_setting(KEY, name.as_deref(), now_ms())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_kept_trimmed_and_nothing_typed_is_no_name() {
        assert_eq!(
            checked("  Agence Lumière \t").unwrap().as_deref(),
            Some("Agence Lumière")
        );
        assert_eq!(checked("").unwrap(), None);
        assert_eq!(checked("   ").unwrap(), None);
    }

    #[test]
    fn a_name_longer_than_the_limit_is_refused_counting_characters_not_bytes() {
        let longest = "é".repeat(NAME_MAX);
        assert_eq!(checked(&format!(" {longest} ")).unwrap(), Some(longest));
        let Err(Error::Invalid(message)) = checked(&"é".repeat(NAME_MAX + 1)) else {
            panic!("a name of {} characters was kept", NAME_MAX + 1);
        };
        assert_eq!(
            message.english(),
            "The agency name is 101 characters long; it can be 100 at most."
        );
    }
}
