//! Which field a domain refusal is about, read from its message: the one table from the
//! domain's words (`refusal-slug-taken`) to the fields of the forms (`slug`), named as the
//! API names them, which the forms' inputs follow. A message about no one field (a split's
//! weights together, a rule too many) names none; one about a group of boxes (no event
//! ticked) names the group, whose first box has its name as its id.

use crate::i18n::{Arg, Message};

/// A field of a form: its name, and for a field repeated in rows (a rule's URL), the row,
/// counted from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub row: Option<String>,
}

impl Field {
    fn named(name: &'static str) -> Field {
        Field { name, row: None }
    }

    /// The input's id: `slug`, or `rule_url-2` in a row.
    pub fn id(&self) -> String {
        match &self.row {
            Some(row) => format!("{}-{row}", self.name),
            None => self.name.to_owned(),
        }
    }
}

/// The field `message` is about, or `None` when it is about no one field.
pub fn field_of(message: &Message) -> Option<Field> {
    let Message::Id { key, args } = message else {
        return None;
    };
    let arg = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, v)| v);
    let in_row = |row_of: fn(&str) -> Option<&'static str>| {
        let Some(Arg::Message(reason)) = arg("reason") else {
            return None;
        };
        let Message::Id { key: reason, .. } = &**reason else {
            return None;
        };
        let row = match arg("n") {
            Some(Arg::Str(n)) => n.clone(),
            _ => return None,
        };
        row_of(reason).map(|name| Field {
            name,
            row: Some(row),
        })
    };
    let name = match *key {
        "refusal-in-field" => return named_in(arg("field")),
        "refusal-in-rule" => return in_row(rule_field),
        "refusal-in-variant" => return in_row(variant_field),
        "refusal-too-long" | "refusal-control" | "refusal-not-a-time" => {
            return labelled_field(arg("field")?);
        }
        // A group of boxes: its first box stands for it.
        "refusal-webhook-event" | "refusal-webhook-no-event" => "events",
        "refusal-kit-no-channels" => "channel",
        k if k.starts_with("refusal-webhook-")
            || matches!(
                k,
                "refusal-host-unresolved" | "refusal-host-private" | "refusal-ip-private"
            ) =>
        {
            "url"
        }
        k if k.starts_with("refusal-url-") => "url",
        k if k.starts_with("refusal-slug-") => "slug",
        "refusal-tags-max" => "tags",
        "refusal-channel-unknown" => "channel",
        "refusal-channel-taken" => "key",
        "refusal-campaign-no-name"
        | "refusal-campaign-taken"
        | "refusal-campaign-taken-case"
        | "refusal-kit-campaign-case"
        | "refusal-kit-campaign-url"
        | "refusal-kit-campaign-race" => "campaign",
        "refusal-expires-before-start" | "options-end-before-start" => "expires_at",
        "refusal-expired-url-alone" | "options-expired-url-alone" => "expired_url",
        "refusal-max-clicks" | "options-max-clicks-range" => "max_clicks",
        k if k.starts_with("refusal-password-") => "password",
        k if k.starts_with("refusal-token-name-") => "name",
        k if k.starts_with("refusal-host-") => "host",
        "refusal-domain-taken" | "refusal-domain-base-host" => "host",
        "refusal-domain-not-registered" => "domain",
        "refusal-preview-no-title" | "refusal-preview-title-lines" => "card_title",
        "refusal-preview-image"
        | "refusal-image-not-uploaded"
        | "refusal-image-not-url"
        | "refusal-image-https" => "card_image_url",
        "refusal-image-empty" | "refusal-image-too-large" | "refusal-image-kind" => "card_image",
        "refusal-email-taken" => "email",
        "refusal-site-taken" => "name",
        "refusal-unknown-timezone" => "timezone",
        _ => return None,
    };
    Some(Field::named(name))
}

/// The field an argument names: as the API names it (`expired_url`), or by the message of
/// its words (`field-tag`).
fn named_in(field: Option<&Arg>) -> Option<Field> {
    match field? {
        Arg::Str(name) => api_field(name).map(Field::named),
        arg => labelled_field(arg),
    }
}

