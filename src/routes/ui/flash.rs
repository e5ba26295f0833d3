//! One-time messages after an action ("Saved", "Link created", "Channel added", "Campaign
//! deleted" …): the form's redirect sets a cookie that lives a minute, signed with the
//! session's CSRF token and scoped to the page it leads to, and that page shows it once and
//! drops it.
//!
//! The cookie's `Path` is the page's, so it never reaches a short link's redirect, which
//! stays outside the page layers and sets no cookie either.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::{Viewer, see_other};
use crate::i18n::{t, t1, tn};

pub const COOKIE: &str = "lanterne_flash";
/// Long enough for the redirect to be followed, short enough not to greet a later visit.
const LIFETIME_S: u32 = 60;

/// What the page after an action says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flash {
    /// A link's changes were saved; its short URL.
    Saved(String),
    /// The same, for a link with a card and a password: previews get "Protected link", never
    /// the card, and the message says so.
    SavedCardHidden(String),
    /// One link was made on the Links page; its short URL.
    Created(String),
    /// A link was turned off or on, or deleted; its short URL.
    TurnedOff(String),
    TurnedOn(String),
    Deleted(String),
    /// A channel joined the catalogue; its label.
    ChannelAdded(String),
    /// An added channel's gender was changed; its label.
    ChannelSaved(String),
    /// The signed-in user's own language and time zone were saved.
    AccountSaved,
    /// A campaign's settings were saved: the links made from then on get them.
    CampaignSaved,
    /// Links were added to a campaign; how many.
    LinksAdded(String),
    /// A campaign was renamed, or deleted (its name).
    CampaignRenamed,
    CampaignDeleted(String),
    /// A campaign was deleted with its links and their hits, or keeping its links without a
    /// campaign: its name, and how many links.
    CampaignDeletedWithLinks(String, usize),
    CampaignDeletedKeepingLinks(String, usize),
    /// A share link of a campaign's report was made; its URL, which the campaign's page
    /// shows this once (the secret rides in this cookie for the redirect, signed, HttpOnly,
    /// scoped to that page and dropped once shown).
    ShareMade(String),
    /// A campaign's report is no longer shared through one of its links.
    ShareRevoked,
    /// An invitation was cancelled.
    InvitationCancelled,
    /// The signed-in user changed their password; their other sessions ended.
    PasswordChanged,
    /// A site was registered, saved, or deleted (its name).
    SiteRegistered(String),
    SiteSaved,
    SiteDeleted(String),
    /// A host was added to a site's domains (from its refused hosts).
    SiteDomainAdded(String),
    /// A test event was queued for a webhook subscription; its URL.
    WebhookTestQueued(String),
    /// The agency's name, which the client's reports say they were prepared by, was saved.
    AgencySaved,
}

impl Flash {
    fn parts(&self) -> (&'static str, std::borrow::Cow<'_, str>) {
        // A count and a name ride as `<count> <name>`: the count has no space.
        let counted = |n: &usize, name: &str| format!("{n} {name}").into();
        let (kind, value): (_, &str) = match self {
            Flash::CampaignDeletedWithLinks(name, n) => {
                return ("campaign-deleted-links", counted(n, name));
            }
            Flash::CampaignDeletedKeepingLinks(name, n) => {
                return ("campaign-deleted-keeping", counted(n, name));
            }
            Flash::Saved(v) => ("saved", v),
            Flash::SavedCardHidden(v) => ("saved-card-hidden", v),
            Flash::Created(v) => ("created", v),
            Flash::TurnedOff(v) => ("turned-off", v),
            Flash::TurnedOn(v) => ("turned-on", v),
            Flash::Deleted(v) => ("deleted", v),
            Flash::ChannelAdded(v) => ("channel-added", v),
            Flash::ChannelSaved(v) => ("channel-saved", v),
            Flash::AccountSaved => ("saved", ""),
            Flash::CampaignSaved => ("campaign-saved", ""),
            Flash::LinksAdded(v) => ("links-added", v),
            Flash::CampaignRenamed => ("campaign-renamed", ""),
            Flash::CampaignDeleted(v) => ("campaign-deleted", v),
            Flash::ShareMade(v) => ("share-made", v),
            Flash::ShareRevoked => ("share-revoked", ""),
            Flash::InvitationCancelled => ("invite-cancelled", ""),
            Flash::PasswordChanged => ("password-changed", ""),
            Flash::SiteRegistered(v) => ("site-registered", v),
            Flash::SiteSaved => ("site-saved", ""),
            Flash::SiteDeleted(v) => ("site-deleted", v),
            Flash::SiteDomainAdded(v) => ("site-domain-added", v),
            Flash::WebhookTestQueued(v) => ("webhook-test-queued", v),
            Flash::AgencySaved => ("agency-saved", ""),
        };
        (kind, value.into())
    }

