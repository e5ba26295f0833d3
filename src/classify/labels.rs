//! What a referrer host's own labels say, for the many hosts no table can list: somebody's
//! mailbox (`webmail.provider.example`), a Mastodon instance (`mstdn.jp`), a search page
//! (`search.provider.example`); and the path shape of a Mastodon post.

/// A mailbox: the first label (after `www.`) is `mail`, `mail2`, `email`, `webmail1m`,
/// `wmail`, `messagerie…` (Orange, SFR), `lightmailer…` (GMX, mail.com), `mailbusiness`
/// (IONOS), or ends in `mail` (`upcmail.hispeed.ch`, `hotmail.com`, `sibmail.com`); or the
/// host is a `deref-…` domain, the redirector GMX, Web.de, 1&1 and mail.com send every link
/// of a message through; or a label inside the host is `mail` or `webmail`
/// (`x.c.yom.mail.yahoo.net`, `col106.mail.live.com`). A bare `mail.ru` or `email.cz` names a
/// provider's portal, not a mailbox, so a mailbox label needs a domain below it.
pub fn is_mailbox(host: &str) -> bool {
    let host = host.strip_prefix("www.").unwrap_or(host);
    let labels: Vec<&str> = host.split('.').collect();
    let Some((first, rest)) = labels.split_first() else {
        return false;
    };
    let numbered = |stem: &str| {
        first
            .strip_prefix(stem)
            .is_some_and(|tail| tail.bytes().all(|b| b.is_ascii_digit()))
    };
    let provider_below = rest.len() >= 2;
    let mailbox_first = numbered("mail")
        || numbered("email")
        || numbered("wmail")
        || first.starts_with("webmail")
        || first.starts_with("messagerie")
        || first.starts_with("lightmailer")
        || *first == "mailbusiness";
    let named_mail = first.len() > "mail".len() && first.ends_with("mail") && *first != "email";
    let inner = rest.len() > 2
        && rest[..rest.len() - 2]
            .iter()
            .any(|label| matches!(*label, "mail" | "webmail"));
    (provider_below && mailbox_first) || named_mail || first.starts_with("deref-") || inner
}

/// A Mastodon instance: a `mastodon`, `mstdn`, `masto` or `toot` label (`mastodon.art`,
/// `mstdn.jp`, `toot.community`), or a first label starting `mastodon` (`mastodonapp.uk`).
/// There are thousands, and Mastodon sends only the origin as the referrer, so the
/// post-path shape below seldom sees a path.
pub fn is_fediverse(host: &str) -> bool {
    host.starts_with("mastodon")
        || host
            .split('.')
            .any(|label| matches!(label, "mastodon" | "mstdn" | "masto" | "toot"))
}

/// A public forum: a first label `forum` or `forums` below a domain
/// (`forums.whirlpool.net.au`), or a `sozluk` in a label: the Turkish community dictionaries
/// (`eksisozluk.com`, `itusozluk.com`, `inci.sozlukspot.com`), where links are posted for
/// anyone to read. Returns the platform.
pub fn public_forum(host: &str) -> Option<&'static str> {
    let mut labels = host.split('.');
    let first = labels.next().unwrap_or("");
    if matches!(first, "forum" | "forums") && labels.count() >= 2 {
        return Some("forum");
    }
    host.split('.')
        .any(|label| label.contains("sozluk"))
        .then_some("sozluk")
}

/// A search page: the first label is `search`, `searches`, `suche`, `recherche` or `busca`
/// (`search.ukr.net`, `search.orange.co.uk`, `suche.t-online.de`), below a domain.
pub fn is_search(host: &str) -> bool {
    let mut labels = host.split('.');
    let first = labels.next().unwrap_or("");
    labels.count() >= 2
        && matches!(
            first,
            "search" | "searches" | "suche" | "recherche" | "busca" | "buscador"
        )
}

/// `/@user/1234567890` or `/@user`: the shape of a Mastodon profile or post URL, on any
/// instance.
pub fn is_mastodon_post(path: &str) -> bool {
    // Real post paths are short; a bound also keeps a cropped stored path from turning into one.
    if path.len() > 200 {
        return false;
    }
    let Some(rest) = path.strip_prefix("/@") else {
        return false;
    };
    let (user, tail) = rest.split_once('/').unwrap_or((rest, ""));
    !user.is_empty()
        && user
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'@' || b == b'-')
        && (tail.is_empty() || tail.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailboxes() {
        for host in [
            "webmail.ionos.de",
            "mail.naver.com",
            "mail2.daum.net",
            "webmail1m.orange.fr",
            "messagerie.orange.fr",
            "wmail.orange.fr",
            "lightmailer.gmx.net",
            "deref-gmx.net",
            "deref-1und1-02.de",
            "upcmail.hispeed.ch",
            "www.hotmail.com",
            "x.c.yom.mail.yahoo.net",
            "co106w.col106.mail.live.com",
        ] {
            assert!(is_mailbox(host), "{host}");
        }
        for host in [
            "mail.ru",
            "email.cz",
            "go.mail.ru",
            "my.mail.ru",
            "mailchimp.com",
            "mail",
            "blog.example.org",
        ] {
            assert!(!is_mailbox(host), "{host}");
        }
    }

    #[test]
    fn instances_and_search_pages() {
        assert!(is_fediverse("mstdn.jp"));
        assert!(is_fediverse("mastodonapp.uk"));
        assert!(!is_fediverse("docs.joinmastodon.org"));
        assert_eq!(public_forum("forums.whirlpool.net.au"), Some("forum"));
        assert_eq!(public_forum("uludagsozluk.com"), Some("sozluk"));
        assert_eq!(public_forum("forum.com"), None);
        assert_eq!(public_forum("example.org"), None);
        assert!(is_search("search.ukr.net"));
        assert!(is_search("suche.t-online.de"));
        assert!(!is_search("search.com"));
        assert!(!is_search("searchengineland.com"));
    }
}