/// The fields the API's refusals name (`refusal-in-field`, `refusal-not-a-time`).
fn api_field(name: &str) -> Option<&'static str> {
    [
        "expired_url",
        "root_url",
        "starts_at",
        "expires_at",
        "url",
        "slug",
    ]
    .into_iter()
    .find(|known| *known == name)
}

/// The field a refusal names by the words of a message of its own (`field-campaign`).
fn labelled_field(field: &Arg) -> Option<Field> {
    let name = match field {
        Arg::Str(name) => return api_field(name).map(Field::named),
        Arg::Message(words) => match &**words {
            Message::Id { key, .. } => *key,
            Message::Text(_) => return None,
        },
        _ => return None,
    };
    let name = match name {
        "field-campaign" | "field-campaign-name" => "campaign",
        "field-channel" => "channel",
        "field-tag" => "tags",
        "field-utm-campaign" => "utm_campaign",
        "field-preview-title" => "card_title",
        "field-preview-description" => "card_description",
        _ => return None,
    };
    Some(Field::named(name))
}

/// The field of a rule's row that `reason` is about.
fn rule_field(reason: &str) -> Option<&'static str> {
    match reason {
        r if r.starts_with("refusal-country-code") => Some("rule_country"),
        "refusal-rule-both" | "refusal-rule-neither" => Some("rule_when"),
        r if r.starts_with("refusal-url-") => Some("rule_url"),
        _ => None,
    }
}

/// The field of a variant's row that `reason` is about.
fn variant_field(reason: &str) -> Option<&'static str> {
    match reason {
        "refusal-variant-weight" => Some("variant_weight"),
        r if r.starts_with("refusal-url-") => Some("variant_url"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(message: &Message) -> Option<String> {
        field_of(message).map(|f| f.id())
    }

    #[test]
    fn each_refusal_names_the_field_it_is_about() {
        let new = |key| id(&Message::new(key));
        assert_eq!(new("refusal-url-empty").as_deref(), Some("url"));
        assert_eq!(new("refusal-slug-reserved").as_deref(), Some("slug"));
        assert_eq!(new("refusal-campaign-no-name").as_deref(), Some("campaign"));
        assert_eq!(new("refusal-host-ip").as_deref(), Some("host"));
        assert_eq!(new("refusal-host-unresolved").as_deref(), Some("url"));
        assert_eq!(new("refusal-webhook-scheme").as_deref(), Some("url"));
        assert_eq!(new("refusal-webhook-no-event").as_deref(), Some("events"));
        assert_eq!(new("refusal-max-clicks").as_deref(), Some("max_clicks"));
        assert_eq!(new("refusal-token-name-empty").as_deref(), Some("name"));
        let too_long = Message::new("refusal-too-long").with("field", Message::new("field-tag"));
        assert_eq!(id(&too_long).as_deref(), Some("tags"));
        let time = Message::new("refusal-not-a-time").with("field", "starts_at");
        assert_eq!(id(&time).as_deref(), Some("starts_at"));
        let root = Message::in_field("root_url", Message::new("refusal-url-empty"));
        assert_eq!(id(&root).as_deref(), Some("root_url"));
    }

    #[test]
    fn a_row_s_refusal_names_the_field_of_its_row() {
        let rule = |reason| {
            Message::new("refusal-in-rule")
                .with("n", "3")
                .with("reason", Message::new(reason))
        };
        assert_eq!(
            id(&rule("refusal-url-empty")).as_deref(),
            Some("rule_url-3")
        );
        let code = rule("refusal-country-code-uk");
        assert_eq!(id(&code).as_deref(), Some("rule_country-3"));
        assert_eq!(
            id(&rule("refusal-rule-both")).as_deref(),
            Some("rule_when-3")
        );
        let weight = Message::new("refusal-in-variant")
            .with("n", "1")
            .with("reason", Message::new("refusal-variant-weight"));
        assert_eq!(id(&weight).as_deref(), Some("variant_weight-1"));
    }

    #[test]
    fn a_refusal_of_no_one_field_names_none() {
        for key in [
            "refusal-variants-all-zero",
            "refusal-rules-max",
            "refusal-variants-too-few",
        ] {
            assert_eq!(id(&Message::new(key)), None, "{key}");
        }
        assert_eq!(id(&Message::from("as is")), None);
        let api = Message::in_field("?period=", Message::new("refusal-url-empty"));
        assert_eq!(id(&api), None);
    }
}