    fn from_parts(kind: &str, value: String) -> Option<Flash> {
        Some(match kind {
            // The account page's "Saved." is the link's, with no short link to show.
            "saved" if value.is_empty() => Flash::AccountSaved,
            "saved" => Flash::Saved(value),
            "saved-card-hidden" => Flash::SavedCardHidden(value),
            "campaign-saved" => Flash::CampaignSaved,
            "links-added" => Flash::LinksAdded(value),
            "campaign-renamed" => Flash::CampaignRenamed,
            "campaign-deleted" => Flash::CampaignDeleted(value),
            "campaign-deleted-links" | "campaign-deleted-keeping" => {
                let (n, name) = value.split_once(' ')?;
                let (name, n) = (name.to_owned(), n.parse().ok()?);
                if kind == "campaign-deleted-links" {
                    Flash::CampaignDeletedWithLinks(name, n)
                } else {
                    Flash::CampaignDeletedKeepingLinks(name, n)
                }
            }
            "share-made" => Flash::ShareMade(value),
            "share-revoked" => Flash::ShareRevoked,
            "invite-cancelled" => Flash::InvitationCancelled,
            "password-changed" => Flash::PasswordChanged,
            "site-registered" => Flash::SiteRegistered(value),
            "site-saved" => Flash::SiteSaved,
            "site-deleted" => Flash::SiteDeleted(value),
            "site-domain-added" => Flash::SiteDomainAdded(value),
            "webhook-test-queued" => Flash::WebhookTestQueued(value),
            "agency-saved" => Flash::AgencySaved,
            "created" => Flash::Created(value),
            "turned-off" => Flash::TurnedOff(value),
            "turned-on" => Flash::TurnedOn(value),
            "deleted" => Flash::Deleted(value),
            "channel-added" => Flash::ChannelAdded(value),
            "channel-saved" => Flash::ChannelSaved(value),
            _ => return None,
        })
    }

    /// What happened, in the page's language.
    pub fn message(&self) -> String {
        let (kind, value) = self.parts();
        match self {
            Flash::ChannelAdded(_) => t1("flash-channel-added", "label", &*value),
            Flash::ChannelSaved(_) => t1("flash-channel-saved", "label", &*value),
            Flash::CampaignDeleted(_) => t1("flash-campaign-deleted", "name", &*value),
            Flash::SiteRegistered(_) => t1("flash-site-registered", "name", &*value),
            Flash::SiteDeleted(_) => t1("flash-site-deleted", "name", &*value),
            Flash::SiteDomainAdded(_) => t1("flash-site-domain-added", "host", &*value),
            Flash::WebhookTestQueued(_) => t1("flash-webhook-test-queued", "url", &*value),
            Flash::CampaignDeletedWithLinks(name, n)
            | Flash::CampaignDeletedKeepingLinks(name, n) => {
                let n = i64::try_from(*n).unwrap_or(i64::MAX);
                crate::i18n::current().text_with(
                    &format!("flash-{kind}"),
                    &[
                        ("name", name.into()),
                        ("n", n.into()),
                        ("count", crate::i18n::count(n).into()),
                    ],
                )
            }
            Flash::ShareMade(_) => t("share-made-now"),
            Flash::LinksAdded(_) => tn("flash-links-added", value.parse::<i64>().unwrap_or(0)),
            _ => t(&format!("flash-{kind}")),
        }
    }

    /// The short link the message is about, to open and copy (not for a deleted one).
    pub fn short_url(&self) -> Option<&str> {
        match self {
            Flash::Saved(v)
            | Flash::SavedCardHidden(v)
            | Flash::Created(v)
            | Flash::TurnedOff(v)
            | Flash::TurnedOn(v) => Some(v),
            _ => None,
        }
    }

    /// A new link gets a panel of its own, the other messages a line.
    pub fn is_panel(&self) -> bool {
        matches!(self, Flash::Created(_))
    }

    /// The cookie's value: `<hex of kind \n value>.<hex HMAC-SHA256 under key>`.
    fn encode(&self, key: &str) -> String {
        let (kind, value) = self.parts();
        let payload = format!("{kind}\n{value}");
        format!(
            "{}.{}",
            hex::encode(&payload),
            sign(key, payload.as_bytes())
        )
    }

