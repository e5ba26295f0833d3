//! The built-in channels of the share kit: where a marketer puts a link, and whether that
//! place is private (dark social) or public. Admins add their own beside them
//! ([`super::catalogue`]).

use std::borrow::Cow;
use std::str::FromStr;

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

impl Reach {
    pub const ALL: [Reach; 3] = [Reach::Private, Reach::Public, Reach::Other];

    /// `private`, `public` or `other`, as stored and as the API and the dashboard show it.
    pub fn as_str(self) -> &'static str {
        match self {
            Reach::Private => "private",
            Reach::Public => "public",
            Reach::Other => "other",
        }
    }
}

impl FromStr for Reach {
    type Err = String;
    fn from_str(s: &str) -> Result<Reach, String> {
        Reach::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("the reach must be private, public or other, not {s:?}"))
    }
}

/// The grammatical gender of a channel's name, in the languages that have one (French): what
/// its reach agrees with (« Newsletter privée », « Intranet privé »).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Gender {
    #[default]
    Masculine,
    Feminine,
}

impl Gender {
    pub const ALL: [Gender; 2] = [Gender::Masculine, Gender::Feminine];

    /// `masculine` or `feminine`, as stored and as the API shows it; also the value of
    /// `$gender` in the reach's messages (locales/), where `feminine` has a form of its own.
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Masculine => "masculine",
            Gender::Feminine => "feminine",
        }
    }
}

