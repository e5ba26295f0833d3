//! The language of the pages: the strings of each language in `locales/<language>.ftl`
//! (Fluent, which a translator edits without touching code; a new language is one more
//! file), chosen per request by the user's setting, else by `Accept-Language`, else English.

pub mod countries;
mod format;
mod message;
mod negotiate;

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

pub use format::{
    count, date, decimal, pct, pct_of_parts, signed_count, signed_pct, signed_points,
};
pub use message::Message;
pub use negotiate::from_accept_language;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Fluent wraps each argument in Unicode isolation marks, which end up inside
        // attributes and copied text; our arguments are numbers and names in the page's
        // own direction.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language the pages are written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale(LanguageIdentifier);

impl Default for Locale {
    fn default() -> Locale {
        Locale(LOCALES.fallback().clone())
    }
}

impl Locale {
    /// The language with this tag (`fr`, `en`), if Lanterne speaks it.
    pub fn get(tag: &str) -> Option<Locale> {
        let asked: LanguageIdentifier = tag.trim().parse().ok()?;
        available()
            .find(|l| l.language == asked.language)
            .map(|l| Locale(l.clone()))
    }

    /// Its tag, as `<html lang>` and the user's setting hold it.
    pub fn tag(&self) -> String {
        self.0.to_string()
    }

    /// The message `key`, in this language (English when this file lacks it).
    pub fn text(&self, key: &str) -> String {
        LOCALES.lookup(&self.0, key)
    }

    /// The attribute `attribute` of the message `key` (`.gender` of a channel's name), if
    /// this language or English gives it one.
    pub fn attribute(&self, key: &str, attribute: &str) -> Option<String> {
        LOCALES.try_lookup(&self.0, &format!("{key}.{attribute}"))
    }

    /// The message `key` with its arguments: each a string, or a number (which also chooses
    /// between plural forms).
    pub fn text_with(&self, key: &str, args: &[(&'static str, Arg)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Arg::Str(s) => FluentValue::from(s.clone()),
                    Arg::Num(n) => FluentValue::from(*n),
                    Arg::Count(n) => {
                        FluentValue::from(format::grouped(*n, &self.text("number-group")))
                    }
                    Arg::Message(message) => FluentValue::from(message.in_language(self)),
                    Arg::Day(iso) => FluentValue::from(format::date_in(self, iso)),
                };
                (Cow::Borrowed(*name), value)
            })
            .collect();
        LOCALES.lookup_with_args(&self.0, key, &args)
    }
}

/// An argument of a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    /// A number that chooses between plural forms, written as it is (`1000`).
    Num(f64),
    /// A count written for people in the language (`1,000`, `1 000`): a limit or an amount
    /// in a sentence. Fluent writes numbers without separators.
    Count(i64),
    /// A message of its own (why a rule is refused), written in the same language.
    Message(Box<Message>),
    /// A day, `YYYY-MM-DD`, written as the language writes dates (`22/11/2026`): the API's
    /// English keeps the form it was given in.
    Day(String),
}

impl<T: AsRef<str> + ?Sized> From<&T> for Arg {
    fn from(s: &T) -> Arg {
        Arg::Str(s.as_ref().to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Num(n as f64)
    }
}

/// The languages there is a file for, English first.
pub fn available() -> impl Iterator<Item = &'static LanguageIdentifier> {
    let mut all: Vec<&LanguageIdentifier> = LOCALES.locales().collect();
    all.sort_by_key(|l| (*l != LOCALES.fallback(), l.to_string()));
    all.into_iter()
}

/// Every language with its own name (`Français`), for a choice.
pub fn choices() -> Vec<(String, String)> {
    available()
        .map(|l| {
            let locale = Locale(l.clone());
            (locale.tag(), locale.text("language-name"))
        })
        .collect()
}

tokio::task_local! {
    /// The language of the request being answered. Pages, and errors turned into pages far
    /// from the request (`PageError`'s `IntoResponse`), are written in it without each
    /// function down the way taking it as an argument.
    static CURRENT: RefCell<Locale>;
}

/// Runs `answer` with `locale` as the request's language.
pub async fn scope<F: Future>(locale: Locale, answer: F) -> F::Output {
    CURRENT.scope(RefCell::new(locale), answer).await
}

/// Runs `f` with `locale` as the language, outside any request's scope (the redirect's
/// error pages, which are answered without the page layers).
pub fn sync_scope<R>(locale: Locale, f: impl FnOnce() -> R) -> R {
    CURRENT.sync_scope(RefCell::new(locale), f)
}

/// The signed-in user chose a language: it replaces the browser's for the rest of the request.
pub fn prefer(locale: Locale) {
    let _ = CURRENT.try_with(|current| *current.borrow_mut() = locale);
}

