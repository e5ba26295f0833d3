//! A refused form as its page shows it (the GOV.UK pattern): the sentence saying why, and,
//! when the refusal is about one field, that field marked `aria-invalid`, described by the
//! sentence and focused when the page loads. A refusal about no one field (a wrong password at
//! sign-in, which must not say whether the email or the password was wrong) stays an alert
//! above the form. Every form's page holds one [`FormError`], shown by
//! `templates/ui/form_error.html`; its fields ask it for their attributes ([`FormError::on`]).

use std::fmt;

use axum::http::StatusCode;

use super::PageError;
use super::field_of::field_of;
use super::forms::sentence;
use crate::error::Error;
use crate::i18n::Message;

/// What a form's page says of its refusal: nothing on a form not refused.
#[derive(Debug, Clone, Default)]
pub struct FormError {
    message: Option<String>,
    /// The id of the input the refusal is about.
    field: Option<String>,
}

/// Fields the API names by their JSON name and the forms by their label: a refusal of one
/// names it as the form's label reads.
const LABELS: &[(&str, &str)] = &[
    ("expired_url", "options-expired-url"),
    ("root_url", "domains-root-url"),
];

impl FormError {
    /// A refusal about the form as a whole (or none of its fields in particular).
    pub fn page(message: impl Into<String>) -> FormError {
        FormError {
            message: Some(message.into()),
            field: None,
        }
    }

    /// A refusal of the field whose input has the id `field`.
    pub fn at(field: impl Into<String>, message: impl Into<String>) -> FormError {
        FormError {
            message: Some(message.into()),
            field: Some(field.into()),
        }
    }

    /// A domain message on a form whose inputs are `fields` (named as the API names them,
    /// which the forms' ids follow): its sentence, at the field it is about when the form has
    /// that field ([`field_of`]), else above the form.
    pub fn said(message: &Message, fields: &[&str]) -> FormError {
        let field = field_of(message).filter(|f| fields.contains(&f.name));
        let labelled = LABELS.iter().fold(message.clone(), |m, (name, label)| {
            m.labelled(name, Message::new(label))
        });
        let text = sentence(&labelled.localized());
        match field {
            Some(field) => FormError::at(field.id(), text),
            None => FormError::page(text),
        }
    }

    /// A domain refusal on a form whose inputs are `fields`, with its status: 422 for a
    /// mistake, 409 for a conflict. A record gone or a database failure is no mistake in the
    /// form: it is the answer, as the error page.
    pub fn refused(err: Error, fields: &[&str]) -> Result<(StatusCode, FormError), PageError> {
        match err {
            Error::Invalid(message) => Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                FormError::said(&message, fields),
            )),
            Error::Conflict(message) => {
                Ok((StatusCode::CONFLICT, FormError::said(&message, fields)))
            }
            err => Err(err.into()),
        }
    }

    /// A domain refusal on a form of one field, `field`: whatever it says is about it.
    pub fn refused_field(err: Error, field: &str) -> Result<(StatusCode, FormError), PageError> {
        let (status, mut error) = FormError::refused(err, &[])?;
        error.field = Some(field.to_owned());
        Ok((status, error))
    }

    /// The sentence, when the form was refused.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The id of the sentence, which the field it is about points at.
    pub fn id(&self) -> Option<String> {
        self.field.as_ref().map(|field| format!("{field}-error"))
    }

    /// Whether the refusal is about the field `field`.
    pub fn is_on(&self, field: &str) -> bool {
        self.field.as_deref() == Some(field)
    }

    /// Whether the refusal is about one of `fields` (an id, or a row's: `rule_url-2`).
    pub fn is_on_one_of(&self, fields: &[&str]) -> bool {
        self.field.as_deref().is_some_and(|field| {
            let name = field.split_once('-').map_or(field, |(name, _)| name);
            fields.contains(&name)
        })
    }

    /// The attributes of the input `field`: marked invalid, described by the sentence and
    /// focused when the refusal is about it; nothing otherwise.
    pub fn on(&self, field: &str) -> Marks {
        self.described(field, "")
    }

    /// As [`FormError::on`], for an input described by a hint of its own too (the id `hint`).
    pub fn described(&self, field: &str, hint: &str) -> Marks {
        let error = self.id().filter(|_| self.is_on(field));
        let described: Vec<String> = error.into_iter().chain(id(hint)).collect();
        Marks {
            invalid: self.is_on(field),
            described_by: described.join(" "),
        }
    }
}

/// `hint` when there is one.
fn id(hint: &str) -> Option<String> {
    (!hint.is_empty()).then(|| hint.to_owned())
}

/// The sentence, as the page-level alert shows it.
impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message().unwrap_or_default())
    }
}

/// An input's attributes for a refusal, written into its tag (with the space before them).
pub struct Marks {
    invalid: bool,
    described_by: String,
}

impl fmt::Display for Marks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.invalid {
            // Focused on load: a keyboard or screen-reader user lands on what to mend.
            f.write_str(r#" aria-invalid="true" autofocus"#)?;
        }
        if !self.described_by.is_empty() {
            // Ids are the forms' own (letters, digits, `_` and `-`), never typed text.
            write!(f, r#" aria-describedby="{}""#, self.described_by)?;
        }
        Ok(())
    }
}

/// Attributes made of the forms' own ids, written as they are.
impl askama::filters::HtmlSafe for Marks {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_of_one_field_marks_that_field_only() {
        let error = FormError::at("slug", "The slug is taken.");
        assert_eq!(error.id().as_deref(), Some("slug-error"));
        assert_eq!(
            error.on("slug").to_string(),
            r#" aria-invalid="true" autofocus aria-describedby="slug-error""#
        );
        assert_eq!(error.on("url").to_string(), "");
        assert_eq!(
            error.described("slug", "slug-hint").to_string(),
            r#" aria-invalid="true" autofocus aria-describedby="slug-error slug-hint""#
        );
        assert_eq!(
            error.described("url", "url-hint").to_string(),
            r#" aria-describedby="url-hint""#
        );
    }

    #[test]
    fn a_refusal_of_the_whole_form_marks_no_field() {
        let error = FormError::page("Wrong email or password.");
        assert_eq!(error.id(), None);
        assert_eq!(error.on("email").to_string(), "");
        assert_eq!(error.to_string(), "Wrong email or password.");
        assert_eq!(FormError::default().message(), None);
    }

    #[test]
    fn a_domain_refusal_is_at_its_field_when_the_form_has_it() {
        let taken = Message::new("refusal-slug-taken").with("slug", "promo");
        assert!(FormError::said(&taken, &["url", "slug"]).is_on("slug"));
        assert_eq!(FormError::said(&taken, &["url"]).id(), None);
        let expired = Message::in_field("expired_url", Message::new("refusal-url-empty"));
        let error = FormError::said(&expired, &["expired_url"]);
        assert!(error.is_on("expired_url"));
        assert!(error.is_on_one_of(&["max_clicks", "expired_url"]));
        // Named as the form labels it, not as the API does.
        assert!(!error.to_string().starts_with("Expired_url"), "{error}");
        let rule = Message::new("refusal-in-rule")
            .with("n", "2")
            .with("reason", Message::new("refusal-url-empty"));
        let error = FormError::said(&rule, &["rule_url"]);
        assert!(error.is_on("rule_url-2") && error.is_on_one_of(&["rule_url"]));
    }
}
