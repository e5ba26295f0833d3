//! What the fields of the request bodies accept, as the OpenAPI document says it: schemas that
//! carry the checks of `links`, `campaigns`, `domains`, `sites` and `webhooks` as patterns and
//! bounds, referred to by the bodies with `#[schema(value_type = …)]`. Document only: the
//! bodies still deserialize plain strings, and the checks stay where they are.
//!
//! A pattern says exactly what a check accepts where a regular expression can (a label: no
//! control characters). Where it cannot, it is a subset of what is accepted, never more: a URL
//! the `url` crate would parse is not a regular language, so [`HttpUrl`] describes plain
//! `http(s)://host/path?query` URLs, which all pass. What depends on the server's state (its
//! own host, the branded and blocked domains, a webhook host's DNS) is said in words.

use std::borrow::Cow;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{AnyOfBuilder, ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::links::channels::BUILT_IN;

/// A host name label of 1 to 63 letters, digits and inner hyphens, with no hyphen in its third
/// and fourth characters: `xn--…` is punycode, which the host parser decodes and may refuse.
macro_rules! label {
    () => {
        r"[A-Za-z0-9](?:[A-Za-z0-9]{0,2}|[A-Za-z0-9]{2}[A-Za-z0-9-]{0,59}[A-Za-z0-9])"
    };
}

/// A host name of two labels or more ending in a top-level domain of letters (a last label of
/// digits, or `0x…`, would be read as an IPv4 address): of `$tld` letters.
macro_rules! host {
    ($tld:literal) => {
        concat!("(?:", label!(), r"\.)+[A-Za-z]", $tld)
    };
}

/// A path and a query of characters the URL parser keeps as they are: no `%` (an encoded
/// control character is refused), no space or quote (they would be encoded, and the URL grow).
macro_rules! path_and_query {
    () => {
        r"(?:/[A-Za-z0-9._~!$&'()*+,;=:@/-]*)?(?:\?[A-Za-z0-9._~!$&()*+,;=:@/?-]*)?"
    };
}

/// No control character (Unicode `Cc`, what `char::is_control` finds).
macro_rules! no_control {
    () => {
        r"[^\x00-\x1F\x7F-\x9F]"
    };
}

/// Not blank: at least one character that is neither a control character nor white space
/// (every character Rust's `trim` removes is one of the two).
macro_rules! not_blank {
    () => {
        concat!(
            "^",
            no_control!(),
            "*",
            r"[^\s\x00-\x1F\x7F-\x9F]",
            no_control!(),
            "*$"
        )
    };
}

/// A string schema with a pattern, a length bound and an example.
fn string(description: &str, pattern: &str, max_length: usize, example: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .pattern(Some(pattern))
        .max_length(Some(max_length))
        .examples([example])
        .into()
}

/// The keys of the built-in channels.
fn built_in_channel() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(BUILT_IN.iter().map(|c| c.key.as_ref())))
}

/// The keys an admin may give an added channel (`links::catalogue::custom`): none of
/// [`built_in_channel`], which the pattern leaves out so that the two branches of
/// [`ChannelKey`] do not overlap.
fn added_channel_pattern() -> String {
    let built_in: Vec<&str> = BUILT_IN.iter().map(|c| c.key.as_ref()).collect();
    format!("^(?!(?:{})$)[a-z0-9-]{{1,32}}$", built_in.join("|"))
}

/// Declares a schema-only type named `$name` in the document.
macro_rules! schema_only {
    ($(#[$doc:meta])* $name:ident => $schema:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                $schema
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }
        }
    };
}

schema_only!(
    /// A destination (`src/links/destination.rs`).
    HttpUrl => string(
        "An absolute http or https URL. The pattern describes URLs that are always accepted; \
         the rule is wider: any URL the WHATWG parser reads, without control characters (plain \
         or percent-encoded) or credentials, of at most 4,096 bytes as stored (a URL without a \
         path is stored with `/`, hence 4,095 here). Refused whatever its form: a URL on this \
         server's host, on one of its branded domains or on a blocked domain.",
        concat!("^https?://", host!("{1,62}"), path_and_query!(), "$"),
        4_095,
        "https://example.com/spring",
    )
);

schema_only!(
    /// Where a webhook posts (`src/webhooks/subscribe.rs`).
    WebhookUrl => string(
        "An http or https URL of at most 2,000 bytes, without credentials. The pattern \
         describes URLs of the accepted form; the host must also resolve to public addresses \
         only, unless the server runs with `LANTERNE_WEBHOOKS_ALLOW_PRIVATE=true`.",
        concat!("^https?://", host!("{1,62}"), path_and_query!(), "$"),
        2_000,
        "https://crm.example/hooks/lanterne",
    )
);

