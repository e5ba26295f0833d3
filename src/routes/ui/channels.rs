//! The channel catalogue for admins: the built-in channels, and adding and removing their own
//! (an intranet, a partner's newsletter, a podcast …) with how each one shares and the gender
//! of its label (French pages agree the reach with it).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::checked_form::AdminForm;
use super::flash::{self, Flash};
use super::form_error::FormError;
use super::forms::CsrfForm;
use super::settings::{Said, SettingsPage, Shown};
use super::{PageError, Viewer, see_other};
use crate::app::AppState;
use crate::error::Error;
use crate::i18n::{t, t1};
use crate::links::added::{add_channel, set_channel_gender};
use crate::links::catalogue::{ChannelProblem, custom, key_from_label};
use crate::links::channels::{Channel, Gender, Reach};
use crate::routes::pages::render;

#[derive(Template)]
#[template(path = "ui/channels.html")]
struct ChannelsPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    channels: &'a [Channel],
    reaches: [Reach; 3],
    genders: [Gender; 2],
    error: FormError,
    form: AddForm,
}

#[derive(Deserialize, Default)]
pub struct AddForm {
    #[serde(default)]
    key: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    reach: String,
    /// `masculine` (also when left out) or `feminine`.
    #[serde(default)]
    gender: String,
}

impl AddForm {
    fn gender(&self) -> &str {
        match self.gender.as_str() {
            "" => Gender::default().as_str(),
            gender => gender,
        }
    }
}

impl ChannelsPage<'_> {
    /// A gender to choose for a label, with the reach as it agrees with it in French
    /// (`masculine (« privé »)`), in every language: what the choice changes.
    fn gender_name(&self, gender: &Gender) -> String {
        t(&format!("channels-gender-{}", gender.as_str()))
    }

    /// A reach to choose for a new channel (`private`), in its default form: the channel
    /// has no name yet to agree with.
    fn reach_name(&self, reach: &Reach) -> String {
        crate::links::channels::reach_name(*reach, None)
    }
}

/// Settings → Channels: the channel catalogue above the form adding one.
pub struct Channels;

impl SettingsPage for Channels {
    type Form = AddForm;
    const FIELDS: &'static [&'static str] = &["key", "label"];

    async fn show(state: &AppState, viewer: &Viewer, said: Said<AddForm>) -> Shown {
        let catalogue = state.db.channel_catalogue().await?;
        let page = ChannelsPage {
            section: "channels",
            viewer,
            channels: catalogue.all(),
            reaches: Reach::ALL,
            genders: Gender::ALL,
            error: said.error,
            form: said.form,
        };
        Ok(render(said.status, &page))
    }
}

pub async fn add(
    State(state): State<AppState>,
    AdminForm(viewer, mut form): AdminForm<AddForm>,
) -> Result<Response, PageError> {
    let key_from_the_label = form.key.trim().is_empty();
    if key_from_the_label {
        form.key = key_from_label(&form.label);
    }
    if let Some(mistake) = mistake(&form, key_from_the_label) {
        let said = Said::refused(StatusCode::UNPROCESSABLE_ENTITY, mistake, form);
        return Channels::show(&state, &viewer, said).await;
    }
    let gender = form.gender().to_owned();
    match add_channel(&state.db, &form.key, &form.label, &form.reach, &gender).await {
        Ok(channel) => {
            let to = format!("/settings/channels#channel-{}", channel.key);
            let added = Flash::ChannelAdded(channel.label.into_owned());
            Ok(flash::redirect(&viewer, &to, &added))
        }
        Err(Error::Conflict(_)) => {
            let taken = t1("channel-taken", "key", form.key.trim().to_lowercase());
            let taken = FormError::at("key", taken);
            let said = Said::refused(StatusCode::CONFLICT, taken, form);
            Channels::show(&state, &viewer, said).await
        }
        Err(refusal) => Channels::refused(&state, &viewer, refusal, form).await,
    }
}

/// The form's mistake in the viewer's language, at its field, checked here (as `add_channel`
/// checks it again) so that the page can word it; `None` when the form is right.
/// `key_from_the_label`: the key field was left empty and the key was made from the label.
fn mistake(form: &AddForm, key_from_the_label: bool) -> Option<FormError> {
    let Ok(reach) = form.reach.parse::<Reach>() else {
        return Some(FormError::at(
            "reach",
            t1("channel-bad-reach", "reach", &form.reach),
        ));
    };
    if form.gender().parse::<Gender>().is_err() {
        let bad = t1("channel-bad-gender", "gender", &form.gender);
        return Some(FormError::at("gender", bad));
    }
    // A key made from the label is mended in the label.
    let key = if key_from_the_label { "label" } else { "key" };
    let (field, message) = match custom(&form.key, &form.label, reach).err()? {
        // The user left the key empty: the fault is in the label, not in a field they never
        // filled ("!!!" makes no key at all).
        ChannelProblem::KeyLength if key_from_the_label => match form.label.trim() {
            "" => ("label", t("channel-label-missing")),
            label => ("label", t1("channel-key-not-from-label", "label", label)),
        },
        ChannelProblem::KeyLength => (key, t("channel-key-length")),
        ChannelProblem::KeyChars => (key, t("channel-key-chars")),
        ChannelProblem::BuiltIn(built_in) => (key, t1("channel-built-in", "key", built_in)),
        ChannelProblem::LabelMissing => ("label", t("channel-label-missing")),
        ChannelProblem::LabelTooLong => ("label", t("channel-label-too-long")),
        ChannelProblem::LabelControl => ("label", t("channel-label-control")),
    };
    Some(FormError::at(field, message))
}

pub async fn remove(
    State(state): State<AppState>,
    Path(key): Path<String>,
    _: AdminForm<CsrfForm>,
) -> Result<Response, PageError> {
    if !state.db.delete_custom_channel(&key).await? {
        return Err(PageError::missing("channel"));
    }
    Ok(see_other("/settings/channels"))
}

#[derive(Deserialize)]
pub struct GenderForm {
    gender: String,
}

/// Changes the gender of an added channel's label, from its row of the catalogue.
pub async fn set_gender(
    State(state): State<AppState>,
    Path(key): Path<String>,
    AdminForm(viewer, form): AdminForm<GenderForm>,
) -> Result<Response, PageError> {
    if form.gender.parse::<Gender>().is_err() {
        let refused = FormError::page(t1("channel-bad-gender", "gender", &form.gender));
        let said = Said::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            refused,
            AddForm::default(),
        );
        return Channels::show(&state, &viewer, said).await;
    }
    let Some(channel) = set_channel_gender(&state.db, &key, &form.gender).await? else {
        return Err(PageError::missing("channel"));
    };
    let to = format!("/settings/channels#channel-{}", channel.key);
    let saved = Flash::ChannelSaved(channel.label.into_owned());
    Ok(flash::redirect(&viewer, &to, &saved))
}
