//! The channel catalogue of the share kit: where a marketer puts a link, and whether that
//! place is private (dark social) or public.

/// How a channel shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Messaging, email, SMS: shares arrive with no referrer.
    Private,
    /// Public feeds: shares arrive with the network's referrer.
    Public,
    /// Print, QR codes, copy-paste: neither.
    Other,
}

pub struct Channel {
    pub key: &'static str,
    pub label: &'static str,
    pub reach: Reach,
}

const fn channel(key: &'static str, label: &'static str, reach: Reach) -> Channel {
    Channel { key, label, reach }
}

pub const CATALOGUE: [Channel; 18] = [
    channel("whatsapp", "WhatsApp", Reach::Private),
    channel("messenger", "Messenger", Reach::Private),
    channel("telegram", "Telegram", Reach::Private),
    channel("signal", "Signal", Reach::Private),
    channel("sms", "SMS", Reach::Private),
    channel("email", "Email", Reach::Private),
    channel("newsletter", "Newsletter", Reach::Private),
    channel("slack", "Slack", Reach::Private),
    channel("discord", "Discord", Reach::Private),
    channel("facebook", "Facebook", Reach::Public),
    channel("x", "X", Reach::Public),
    channel("linkedin", "LinkedIn", Reach::Public),
    channel("instagram", "Instagram", Reach::Public),
    channel("tiktok", "TikTok", Reach::Public),
    channel("reddit", "Reddit", Reach::Public),
    channel("qr", "QR / print", Reach::Other),
    channel("copy-link", "Copy link", Reach::Other),
    channel("other", "Other", Reach::Other),
];

pub fn find(key: &str) -> Option<&'static Channel> {
    CATALOGUE.iter().find(|c| c.key == key)
}

/// How a declared channel shares; unknown channels count as neither.
pub fn reach(key: &str) -> Reach {
    find(key).map_or(Reach::Other, |c| c.reach)
}

/// `utm_medium` for a channel, as analytics tools group them.
pub fn utm_medium(key: &str) -> &'static str {
    match key {
        "email" | "newsletter" => "email",
        "sms" => "sms",
        "qr" => "print",
        _ => match reach(key) {
            Reach::Private => "messaging",
            Reach::Public => "social",
            Reach::Other => "referral",
        },
    }
}

/// `destination` with `utm_source`, `utm_medium` and `utm_campaign` added (existing UTM
/// parameters are replaced, other parameters kept).
pub fn with_utm(destination: &str, channel: &str, campaign: &str) -> Result<String, String> {
    let mut url = url::Url::parse(destination).map_err(|e| format!("the URL is not valid: {e}"))?;
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !matches!(k.as_ref(), "utm_source" | "utm_medium" | "utm_campaign"))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair("utm_source", channel)
        .append_pair("utm_medium", utm_medium(channel))
        .append_pair("utm_campaign", campaign);
    Ok(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utm_parameters() {
        let url = with_utm(
            "https://example.com/a?x=1&utm_source=old",
            "whatsapp",
            "Spring sale",
        )
        .unwrap();
        assert_eq!(
            url,
            "https://example.com/a?x=1&utm_source=whatsapp&utm_medium=messaging&utm_campaign=Spring+sale"
        );
        assert_eq!(reach("facebook"), Reach::Public);
        assert_eq!(utm_medium("newsletter"), "email");
    }
}
