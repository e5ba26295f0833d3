//! Deciding what a request to a link with options gets, as a pure function of the link's
//! prepared options and the facts of the request: no I/O, no clock, no randomness of its own.
//!
//! The order: not started (a page saying when it opens), expired by date or click limit (410 or
//! `expired_url`), locked by a password, then the first matching rule, else a variant by
//! weight, else the link's URL; a preview fetcher gets the card instead of the redirect.

use axum::http::HeaderValue;

use super::{Condition, Dated, Destination, Device, LinkOptions, PreviewCard, dated};

/// A link's options made ready for the redirect: every URL a `Location` value already.
#[derive(Debug, Default)]
pub struct Prepared {
    starts_at: Option<i64>,
    expires_at: Option<i64>,
    expired: Option<HeaderValue>,
    pub max_clicks: Option<i64>,
    /// The argon2 PHC string of the link's password.
    pub password: Option<Box<str>>,
    pub card: Option<PreviewCard>,
    rules: Box<[(Condition, HeaderValue)]>,
    /// Each variant's `Location` with the running total of weights up to and including it.
    variants: Box<[(u32, HeaderValue)]>,
    needs: Needs,
}

/// Which facts of a request deciding needs: the redirect works out only these.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    /// Whether the request is a person, a preview fetcher or a bot (classifier).
    pub audience: bool,
    /// The device (user agent).
    pub device: bool,
    /// The country (a geo lookup of the client's address).
    pub country: bool,
}

/// Who is asking, as the classifier sees the request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Audience {
    #[default]
    Person,
    Preview,
    Bot,
}

/// What is known of a request; facts not in [`Needs`] are left at their defaults.
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts {
    /// Unix ms.
    pub now: i64,
    pub audience: Audience,
    pub device: Option<Device>,
    pub country: Option<[u8; 2]>,
    /// The right password came with the request.
    pub unlocked: bool,
    /// The click limit still lets people through (see src/links/limit.rs).
    pub room: bool,
    /// A uniformly random number, for the A/B split.
    pub roll: u32,
}

/// What the request gets.
#[derive(Debug, PartialEq, Eq)]
pub enum Decision<'a> {
    /// Before `starts_at` (Unix ms): a page saying when the link opens.
    NotStarted { starts_at: i64 },
    /// 410: expired, with no `expired_url`.
    Gone,
    /// The password form for a person; a page with nothing on it for a preview or a bot.
    Locked,
    /// A preview fetcher gets the card, which names the destination.
    Card {
        to: &'a HeaderValue,
        destination: Destination,
    },
    /// A redirect (302); `counted` when a person asks for a link with a click limit: let through only if
    /// the limit admits them, else given [`Prepared::expired`].
    Go {
        to: &'a HeaderValue,
        destination: Destination,
        counted: bool,
    },
}

impl Prepared {
    /// `None` for a plain link, which then costs the redirect nothing more than before.
    pub fn new(options: &LinkOptions, password: Option<&str>) -> Option<Prepared> {
        if options.is_plain() && password.is_none() {
            return None;
        }
        let location = |url: &str| match HeaderValue::try_from(url) {
            Ok(value) => Some(value),
            Err(_) => {
                tracing::error!(
                    url,
                    "a stored option's URL is not a valid Location header; left out"
                );
                None
            }
        };
        let rules: Box<[_]> = options
            .rules
            .iter()
            .filter_map(|rule| Some((rule.when, location(&rule.url)?)))
            .collect();
        let mut total = 0u32;
        let variants: Box<[_]> = options
            .variants
            .iter()
            .filter_map(|v| {
                let to = location(&v.url)?;
                total += v.weight;
                Some((total, to))
            })
            .collect();
        let needs = Needs {
            audience: options.preview.is_some()
                || options.max_clicks.is_some()
                || password.is_some(),
            device: rules.iter().any(|(c, _)| matches!(c, Condition::Device(_))),
            country: rules
                .iter()
                .any(|(c, _)| matches!(c, Condition::Country(_))),
        };
        Some(Prepared {
            starts_at: options.starts_at,
            expires_at: options.expires_at,
            expired: options.expired_url.as_deref().and_then(location),
            max_clicks: options.max_clicks,
            password: password.map(Into::into),
            card: options.preview.clone(),
            variants: if total > 0 { variants } else { Box::new([]) },
            rules,
            needs,
        })
    }