    /// The flash of a cookie value signed under `key`; `None` when forged, from another
    /// session, or unreadable.
    fn decode(cookie: &str, key: &str) -> Option<Flash> {
        let (payload, mac) = cookie.split_once('.')?;
        let payload = hex::decode(payload).ok()?;
        if !super::constant_time_eq(sign(key, &payload).as_bytes(), mac.as_bytes()) {
            return None;
        }
        let payload = String::from_utf8(payload).ok()?;
        let (kind, value) = payload.split_once('\n')?;
        Flash::from_parts(kind, value.to_owned())
    }
}

fn sign(key: &str, payload: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("any key size");
    mac.update(payload);
    hex::encode(mac.finalize().into_bytes())
}

/// The 303 to `to` (a local path, checked by the caller) carrying `flash` for its page.
pub fn redirect(viewer: &Viewer, to: &str, flash: &Flash) -> Response {
    let mut response = see_other(to);
    let cookie = format!(
        "{COOKIE}={}; Path={}; HttpOnly; SameSite=Lax; Max-Age={LIFETIME_S}{}",
        flash.encode(&viewer.csrf),
        path_of(to),
        if viewer.https { "; Secure" } else { "" }
    );
    if let Ok(value) = HeaderValue::try_from(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The path of a local URL, without its query or fragment (nor anything after a `;` or `,`,
/// which would end the cookie's attribute).
fn path_of(to: &str) -> &str {
    to.split(['?', '#', ';', ',']).next().unwrap_or("/")
}

/// The flash in a request's cookies, if its signature is the session's.
pub fn read(headers: &axum::http::HeaderMap, csrf: &str) -> Option<Flash> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .and_then(|(_, value)| Flash::decode(value, csrf))
}

/// Drops the flash once a page was answered with it: any answer but a redirect (which leads
/// to the page that shows it) expires the cookie at the path it was sent to.
pub async fn layer(request: Request, next: Next) -> Response {
    let carried = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|h| h.contains(COOKIE));
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    if carried && !response.status().is_redirection() {
        let expired = format!("{COOKIE}=; Path={path}; HttpOnly; SameSite=Lax; Max-Age=0");
        if let Ok(value) = HeaderValue::try_from(expired) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_for_one_session() {
        let flash = Flash::Saved("https://l.example/spring".into());
        let cookie = flash.encode("csrf-a");
        assert_eq!(Flash::decode(&cookie, "csrf-a"), Some(flash.clone()));
        assert_eq!(Flash::decode(&cookie, "csrf-b"), None);
        let forged = format!("{}.{}", hex::encode("saved\nhttps://evil.example"), "00");
        assert_eq!(Flash::decode(&forged, "csrf-a"), None);
        let label = Flash::ChannelAdded("Podcast; été".into());
        assert_eq!(Flash::decode(&label.encode("k"), "k"), Some(label));
        for saved in [
            Flash::AccountSaved,
            Flash::CampaignSaved,
            Flash::SavedCardHidden("https://l.example/spring".into()),
            Flash::LinksAdded("2".into()),
            Flash::CampaignDeleted("Soldes d'été".into()),
            Flash::CampaignDeletedWithLinks("Import Bitly 2".into(), 42),
            Flash::CampaignDeletedKeepingLinks("Soldes d'été".into(), 1),
            Flash::InvitationCancelled,
            Flash::PasswordChanged,
            Flash::SiteRegistered("Agence d'été".into()),
            Flash::SiteSaved,
            Flash::SiteDeleted("Daily".into()),
            Flash::SiteDomainAdded("www.news.example".into()),
            Flash::WebhookTestQueued("https://crm.example/hooks/lanterne".into()),
            Flash::ShareMade("https://l.example/shared/0123abcd".into()),
            Flash::AgencySaved,
        ] {
            assert_eq!(Flash::decode(&saved.encode("k"), "k"), Some(saved));
        }
    }

    #[test]
    fn scoped_to_the_page_it_leads_to() {
        assert_eq!(path_of("/campaigns/3?domain=x#links"), "/campaigns/3");
        assert_eq!(
            path_of("/settings/channels#channel-podcast"),
            "/settings/channels"
        );
        assert_eq!(path_of("/links"), "/links");
        assert_eq!(path_of("/links;Domain=evil.example"), "/links");
    }
}
