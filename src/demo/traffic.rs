//! What a demo visit looks like, per channel: the mix of referrers, in-app browsers, link
//! previews and bots that each channel brings, places, and the hour of day.

use rand::Rng;
use rand::rngs::StdRng;

const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;

pub struct Visit {
    pub referrer: Option<&'static str>,
    pub user_agent: &'static str,
    pub country: &'static str,
    pub city: Option<&'static str>,
}

const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const ANDROID: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";
const DESKTOP: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const MAC: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15";
const FB_APP: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.3.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/0]";
const MESSENGER_APP: &str = "Mozilla/5.0 (Linux; Android 12; Pixel 6 Build/SQ3A.220705.004; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36 [FB_IAB/Orca-Android;FBAV/443.0.0.21.111;]";
const INSTAGRAM_APP: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 315.0.1.22.109 (iPhone14,2; iOS 17_2; en_US; en; scale=3.00; 1170x2532; 556040429)";
const TIKTOK_APP: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_32.9.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/en Region/US BytedanceWebview/d8a21c6";
const LINKEDIN_APP: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.8516";
const X_APP: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Twitter for iPhone/10.34";

const PREVIEWS: [(&str, &str); 8] = [
    ("whatsapp", "WhatsApp/2.23.20.0 A"),
    ("telegram", "TelegramBot (like TwitterBot)"),
    (
        "imessage",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0",
    ),
    (
        "slack",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    ),
    (
        "discord",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    ),
    (
        "facebook",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    ),
    ("x", "Twitterbot/1.0"),
    (
        "linkedin",
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    ),
];

const BOTS: [&str; 4] = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "curl/8.5.0",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
];

const PLACES: [(&str, Option<&str>, u32); 10] = [
    ("FR", Some("Paris"), 22),
    ("FR", Some("Lyon"), 6),
    ("GB", Some("London"), 14),
    ("DE", Some("Berlin"), 10),
    ("US", Some("New York"), 12),
    ("US", None, 8),
    ("ES", Some("Madrid"), 7),
    ("BR", Some("São Paulo"), 6),
    ("IN", None, 8),
    ("CA", Some("Montréal"), 7),
];

fn phone(rng: &mut StdRng) -> &'static str {
    if rng.random_bool(0.55) {
        IPHONE
    } else {
        ANDROID
    }
}

fn place(rng: &mut StdRng) -> (&'static str, Option<&'static str>) {
    let total: u32 = PLACES.iter().map(|p| p.2).sum();
    let mut pick = rng.random_range(0..total);
    for (country, city, weight) in PLACES {
        if pick < weight {
            return (country, city);
        }
        pick -= weight;
    }
    ("FR", None)
}

/// A time in `[start, end)` with a daily rhythm: quiet at night, busy at lunch and evening.
pub fn time(rng: &mut StdRng, start: i64, end: i64) -> i64 {
    const HOURS: [u32; 24] = [
        1, 1, 1, 1, 1, 2, 4, 7, 9, 9, 9, 10, 12, 11, 9, 8, 8, 9, 11, 13, 14, 12, 7, 3,
    ];
    let days = ((end - start) / DAY_MS).max(1);
    loop {
        let day = rng.random_range(0..days);
        let total: u32 = HOURS.iter().sum();
        let mut pick = rng.random_range(0..total);
        let hour = HOURS
            .iter()
            .position(|&w| {
                if pick < w {
                    true
                } else {
                    pick -= w;
                    false
                }
            })
            .unwrap_or(12) as i64;
        let at = start + day * DAY_MS + hour * HOUR_MS + rng.random_range(0..HOUR_MS);
        if at < end {
            return at;
        }
    }
}

/// One visit to a link of `channel`. `family` themes are passed on privately more often.
pub fn visit(rng: &mut StdRng, channel: &str, family: bool) -> Visit {
    let (country, city) = place(rng);
    let roll: f64 = rng.random();
    // 8 % link previews (shares detected), 4 % bots, the rest people.
    if roll < 0.08 {
        let private = ["whatsapp", "telegram", "imessage", "slack", "discord"];
        let (platform, ua) = PREVIEWS[rng.random_range(0..PREVIEWS.len())];
        let ua = if private.contains(&platform) || rng.random_bool(0.5) {
            ua
        } else {
            PREVIEWS[0].1
        };
        return Visit {
            referrer: None,
            user_agent: ua,
            country,
            city,
        };
    }
    if roll < 0.12 {
        return Visit {
            referrer: None,
            user_agent: BOTS[rng.random_range(0..BOTS.len())],
            country,
            city,
        };
    }
    // 4 % of people come from a web page that linked to the post: a blog, a news site, a
    // forum (referral traffic, whatever the channel).
    if roll < 0.16 {
        let pages = [
            "https://medium.com/@ines/what-we-shipped-this-spring",
            "https://www.lemonde.fr/economie/",
            "https://stackoverflow.com/questions/tagged/analytics",
            "https://www.theverge.com/tech",
        ];
        return Visit {
            referrer: Some(pages[rng.random_range(0..pages.len())]),
            user_agent: if rng.random_bool(0.5) { DESKTOP } else { MAC },
            country,
            city,
        };
    }
    let (referrer, user_agent) = person(rng, channel, family);
    Visit {
        referrer,
        user_agent,
        country,
        city,
    }
}