    pub fn needs(&self) -> Needs {
        self.needs
    }

    /// What an expired link answers: its `expired_url`, or 410.
    pub fn expired(&self) -> Decision<'_> {
        match &self.expired {
            Some(to) => Decision::Go {
                to,
                destination: Destination::Expired,
                counted: false,
            },
            None => Decision::Gone,
        }
    }

    /// What a request with `facts` gets from a link whose URL is `location`.
    pub fn decide<'a>(&'a self, location: &'a HeaderValue, facts: &Facts) -> Decision<'a> {
        let dates = dated(self.starts_at, self.expires_at, facts.now);
        if let (Dated::NotStarted, Some(starts_at)) = (dates, self.starts_at) {
            return Decision::NotStarted { starts_at };
        }
        let past_date = dates == Dated::Ended;
        let out_of_clicks = self.max_clicks.is_some() && !facts.room;
        if past_date || out_of_clicks {
            return self.expired();
        }
        if self.password.is_some() && !facts.unlocked {
            return Decision::Locked;
        }
        let (to, destination) = self.destination(location, facts);
        match facts.audience {
            Audience::Preview if self.card.is_some() => Decision::Card { to, destination },
            audience => Decision::Go {
                to,
                destination,
                counted: self.max_clicks.is_some() && audience == Audience::Person,
            },
        }
    }

    /// The first matching rule, else a variant by weight, else the link's URL.
    fn destination<'a>(
        &'a self,
        location: &'a HeaderValue,
        facts: &Facts,
    ) -> (&'a HeaderValue, Destination) {
        let matches = |condition: &Condition| match condition {
            Condition::Device(device) => facts.device == Some(*device),
            Condition::Country(code) => facts.country == Some(*code),
        };
        if let Some(i) = self.rules.iter().position(|(c, _)| matches(c)) {
            return (&self.rules[i].1, Destination::Rule(i as u8));
        }
        if let Some((total, _)) = self.variants.last() {
            let point = facts.roll % total;
            // The first variant whose running total passes the point: a variant of weight 0
            // has the same total as the one before it, so it is never the first.
            let i = self.variants.partition_point(|(upto, _)| *upto <= point);
            return (&self.variants[i].1, Destination::Variant(i as u8));
        }
        (location, Destination::Url)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Rule, Variant};
    use super::*;

    const NOW: i64 = 1_000_000;

    fn url(path: &str) -> HeaderValue {
        HeaderValue::try_from(format!("https://example.com/{path}")).unwrap()
    }

    fn facts() -> Facts {
        Facts {
            now: NOW,
            room: true,
            ..Facts::default()
        }
    }

    fn prepared(options: LinkOptions) -> Prepared {
        Prepared::new(&options, None).expect("options were given")
    }

    fn go(to: &str, destination: Destination) -> (String, Destination, bool) {
        (format!("https://example.com/{to}"), destination, false)
    }

    /// The decision as comparable values: where to, which destination, counted.
    fn went(decision: Decision<'_>) -> (String, Destination, bool) {
        match decision {
            Decision::Go {
                to,
                destination,
                counted,
            } => (to.to_str().unwrap().to_owned(), destination, counted),
            other => panic!("expected a redirect, got {other:?}"),
        }
    }

    fn card() -> PreviewCard {
        PreviewCard {
            title: "Spring".into(),
            description: None,
            image: None,
        }
    }

    #[test]
    fn plain_links_have_nothing_to_prepare() {
        assert!(Prepared::new(&LinkOptions::default(), None).is_none());
        let locked = Prepared::new(&LinkOptions::default(), Some("$argon2id$...")).unwrap();
        assert_eq!(
            locked.needs(),
            Needs {
                audience: true,
                device: false,
                country: false
            }
        );
    }

    #[test]
    fn dates_hide_then_expire_the_link_exactly_at_their_instant() {
        let link = prepared(LinkOptions {
            starts_at: Some(NOW),
            expires_at: Some(NOW + 10),
            ..LinkOptions::default()
        });
        let at = |now: i64| link.decide_at(now);
        assert_eq!(at(NOW - 1), Decision::NotStarted { starts_at: NOW });
        assert!(matches!(at(NOW), Decision::Go { .. }));
        assert!(matches!(at(NOW + 9), Decision::Go { .. }));
        assert_eq!(at(NOW + 10), Decision::Gone);
        assert_eq!(at(NOW + 1_000_000), Decision::Gone);
    }

    impl Prepared {
        fn decide_at(&self, now: i64) -> Decision<'_> {
            static HOME: std::sync::LazyLock<HeaderValue> = std::sync::LazyLock::new(|| url(""));
            self.decide(&HOME, &Facts { now, ..facts() })
        }
    }

    #[test]
    fn an_expired_link_sends_people_to_its_expired_url() {
        let link = prepared(LinkOptions {
            expires_at: Some(NOW),
            expired_url: Some("https://example.com/late".into()),
            ..LinkOptions::default()
        });
        assert_eq!(
            went(link.decide(&url(""), &facts())),
            go("late", Destination::Expired)
        );
        // Previews of an expired link follow it too, and are not counted anywhere.
        let preview = Facts {
            audience: Audience::Preview,
            ..facts()
        };
        assert_eq!(
            went(link.decide(&url(""), &preview)),
            go("late", Destination::Expired)
        );
    }

    #[test]
    fn a_click_limit_counts_people_only_and_then_expires_the_link() {
        let link = prepared(LinkOptions {
            max_clicks: Some(3),
            ..LinkOptions::default()
        });
        assert!(link.needs().audience);
        let home = url("");
        let person = went(link.decide(&home, &facts()));
        assert_eq!(
            person,
            ("https://example.com/".into(), Destination::Url, true)
        );
        for audience in [Audience::Preview, Audience::Bot] {
            let other = link.decide(
                &home,
                &Facts {
                    audience,
                    ..facts()
                },
            );
            assert!(!went(other).2, "{audience:?} counted");
        }
        // No room left: everyone gets the expired answer, previews included.
        for audience in [Audience::Person, Audience::Preview, Audience::Bot] {
            let out = Facts {
                audience,
                room: false,
                ..facts()
            };
            assert_eq!(link.decide(&home, &out), Decision::Gone, "{audience:?}");
        }
    }

    #[test]
    fn a_password_locks_the_link_for_everyone_until_unlocked() {
        let link = Prepared::new(
            &LinkOptions {
                preview: Some(card()),
                ..LinkOptions::default()
            },
            Some("$argon2id$..."),
        )
        .unwrap();
        let home = url("");
        for audience in [Audience::Person, Audience::Preview, Audience::Bot] {
            let locked = Facts {
                audience,
                ..facts()
            };
            assert_eq!(
                link.decide(&home, &locked),
                Decision::Locked,
                "{audience:?}"
            );
        }
        let unlocked = Facts {
            unlocked: true,
            ..facts()
        };
        assert_eq!(
            went(link.decide(&home, &unlocked)),
            go("", Destination::Url)
        );
        // Expiry comes before the password: an expired link asks for nothing.
        let expired = Prepared::new(
            &LinkOptions {
                expires_at: Some(NOW),
                ..LinkOptions::default()
            },
            Some("$argon2id$..."),
        )
        .unwrap();
        assert_eq!(expired.decide(&home, &facts()), Decision::Gone);
    }

    #[test]
    fn previews_get_the_card_and_people_the_redirect() {
        let link = prepared(LinkOptions {
            preview: Some(card()),
            rules: vec![Rule {
                when: Condition::Device(Device::Ios),
                url: "https://example.com/ios".into(),
            }],
            ..LinkOptions::default()
        });
        let home = url("");
        let preview = Facts {
            audience: Audience::Preview,
            ..facts()
        };
        assert_eq!(
            link.decide(&home, &preview),
            Decision::Card {
                to: &home,
                destination: Destination::Url
            }
        );
        // The card names the destination the fetcher would have been sent to.
        let ios_preview = Facts {
            device: Some(Device::Ios),
            ..preview
        };
        assert!(matches!(
            link.decide(&home, &ios_preview),
            Decision::Card {
                destination: Destination::Rule(0),
                ..
            }
        ));
        assert_eq!(went(link.decide(&home, &facts())), go("", Destination::Url));
        let bot = Facts {
            audience: Audience::Bot,
            ..facts()
        };
        assert_eq!(went(link.decide(&home, &bot)), go("", Destination::Url));
    }

    #[test]
    fn the_first_matching_rule_wins() {
        let rule = |when, path: &str| Rule {
            when,
            url: format!("https://example.com/{path}"),
        };
        let link = prepared(LinkOptions {
            rules: vec![
                rule(Condition::Country(*b"FR"), "fr"),
                rule(Condition::Device(Device::Ios), "ios"),
                rule(Condition::Device(Device::Ios), "ios-again"),
                rule(Condition::Device(Device::Desktop), "desktop"),
            ],
            ..LinkOptions::default()
        });
        assert_eq!(
            link.needs(),
            Needs {
                audience: false,
                device: true,
                country: true
            }
        );
        let home = url("");
        let on = |device: Option<Device>, country: Option<[u8; 2]>| {
            went(link.decide(
                &home,
                &Facts {
                    device,
                    country,
                    ..facts()
                },
            ))
        };
        assert_eq!(
            on(Some(Device::Ios), Some(*b"FR")),
            go("fr", Destination::Rule(0))
        );
        assert_eq!(
            on(Some(Device::Ios), Some(*b"DE")),
            go("ios", Destination::Rule(1))
        );
        assert_eq!(on(Some(Device::Ios), None), go("ios", Destination::Rule(1)));
        assert_eq!(
            on(Some(Device::Desktop), None),
            go("desktop", Destination::Rule(3))
        );
        assert_eq!(
            on(Some(Device::Android), Some(*b"DE")),
            go("", Destination::Url)
        );
        assert_eq!(on(None, None), go("", Destination::Url));
    }

    #[test]
    fn variants_split_by_weight_and_weight_zero_gets_nobody() {
        let variant = |path: &str, weight| Variant {
            url: format!("https://example.com/{path}"),
            weight,
        };
        let link = prepared(LinkOptions {
            variants: vec![
                variant("a", 1),
                variant("never", 0),
                variant("b", 3),
                variant("also-never", 0),
            ],
            ..LinkOptions::default()
        });
        assert_eq!(link.needs(), Needs::default());
        let home = url("");
        let mut seen = std::collections::BTreeMap::new();
        for roll in 0..4_000u32 {
            let (to, destination, _) = went(link.decide(&home, &Facts { roll, ..facts() }));
            *seen.entry((to, destination)).or_insert(0) += 1;
        }
        assert_eq!(
            seen.into_iter().collect::<Vec<_>>(),
            vec![
                (
                    ("https://example.com/a".into(), Destination::Variant(0)),
                    1_000
                ),
                (
                    ("https://example.com/b".into(), Destination::Variant(2)),
                    3_000
                ),
            ]
        );
        // Extreme rolls land inside the split too.
        assert!(matches!(
            link.decide(
                &home,
                &Facts {
                    roll: u32::MAX,
                    ..facts()
                }
            ),
            Decision::Go {
                destination: Destination::Variant(0 | 2),
                ..
            }
        ));
    }

    #[test]
    fn rules_come_before_variants() {
        let link = prepared(LinkOptions {
            rules: vec![Rule {
                when: Condition::Device(Device::Android),
                url: "https://example.com/android".into(),
            }],
            variants: vec![
                Variant {
                    url: "https://example.com/a".into(),
                    weight: 1,
                },
                Variant {
                    url: "https://example.com/b".into(),
                    weight: 1,
                },
            ],
            ..LinkOptions::default()
        });
        let home = url("");
        let android = Facts {
            device: Some(Device::Android),
            roll: 1,
            ..facts()
        };
        assert_eq!(
            went(link.decide(&home, &android)),
            go("android", Destination::Rule(0))
        );
        let other = Facts { roll: 1, ..facts() };
        assert_eq!(
            went(link.decide(&home, &other)),
            go("b", Destination::Variant(1))
        );
    }
}
