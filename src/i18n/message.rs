//! A refusal kept as a message of the language files and its arguments, written out only where
//! it is shown: in English for the API and the logs, in the request's language on a page. One
//! wording per language, in `locales/`.

use std::fmt;

use super::{Arg, Locale, current};

/// What a domain operation says (`refusal-slug-taken` with `slug`), or a text that has no
/// message of its own and reads the same in every language.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Id {
        key: &'static str,
        args: Vec<(&'static str, Arg)>,
    },
    Text(String),
}

impl Message {
    /// The message `key` of the language files, its arguments added with [`Message::with`].
    pub fn new(key: &'static str) -> Message {
        Message::Id {
            key,
            args: Vec::new(),
        }
    }

    /// The message with one more argument: a string, a number, or another message (written
    /// in the same language).
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        if let Message::Id { args, .. } = &mut self {
            args.push((name, value.into()));
        }
        self
    }

    /// The message with one more argument: a day (`YYYY-MM-DD`), written as each language
    /// writes dates.
    pub fn with_day(self, name: &'static str, iso: impl Into<String>) -> Message {
        self.with(name, Arg::Day(iso.into()))
    }

    /// The message with one more argument: a text a person typed (a slug, a host, a name),
    /// with control characters, `"` and `\` escaped as Rust's `{:?}` escapes them, but no
    /// quotes: each message puts its language's own around it (`"promo"`, `« promo »`).
    pub fn with_typed(self, name: &'static str, text: impl AsRef<str>) -> Message {
        let debug = format!("{:?}", text.as_ref());
        let inner = debug
            .strip_prefix('"')
            .and_then(|d| d.strip_suffix('"'))
            .unwrap_or(&debug);
        self.with(name, inner)
    }

    /// The message with one more argument: a count, written with the language's separators
    /// (`between 1 and 1,000,000,000`).
    pub fn with_count(self, name: &'static str, n: impl TryInto<i64>) -> Message {
        self.with(name, Arg::Count(n.try_into().unwrap_or(i64::MAX)))
    }

    /// A refusal of one field among several (`root_url: the URL is empty`).
    pub fn in_field(field: impl Into<String>, reason: Message) -> Message {
        Message::new("refusal-in-field")
            .with("field", field.into())
            .with("reason", reason)
    }

    /// This refusal of the field `name` (see [`Message::in_field`]) with the field called
    /// `label` instead: a form says its fields as its labels read, where the API names them
    /// as its JSON does. Any other message is left as it is.
    pub fn labelled(self, name: &str, label: Message) -> Message {
        match self {
            Message::Id {
                key: key @ "refusal-in-field",
                mut args,
            } => {
                for (arg, value) in &mut args {
                    if *arg == "field" && matches!(value, Arg::Str(field) if field == name) {
                        *value = label.clone().into();
                    }
                }
                Message::Id { key, args }
            }
            other => other,
        }
    }

    /// Written in `locale`.
    pub fn in_language(&self, locale: &Locale) -> String {
        match self {
            Message::Id { key, args } => locale.text_with(key, args),
            Message::Text(text) => text.clone(),
        }
    }

    /// Written in English, as the API answers it.
    pub fn english(&self) -> String {
        self.in_language(&Locale::default())
    }

    /// Written in the request's language, as a page shows it.
    pub fn localized(&self) -> String {
        self.in_language(&current())
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

impl From<String> for Message {
    fn from(text: String) -> Message {
        Message::Text(text)
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Message {
        Message::Text(text.to_owned())
    }
}

impl From<Message> for String {
    fn from(message: Message) -> String {
        message.english()
    }
}

impl From<Message> for Arg {
    fn from(message: Message) -> Arg {
        Arg::Message(Box::new(message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::sync_scope;

    /// Days keep the form they were given in for the API, and take a page's own.
    #[test]
    fn a_refusal_writes_its_days_as_each_language_writes_dates() {
        let long = Message::new("refusal-period-too-long")
            .with_count("max", 1830)
            .with_day("first", "2020-01-01")
            .with_day("last", "2026-12-01")
            .with_count("days", 2527);
        assert!(long.english().contains("2020-01-01"), "{}", long.english());
        let french = long.in_language(&Locale::get("fr").unwrap());
        assert!(french.contains("du 01/01/2020 au 01/12/2026"), "{french}");
    }

    #[test]
    fn a_refusal_is_english_for_the_api_and_in_the_request_s_language_on_a_page() {
        let taken = Message::new("refusal-slug-taken").with("slug", "promo");
        let fr = Locale::get("fr").unwrap();
        assert_eq!(taken.to_string(), r#"the slug "promo" is already taken"#);
        assert_eq!(
            sync_scope(fr.clone(), || taken.localized()),
            "l’identifiant «\u{a0}promo\u{a0}» est déjà pris"
        );
        assert_eq!(sync_scope(fr, || taken.english()), taken.to_string());
        // A field's refusal holds the reason, written in the same language.
        let empty = Message::in_field("expired_url", Message::new("refusal-url-empty"));
        assert_eq!(empty.english(), "expired_url: the URL is empty");
        let fr = Locale::get("fr").unwrap();
        assert_eq!(empty.in_language(&fr), "expired_url\u{a0}: l’URL est vide");
        // On a form, the field is named by its label.
        let labelled = empty.labelled("expired_url", Message::new("options-expired-url"));
        assert_eq!(
            labelled.in_language(&fr),
            "Une fois expiré, envoyer vers\u{a0}: l’URL est vide"
        );
        let other = Message::new("refusal-url-empty");
        assert_eq!(
            other.clone().labelled("expired_url", Message::new("x")),
            other
        );
        // A typed text gets each language's quotes, and is escaped as Debug escapes it.
        let taken = Message::new("refusal-campaign-taken").with_typed("name", "Soldes d'été\n");
        assert!(
            taken
                .english()
                .starts_with(r#"a campaign named "Soldes d'été\n" already"#)
        );
        assert!(
            taken
                .in_language(&fr)
                .starts_with("une campagne nommée «\u{a0}Soldes d'été\\n\u{a0}» existe"),
            "{}",
            taken.in_language(&fr)
        );
        // Counts are written with each language's separators.
        let limit = Message::new("refusal-max-clicks").with_count("max", 1_000_000_000);
        assert!(
            limit.english().ends_with("1,000,000,000"),
            "{}",
            limit.english()
        );
        assert!(
            limit
                .in_language(&fr)
                .ends_with("1\u{202f}000\u{202f}000\u{202f}000"),
            "{}",
            limit.in_language(&fr)
        );
        // A text with no message reads the same in every language.
        assert_eq!(Message::from("as is").in_language(&fr), "as is");
    }
}