/// Where a person following a link of `channel` comes from, and with what browser.
fn person(rng: &mut StdRng, channel: &str, family: bool) -> (Option<&'static str>, &'static str) {
    let leak = if family { 0.25 } else { 0.0 };
    let r: f64 = rng.random();
    from_public_feed(rng, channel, r, leak).unwrap_or_else(|| from_elsewhere(rng, channel, r))
}

/// A person from a public feed's post; `leak` more of them arrive with no referrer, the
/// post carried on into private chats (dark leakage). `None` for other channels.
fn from_public_feed(
    rng: &mut StdRng,
    channel: &str,
    r: f64,
    leak: f64,
) -> Option<(Option<&'static str>, &'static str)> {
    Some(match channel {
        "facebook" => match r {
            r if r < 0.30 + leak => (None, phone(rng)),
            r if r < 0.45 + leak => (None, MESSENGER_APP),
            r if r < 0.80 => (None, FB_APP),
            _ => (Some("https://l.facebook.com/l.php"), DESKTOP),
        },
        "instagram" => {
            if r < 0.25 + leak {
                (None, phone(rng))
            } else {
                (Some("https://l.instagram.com/"), INSTAGRAM_APP)
            }
        }
        "tiktok" => {
            if r < 0.2 {
                (None, phone(rng))
            } else {
                (None, TIKTOK_APP)
            }
        }
        "x" => match r {
            r if r < 0.2 + leak => (None, phone(rng)),
            r if r < 0.6 => (None, X_APP),
            _ => (Some("https://t.co/"), DESKTOP),
        },
        "linkedin" => match r {
            r if r < 0.25 => (None, DESKTOP),
            r if r < 0.55 => (None, LINKEDIN_APP),
            _ => (Some("https://www.linkedin.com/"), MAC),
        },
        "reddit" => {
            if r < 0.3 {
                (None, DESKTOP)
            } else {
                (Some("https://www.reddit.com/r/programming/"), DESKTOP)
            }
        }
        "pinterest" => {
            if r < 0.3 {
                (None, phone(rng))
            } else {
                (Some("https://www.pinterest.fr/"), phone(rng))
            }
        }
        _ => return None,
    })
}

/// A person from a private channel, print or copy-paste.
fn from_elsewhere(rng: &mut StdRng, channel: &str, r: f64) -> (Option<&'static str>, &'static str) {
    match channel {
        "email" | "newsletter" => match r {
            r if r < 0.55 => (
                None,
                if rng.random_bool(0.5) {
                    DESKTOP
                } else {
                    phone(rng)
                },
            ),
            r if r < 0.80 => (Some("https://mail.google.com/"), DESKTOP),
            _ => (Some("https://outlook.live.com/"), DESKTOP),
        },
        "messenger" => {
            if r < 0.6 {
                (None, MESSENGER_APP)
            } else {
                (None, phone(rng))
            }
        }
        "slack" => {
            if r < 0.5 {
                (Some("https://app.slack.com/"), MAC)
            } else {
                (None, DESKTOP)
            }
        }
        "telegram" => {
            if r < 0.3 {
                (Some("https://web.telegram.org/"), DESKTOP)
            } else {
                (None, phone(rng))
            }
        }
        "whatsapp" | "sms" | "signal" => {
            if r < 0.1 {
                (Some("https://web.whatsapp.com/"), DESKTOP)
            } else {
                (None, phone(rng))
            }
        }
        // Print and copy-paste: no referrer, some found again through search.
        _ => match r {
            r if r < 0.75 => (None, phone(rng)),
            r if r < 0.9 => (Some("https://www.google.com/"), DESKTOP),
            _ => (Some("https://news.ycombinator.com/"), DESKTOP),
        },
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;
    use crate::classify::{Kind, Source, classify};

    /// The demo shows every answer the dashboard gives: each source of clicks, previews and
    /// bots, on the channels a demo campaign uses.
    #[test]
    fn demo_visits_cover_every_class_of_hit() {
        let mut rng = StdRng::seed_from_u64(7);
        let mut sources = Vec::new();
        let mut kinds = Vec::new();
        for channel in ["facebook", "x", "whatsapp", "email", "copy-link"] {
            for _ in 0..2_000 {
                let visit = visit(&mut rng, channel, false);
                let class = classify(false, visit.referrer, visit.user_agent, Default::default());
                kinds.push(class.kind);
                sources.extend(class.source);
            }
        }
        for source in [
            Source::Dark,
            Source::Public,
            Source::Search,
            Source::Referral,
        ] {
            assert!(sources.contains(&source), "no {source:?} click");
        }
        for kind in [Kind::Click, Kind::Preview, Kind::Bot] {
            assert!(kinds.contains(&kind), "no {kind:?}");
        }
    }
}