impl FromStr for Gender {
    type Err = String;
    fn from_str(s: &str) -> Result<Gender, String> {
        Gender::ALL
            .into_iter()
            .find(|g| g.as_str() == s)
            .ok_or_else(|| format!("the gender must be masculine or feminine, not {s:?}"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    pub key: Cow<'static, str>,
    /// A built-in channel's English name (as the API lists it), or the name an admin gave.
    pub label: Cow<'static, str>,
    pub reach: Reach,
    /// Added by an admin, not built in.
    pub custom: bool,
    /// An added channel's gender, chosen by its admin for the languages that have one; a
    /// built-in channel's name carries its own in each language (locales/), and this is unused.
    pub gender: Gender,
}

impl Channel {
    /// What people read for the channel: a built-in one's name in the request's language
    /// (`channel-name-copy-link` in `locales/`), an added one's label as its admin wrote it.
    pub fn name(&self) -> String {
        if self.custom {
            self.label.to_string()
        } else {
            crate::i18n::t(&format!("channel-name-{}", self.key))
        }
    }

    /// How it shares, as an adjective agreed with [`Channel::name`]: a built-in channel's
    /// name carries its gender as the attribute `.gender` in the languages that have one; an
    /// added one has the gender its admin chose.
    pub fn reach_label(&self) -> String {
        let gender = if self.custom {
            Some(self.gender.as_str().to_owned())
        } else {
            crate::i18n::current().attribute(&format!("channel-name-{}", self.key), "gender")
        };
        reach_name(self.reach, gender.as_deref())
    }
}

/// How a channel of `reach` shares (`private`), agreed with a name of grammatical `gender`
/// where the language needs it (« Newsletter privée »); `None` takes the language's default.
pub fn reach_name(reach: Reach, gender: Option<&str>) -> String {
    crate::i18n::t1(
        &format!("reach-{}", reach.as_str()),
        "gender",
        gender.unwrap_or("other"),
    )
}

const fn channel(key: &'static str, label: &'static str, reach: Reach) -> Channel {
    Channel {
        key: Cow::Borrowed(key),
        label: Cow::Borrowed(label),
        reach,
        custom: false,
        gender: Gender::Masculine,
    }
}

pub static BUILT_IN: [Channel; 18] = [
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
    BUILT_IN.iter().find(|c| c.key == key)
}

/// The keys of the built-in channels whose English label or name in the request's language
/// holds `search`, in any case ("app" finds `whatsapp`, "print" finds `qr`, and on a French
/// page "imprimé" does too).
pub fn keys_labelled(search: &str) -> Vec<&'static str> {
    let search = search.trim().to_lowercase();
    let holds = |name: &str| name.to_lowercase().contains(&search);
    BUILT_IN
        .iter()
        .filter(|c| !search.is_empty() && (holds(&c.label) || holds(&c.name())))
        .filter_map(|c| match c.key {
            Cow::Borrowed(key) => Some(key),
            Cow::Owned(_) => None,
        })
        .collect()
}

/// How a built-in channel shares; any other counts as neither. Channels added by admins are
/// known to [`super::catalogue::Catalogue::reach`] only.
pub fn reach(key: &str) -> Reach {
    find(key).map_or(Reach::Other, |c| c.reach)
}

/// `utm_medium` for a channel, as analytics tools group them.
pub fn utm_medium(key: &str, reach: Reach) -> &'static str {
    match key {
        "email" | "newsletter" => "email",
        "sms" => "sms",
        "qr" => "print",
        _ => match reach {
            Reach::Private => "messaging",
            Reach::Public => "social",
            Reach::Other => "referral",
        },
    }
}

/// `destination` tagged for a built-in channel (see [`super::utm::tag`]).
pub fn with_utm(destination: &str, channel: &str, campaign: &str) -> Result<String, String> {
    super::utm::tag(
        destination,
        channel,
        utm_medium(channel, reach(channel)),
        campaign,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_channels_found_by_label() {
        assert_eq!(keys_labelled("App"), ["whatsapp"]);
        assert_eq!(keys_labelled(" print"), ["qr"]);
        assert_eq!(keys_labelled("copy LINK"), ["copy-link"]);
        assert!(keys_labelled("").is_empty());
        assert!(keys_labelled("nothing like it").is_empty());
        let fr = crate::i18n::Locale::get("fr").unwrap();
        assert_eq!(
            crate::i18n::sync_scope(fr, || keys_labelled("imprimé")),
            ["qr"]
        );
    }

    #[test]
    fn built_in_channels_are_named_in_the_page_s_language_and_added_ones_as_written() {
        let fr = crate::i18n::Locale::get("fr").unwrap();
        let names = |locale: crate::i18n::Locale| -> Vec<String> {
            crate::i18n::sync_scope(locale, || BUILT_IN.iter().map(Channel::name).collect())
        };
        // Every built-in channel has a name in each language, its English one its label.
        let english: Vec<String> = BUILT_IN.iter().map(|c| c.label.to_string()).collect();
        assert_eq!(names(crate::i18n::Locale::default()), english);
        let french = names(fr.clone());
        for (key, name) in [
            ("qr", "QR / imprimé"),
            ("copy-link", "Copie du lien"),
            ("other", "Autre"),
            ("email", "E-mail"),
            ("whatsapp", "WhatsApp"),
        ] {
            let at = BUILT_IN.iter().position(|c| c.key == key).unwrap();
            assert_eq!(french[at], name, "{key}");
        }
        let mine = Channel {
            key: Cow::Borrowed("other-place"),
            label: Cow::Borrowed("Intranet du siège"),
            reach: Reach::Private,
            custom: true,
            gender: Gender::Masculine,
        };
        assert_eq!(
            crate::i18n::sync_scope(fr, || mine.name()),
            "Intranet du siège"
        );
    }

    #[test]
    fn reaches_agree_with_the_gender_of_the_name_in_french() {
        let fr = crate::i18n::Locale::get("fr").unwrap();
        let reach = |locale: crate::i18n::Locale, channel: &Channel| {
            crate::i18n::sync_scope(locale, || channel.reach_label())
        };
        let newsletter = find("newsletter").unwrap();
        assert_eq!(reach(fr.clone(), newsletter), "privée");
        assert_eq!(reach(fr.clone(), find("whatsapp").unwrap()), "privé");
        let mut added = Channel {
            key: Cow::Borrowed("lettre-partenaire"),
            label: Cow::Borrowed("Lettre du partenaire"),
            reach: Reach::Private,
            custom: true,
            gender: Gender::Feminine,
        };
        assert_eq!(reach(fr.clone(), &added), "privée");
        assert_eq!(reach(crate::i18n::Locale::default(), &added), "private");
        added.reach = Reach::Public;
        assert_eq!(reach(fr.clone(), &added), "publique");
        added.gender = Gender::Masculine;
        assert_eq!(reach(fr, &added), "public");
        assert_eq!("feminine".parse(), Ok(Gender::Feminine));
        assert!("neuter".parse::<Gender>().is_err());
    }

    #[test]
    fn built_in_reach_and_medium() {
        assert_eq!(reach("facebook"), Reach::Public);
        assert_eq!(reach("unknown"), Reach::Other);
        assert_eq!(utm_medium("newsletter", Reach::Private), "email");
        assert_eq!(utm_medium("intranet", Reach::Private), "messaging");
        assert_eq!("public".parse(), Ok(Reach::Public));
        assert!("dark".parse::<Reach>().is_err());
    }
}
