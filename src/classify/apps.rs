//! Android app referrers (`android-app://PACKAGE/`, what Chrome on Android sends when an app
//! opened the link) to a source and platform: the package itself, else the prefix of a
//! family of packages, else a brand word in the package name, so that third-party clients
//! of a known app count as that app (Plus Messenger, `org.telegram.plus`, is dark Telegram).

use std::collections::HashMap;
use std::sync::LazyLock;

use super::{Source, table};

type Entry = (Source, &'static str);

struct Apps {
    /// `com.whatsapp` → dark/whatsapp; package names are unique regardless of case.
    packages: HashMap<String, Entry>,
    /// `org.telegram.` → every package under it.
    prefixes: Vec<(String, Entry)>,
    /// `telegram` → any package with a label containing the word.
    words: Vec<(String, Entry)>,
}

static APPS: LazyLock<Apps> = LazyLock::new(|| {
    let mut apps = Apps {
        packages: HashMap::new(),
        prefixes: Vec::new(),
        words: Vec::new(),
    };
    for [package, source, platform] in table::rows(include_str!("data/android_apps.tsv")) {
        let entry = (table::source(source), platform);
        let package = package.to_ascii_lowercase();
        if let Some(word) = package.strip_prefix('*') {
            apps.words.push((word.to_owned(), entry));
        } else if package.ends_with('.') {
            apps.prefixes.push((package, entry));
        } else {
            apps.packages.insert(package, entry);
        }
    }
    apps
});

/// The source and platform of the app `package` (lowercase); unknown apps are `referral`.
pub fn lookup(package: &str) -> Entry {
    let apps = &*APPS;
    let word_in_a_label = |word: &str| package.split('.').any(|label| label.contains(word));
    apps.packages
        .get(package)
        .or_else(|| {
            apps.prefixes
                .iter()
                .find(|(prefix, _)| package.starts_with(prefix.as_str()))
                .map(|(_, entry)| entry)
        })
        .or_else(|| {
            apps.words
                .iter()
                .find(|(word, _)| word_in_a_label(word))
                .map(|(_, entry)| entry)
        })
        .copied()
        .unwrap_or((Source::Referral, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_families_and_third_party_clients() {
        assert_eq!(lookup("com.whatsapp"), (Source::Dark, "whatsapp"));
        assert_eq!(lookup("org.telegram.plus"), (Source::Dark, "telegram"));
        assert_eq!(lookup("tw.nekomimi.nekogram"), (Source::Dark, "telegram"));
        assert_eq!(
            lookup("ml.docilealligator.infinityforreddit"),
            (Source::Public, "reddit")
        );
        assert_eq!(lookup("com.unknown.app"), (Source::Referral, ""));
    }
}