schema_only!(
    /// A card image (`src/links/options/input.rs`).
    ImageRef => string(
        "An https URL of at most 2,048 bytes without credentials, or an image uploaded to \
         Lanterne (`media:{id}`, or the URL Lanterne serves it at). An empty string is no \
         image. The pattern describes https URLs that are always accepted.",
        concat!(
            "^(?:https://",
            host!("{1,62}"),
            path_and_query!(),
            r"|media:[0-9a-f]{16,64}\.(?:png|jpg|webp))$"
        ),
        2_048,
        "https://cdn.example/spring.png",
    )
);

schema_only!(
    /// A campaign, channel, tag or `utm_campaign` (`links::label`).
    Label => string(
        "At most 64 characters once trimmed, no control characters; blank is none.",
        concat!("^", no_control!(), "*$"),
        64,
        "spring",
    )
);

schema_only!(
    /// A campaign's or a site's name (`links::label`, `sites::name`).
    Name => string(
        "1 to 64 characters once trimmed, no control characters.",
        not_blank!(),
        64,
        "Spring sale 2026",
    )
);

schema_only!(
    /// A link password (`links::options::input::password`).
    Password => string(
        "1 to 200 characters, not only spaces, no control characters; kept as typed.",
        not_blank!(),
        200,
        "open sesame",
    )
);

schema_only!(
    /// A card's title (`links::options::input::preview`).
    CardTitle => string(
        "1 to 200 characters once trimmed, on one line, no control characters.",
        not_blank!(),
        200,
        "Spring sale",
    )
);

schema_only!(
    /// A card's description (`links::options::input::preview`).
    CardDescription => string(
        "At most 1,000 characters once trimmed; line breaks but no other control characters.",
        r"^[^\x00-\x09\x0B\x0C\x0E-\x1F\x7F-\x9F]*$",
        1_000,
        "Everything at half price until May.",
    )
);

schema_only!(
    /// A branded domain or a site's host (`src/domains/host.rs`, `sites::domain`).
    HostName => string(
        "A host name of two labels or more: letters, digits and hyphens, no scheme, port or \
         path; an international name may also be given in Unicode.",
        concat!("^", host!("{1,62}"), "$"),
        253,
        "go.example.com",
    )
);

schema_only!(
    /// A key of the channel catalogue (`campaigns::kit`).
    ChannelKey => AnyOfBuilder::new()
        .description(Some(
            "A channel key of the catalogue (`GET /api/v1/channels`): a built-in one, or one \
             an admin added (lowercase letters, digits and `-`, at most 32, never a built-in \
             key).",
        ))
        .item(built_in_channel())
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(added_channel_pattern())),
        )
        .examples(["whatsapp"])
        .into()
);

/// A preview card as a request sends it (`links::options::input::preview`); answers show
/// [`PreviewCard`](crate::links::options::PreviewCard).
#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "never built: it only describes a request for utoipa"
)]
pub struct CardInput {
    #[schema(value_type = CardTitle)]
    title: String,
    #[schema(value_type = Option<CardDescription>)]
    description: Option<String>,
    #[schema(value_type = Option<ImageRef>)]
    image: Option<String>,
}

/// A targeting rule as a request sends it: a device or a country, and where it sends people.
#[derive(ToSchema)]
#[serde(untagged)]
#[expect(
    dead_code,
    reason = "never built: it only describes a request for utoipa"
)]
pub enum RuleInput {
    Device(DeviceRule),
    Country(CountryRule),
}

#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[expect(
    dead_code,
    reason = "never built: it only describes a request for utoipa"
)]
pub struct DeviceRule {
    device: DeviceName,
    #[schema(value_type = HttpUrl)]
    url: String,
}

#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[expect(
    dead_code,
    reason = "never built: it only describes a request for utoipa"
)]
pub struct CountryRule {
    /// ISO 3166-1 alpha-2, in either case.
    #[schema(pattern = "^[A-Za-z]{2}$")]
    country: String,
    #[schema(value_type = HttpUrl)]
    url: String,
}

/// The devices a rule may match (`links::options::Device`, read in any letter case).
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
#[expect(
    dead_code,
    reason = "never built: it only describes a request for utoipa"
)]
pub enum DeviceName {
    Ios,
    Android,
    Desktop,
}

/// One destination of an A/B split as a request sends it.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[expect(
    dead_code,
    reason = "never built: it only describes a request for utoipa"
)]
pub struct VariantInput {
    #[schema(value_type = HttpUrl)]
    url: String,
    /// A variant of weight 0 is kept but gets nobody; not every weight may be 0.
    #[schema(maximum = 1_000)]
    weight: u32,
}

schema_only!(
    /// An event a webhook subscribes to (`webhooks::EVENTS`).
    EventName => ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(crate::webhooks::EVENTS.iter().copied()))
        .into()
);