/// The request's language (English outside a request).
pub fn current() -> Locale {
    CURRENT
        .try_with(|current| current.borrow().clone())
        .unwrap_or_default()
}

/// The message `key` in the request's language: `{{ i18n::t("nav-links") }}` in a template.
pub fn t(key: &str) -> String {
    current().text(key)
}

/// The message `key` with one argument `name`.
pub fn t1(key: &str, name: &'static str, value: impl Into<Arg>) -> String {
    current().text_with(key, &[(name, value.into())])
}

/// The message `key` with two arguments.
pub fn t2(
    key: &str,
    name: &'static str,
    value: impl Into<Arg>,
    name2: &'static str,
    value2: impl Into<Arg>,
) -> String {
    current().text_with(key, &[(name, value.into()), (name2, value2.into())])
}

/// The message `key` with a count `n`: `$n` chooses the plural form, `$count` is the count
/// written for people (`14 601`).
pub fn tn(key: &str, n: impl std::borrow::Borrow<i64>) -> String {
    let n = *n.borrow();
    current().text_with(key, &[("n", Arg::from(n)), ("count", Arg::Str(count(n)))])
}

/// The request's language's tag, for `<html lang>`.
pub fn lang() -> String {
    current().tag()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_french_are_there_and_english_comes_first() {
        let tags: Vec<String> = available().map(|l| l.to_string()).collect();
        assert_eq!(tags.first().map(String::as_str), Some("en"));
        assert!(tags.iter().any(|t| t == "fr"), "{tags:?}");
        assert_eq!(Locale::get("fr-CA").map(|l| l.tag()), Some("fr".into()));
        assert_eq!(Locale::get("xx"), None);
    }

    #[test]
    fn every_french_message_exists_in_english_and_the_other_way_round() {
        let keys = |file: &str| -> Vec<String> {
            file.lines()
                .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
                .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
                .collect()
        };
        let en = keys(include_str!("../../locales/en.ftl"));
        let fr = keys(include_str!("../../locales/fr.ftl"));
        let missing_fr: Vec<_> = en.iter().filter(|k| !fr.contains(k)).collect();
        let missing_en: Vec<_> = fr.iter().filter(|k| !en.contains(k)).collect();
        assert!(missing_fr.is_empty(), "not in fr.ftl: {missing_fr:?}");
        assert!(missing_en.is_empty(), "not in en.ftl: {missing_en:?}");
    }

    #[test]
    fn french_names_the_site_snippet_one_way() {
        // « code de suivi », as French marketers call what goes in their pages' <head>; the
        // page that manages them says so too. Keys may say "snippet": readers never see them.
        let texts = include_str!("../../locales/fr.ftl")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| match l.split_once(" =") {
                Some((key, text)) if key.starts_with(|c: char| c.is_ascii_lowercase()) => text,
                _ => l,
            });
        let english: Vec<&str> = texts
            .filter(|t| t.to_lowercase().contains("snippet"))
            .collect();
        assert!(english.is_empty(), "French says snippet: {english:?}");
        let fr = Locale::get("fr").unwrap();
        sync_scope(fr, || {
            assert_eq!(t("nav-sites"), "Codes de suivi");
            assert_eq!(
                t("sites-reception"),
                "Le code de suivi est-il bien reçu\u{202f}?"
            );
            assert!(t("sites-no-event").contains("Une fois le code de suivi placé"));
        });
    }

    #[test]
    fn french_punctuation_keeps_to_its_word() {
        // French sets « : » apart with a no-break space, « ; ! ? » with a narrow one, and
        // quotes « like this »: an ordinary space there lets a line break leave the mark
        // alone at the start of the next line.
        let wrong: Vec<(usize, &str)> = include_str!("../../locales/fr.ftl")
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.starts_with('#'))
            .map(|(i, l)| (i + 1, l.split_once(" = ").map_or(l, |(_, text)| text)))
            .filter(|(_, text)| {
                let spaced = |mark: &str| text.contains(&format!(" {mark}"));
                spaced(":")
                    || spaced(";")
                    || spaced("!")
                    || spaced("?")
                    || text.contains("« ")
                    || text.contains(" »")
                    || text.contains("\u{a0};")
                    || text.contains("\u{a0}!")
                    || text.contains("\u{a0}?")
            })
            .collect();
        assert!(wrong.is_empty(), "lines of locales/fr.ftl: {wrong:?}");
    }

    #[test]
    fn french_text_uses_the_typographic_apostrophe() {
        // « l’URL », not « l'URL »: what French typesetting uses. Code samples (`<code>`),
        // placeables and tags keep what a browser or Fluent reads.
        let code = without_code;
        let wrong: Vec<(usize, String)> = include_str!("../../locales/fr.ftl")
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.starts_with('#'))
            .map(|(i, l)| (i + 1, code(l.split_once(" = ").map_or(l, |(_, text)| text))))
            .filter(|(_, text)| text.contains('\''))
            .collect();
        assert!(wrong.is_empty(), "lines of locales/fr.ftl: {wrong:?}");
    }

    /// `text` without its `<code>…</code>` samples, `<…>` tags and `{ … }` placeables.
    fn without_code(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find(['<', '{']) {
            out.push_str(&rest[..i]);
            let close = if rest[i..].starts_with("<code>") {
                "</code>"
            } else if rest[i..].starts_with('<') {
                ">"
            } else {
                "}"
            };
            rest = rest[i..]
                .find(close)
                .map_or("", |j| &rest[i + j + close.len()..]);
        }
        out + rest
    }

    #[test]
    fn the_readme_names_the_site_pages_as_the_menu_does() {
        let readme = include_str!("../../README.md");
        for locale in [Locale::default(), Locale::get("fr").unwrap()] {
            for key in ["nav-your-sites", "nav-sites"] {
                let name = locale.text(key);
                assert!(readme.contains(&name), "README does not say {name:?}");
            }
        }
        assert!(!readme.contains("Your sites"), "the menu says Site sharing");
        assert!(
            !readme.contains("Settings → Sites"),
            "the menu says Site snippets"
        );
    }

    #[test]
    fn the_words_people_read_are_their_own() {
        let fr = Locale::get("fr").unwrap();
        let en = Locale::default();
        let said = |l: &Locale, key: &str, n: i64| sync_scope(l.clone(), || tn(key, n));
        // One link is « son lien », not « ses 1 lien ».
        for (locale, key, n, words) in [
            (&fr, "campaign-its-links", 1, "Son lien"),
            (&fr, "campaign-its-links", 3, "Ses 3 liens"),
            (
                &fr,
                "campaign-keep-links",
                1,
                "Le garder, avec ses requêtes, sans campagne",
            ),
            (
                &fr,
                "campaign-delete-links",
                1,
                "Le supprimer, avec toutes ses requêtes",
            ),
            (&en, "campaign-its-links", 1, "Its link"),
            (
                &en,
                "campaign-keep-links",
                1,
                "Keep it and its hits, without a campaign",
            ),
            (
                &en,
                "campaign-keep-links",
                2,
                "Keep them and their hits, without a campaign",
            ),
        ] {
            assert_eq!(said(locale, key, n), words);
        }
        assert_eq!(fr.text("password-again"), "Confirmez le mot de passe");
        assert_eq!(en.text("password-again"), "Confirm the password");
        assert_eq!(fr.text("role-marketer"), "chargé de marketing");
        assert!(!fr.text("kit-url-placeholder").contains("spring"));
        let opens = fr.text_with(
            "not-started-text",
            &[
                ("date", Arg::from("10/12/2026")),
                ("time", Arg::from("09:00")),
                ("zone", Arg::from("UTC")),
            ],
        );
        assert!(opens.contains("il sera actif le 10/12/2026"), "{opens}");
        // English sets no space before an ellipsis.
        let spaced: Vec<&str> = include_str!("../../locales/en.ftl")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter(|l| l.contains(|c: char| c.is_alphabetic()) && l.contains(" …)"))
            .collect();
        assert!(spaced.is_empty(), "{spaced:?}");
        assert!(en.text("define-shares-detected-text").contains("Slack…)"));
    }

    #[test]
    fn plural_forms_follow_the_language() {
        let fr = Locale::get("fr").unwrap();
        let en = Locale::default();
        let links = |l: &Locale, n: i64| sync_scope(l.clone(), || tn("count-links", n));
        assert_eq!(links(&en, 1), "1 link");
        assert_eq!(links(&en, 0), "0 links");
        assert_eq!(links(&fr, 0), "0 lien");
        assert_eq!(links(&fr, 1_500), "1\u{202f}500 liens");
        assert_eq!(links(&en, 1_500), "1,500 links");
    }

    #[test]
    fn the_creation_limit_agrees_with_its_count() {
        let fr = Locale::get("fr").unwrap();
        let en = Locale::default();
        for (locale, n, said) in [
            (
                &en,
                1,
                "You can create at most 1 link a minute. Wait a moment.",
            ),
            (
                &en,
                600,
                "You can create at most 600 links a minute. Wait a moment.",
            ),
            (
                &fr,
                1,
                "Vous pouvez créer au plus 1 lien par minute. Patientez un instant.",
            ),
            (
                &fr,
                1_500,
                "Vous pouvez créer au plus 1\u{202f}500 liens par minute. Patientez un instant.",
            ),
        ] {
            let limited = sync_scope(locale.clone(), || tn("creation-limited", n));
            assert_eq!(limited, said);
        }
    }
}