#[cfg(test)]
mod tests {
    //! Every string a format's pattern and length admit passes the check it stands for: the
    //! document never promises more than the API accepts.

    use proptest::prelude::*;
    use utoipa::openapi::schema::Schema;

    use super::*;
    use crate::links::options::PreviewCard;
    use crate::links::options::input::{Checks, password, preview};

    /// Strings `format` admits: its pattern (anchors taken off, as proptest wants) within its
    /// length bound.
    fn admitted<F: PartialSchema>() -> impl Strategy<Value = String> {
        let RefOr::T(Schema::Object(schema)) = F::schema() else {
            panic!("a format is a plain string schema");
        };
        let pattern = schema.pattern.expect("a format has a pattern");
        let max = schema.max_length.expect("a format has a length bound");
        let pattern = pattern.trim_start_matches('^').trim_end_matches('$');
        proptest::string::string_regex(pattern)
            .expect("the pattern is one proptest reads")
            .prop_filter("longer than the format allows", move |s| {
                s.chars().count() <= max
            })
    }

    const CHECKS: Checks<'static> = Checks {
        refused_hosts: &[],
        base_url: "https://sho.rt",
    };

    fn card(title: &str, description: Option<&str>, image: Option<&str>) -> PreviewCard {
        PreviewCard {
            title: title.to_owned(),
            description: description.map(str::to_owned),
            image: image.map(str::to_owned),
        }
    }

    proptest! {
        #[test]
        fn an_http_url_is_a_destination(url in admitted::<HttpUrl>()) {
            let stored = crate::links::destination::parse(&url, &[]);
            prop_assert!(stored.is_ok(), "{url:?}: {:?}", stored.map_err(|e| e.english()));
        }

        #[test]
        fn a_webhook_url_is_subscribed_where_private_addresses_are_allowed(
            url in admitted::<WebhookUrl>()
        ) {
            let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
            let events = ["click".to_owned()];
            let checked = runtime.block_on(crate::webhooks::subscribe::check(&url, &events, true));
            prop_assert!(checked.is_ok(), "{url:?}: {:?}", checked.map_err(|e| e.english()));
        }

        #[test]
        fn a_host_name_is_a_branded_domain_and_a_site_domain(host in admitted::<HostName>()) {
            let branded = crate::domains::host::parse(&host);
            prop_assert!(branded.is_ok(), "{host:?}: {:?}", branded.map_err(|e| e.english()));
            prop_assert!(crate::sites::domain(&host).is_ok(), "{host:?}");
        }

        #[test]
        fn labels_and_names_are_accepted(label in admitted::<Label>(), name in admitted::<Name>()) {
            prop_assert!(crate::links::label("field-campaign", &label).is_ok(), "{label:?}");
            prop_assert!(crate::links::tags(std::slice::from_ref(&label)).is_ok(), "{label:?}");
            let named = crate::links::label("field-campaign-name", &name);
            prop_assert!(matches!(named, Ok(Some(_))), "{name:?}");
            prop_assert!(crate::sites::name(&name).is_ok(), "{name:?}");
        }

        #[test]
        fn a_password_is_accepted(typed in admitted::<Password>()) {
            prop_assert!(password(&typed).is_ok(), "{typed:?}");
        }

        #[test]
        fn a_card_is_accepted(
            title in admitted::<CardTitle>(),
            description in admitted::<CardDescription>(),
            image in admitted::<ImageRef>(),
        ) {
            let checked = preview(card(&title, Some(&description), Some(&image)), CHECKS);
            prop_assert!(checked.is_ok(), "{title:?} {description:?} {image:?}: {:?}",
                checked.map_err(|e| e.english()));
        }
    }

    #[test]
    fn a_key_of_the_catalogue_is_built_in_or_one_an_admin_may_add() {
        let pattern = without_lookahead(&added_channel_pattern());
        for channel in &BUILT_IN {
            assert!(!pattern(&channel.key), "{}", channel.key);
        }
        for key in ["intranet", "a", "partner-2", &"k".repeat(32)] {
            assert!(pattern(key), "{key}");
            let added = crate::links::catalogue::custom(
                key,
                "Label",
                crate::links::channels::Reach::Private,
            );
            assert!(added.is_ok(), "{key}");
        }
        assert!(!pattern(&"k".repeat(33)));
    }

    /// The added-channel pattern read without its lookahead, which the `regex` crate lacks:
    /// the key is not a built-in one, and matches the rest.
    fn without_lookahead(pattern: &str) -> impl Fn(&str) -> bool + use<> {
        let rest = pattern
            .split_once(")$)")
            .expect("a lookahead, then the key")
            .1;
        let rest = regex::Regex::new(&format!("^{rest}")).unwrap();
        move |key| BUILT_IN.iter().all(|c| c.key != key) && rest.is_match(key)
    }
}
