//! The share kit page: name a campaign, give its destination, tick channels, and get one
//! short link per channel in one action.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::campaign_settings::Settings;
use super::form_error::FormError;
use super::forms::Pairs;
use super::options_form::{self, OptionsFields};
use super::upload::{Answer, FileForm};
use super::view::LinkRow;
use super::{PageError, Viewer, creation_limited};
use crate::app::AppState;
use crate::campaigns::card::CardField;
use crate::campaigns::utm_name;
use crate::error::Error;
use crate::i18n::{self, Arg};
use crate::links::channels::Channel;
use crate::routes::pages::render;

#[derive(Template)]
#[template(path = "ui/kit.html")]
struct KitPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    channels: &'a [Channel],
    /// Names of existing campaigns, suggested in the name field.
    names: Vec<String>,
    error: FormError,
    /// What the kit just made.
    done: Option<Done>,
    form: KitForm,
    /// Branded domains the links may be on, and the base URL's host.
    domains: Vec<String>,
    base_host: &'a str,
}

impl KitPage<'_> {
    fn channel_label(&self, key: &str) -> String {
        self.channels
            .iter()
            .find(|c| c.key == key)
            .map_or_else(|| key.to_owned(), Channel::name)
    }

    /// "3 links for Spring sale".
    fn created_heading(&self, done: &Done) -> String {
        let n = done.links.len() as i64;
        i18n::current().text_with(
            "kit-created",
            &[
                ("n", Arg::from(n)),
                ("count", Arg::from(i18n::count(n))),
                ("campaign", Arg::from(&done.campaign)),
            ],
        )
    }
}

/// The links the kit made, and their campaign.
struct Done {
    campaign_id: i64,
    campaign: String,
    /// The campaign existed before: the links joined it.
    reused: bool,
    /// What the campaign's card kept instead of the form's, each a sentence's message id.
    card_kept: Vec<&'static str>,
    links: Vec<LinkRow>,
}

/// What the form holds, shown again after a refusal.
#[derive(Default)]
struct KitForm {
    campaign: String,
    /// The destination, themes, UTM and card of the campaign, if it is new.
    settings: Settings,
    chosen: Vec<String>,
    /// The dates, click limit and password of this run's links (its other fields unused).
    options: OptionsFields,
    /// The branded domain chosen; empty for the base URL's host.
    domain: String,
}

impl KitForm {
    fn ticked(&self, key: &str) -> bool {
        self.chosen.iter().any(|c| c == key)
    }

    /// A fresh form, times shown in `timezone`.
    fn new(timezone: &str) -> KitForm {
        KitForm {
            settings: Settings {
                utm: crate::campaigns::UTM_BY_DEFAULT,
                ..Settings::default()
            },
            options: OptionsFields {
                timezone: timezone.to_owned(),
                ..OptionsFields::default()
            },
            ..KitForm::default()
        }
    }

    /// A domain refusal of the form, at the field it is about: the kit's own, the campaign's
    /// settings or the links' options.
    fn refusal(refusal: Error) -> Result<(StatusCode, FormError), PageError> {
        let own: &[&str] = &["campaign", "domain", "channel"];
        let fields = [own, Settings::FIELDS, options_form::FIELDS].concat();
        FormError::refused(refusal, &fields)
    }

    /// Whether a date, click limit or expired URL was sent (its fieldset opens then).
    fn run_options_set(&self) -> bool {
        let o = &self.options;
        [&o.starts_at, &o.expires_at, &o.max_clicks, &o.expired_url]
            .iter()
            .any(|v| !v.is_empty())
    }

    fn utm_placeholder(&self) -> String {
        if self.campaign.is_empty() {
            i18n::t("kit-utm-placeholder")
        } else {
            utm_name(&self.campaign)
        }
    }
}

pub async fn kit_page(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Response, PageError> {
    // Refused before the form is shown, as the edit page does: a form that can only end in
    // a refusal wastes the analyst's typing.
    viewer.require_editor()?;
    let form = KitForm::new(viewer.timezone(&state));
    page(
        &state,
        &viewer,
        StatusCode::OK,
        form,
        FormError::default(),
        None,
    )
    .await
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    status: StatusCode,
    form: KitForm,
    error: FormError,
    done: Option<Done>,
) -> Result<Response, PageError> {
    let (catalogue, campaigns, domains) = tokio::try_join!(
        state.db.channel_catalogue(),
        state.db.campaigns(),
        state.db.domains()
    )?;
    Ok(render(
        status,
        &KitPage {
            section: "kit",
            viewer,
            channels: catalogue.all(),
            names: campaigns.iter().map(|c| c.campaign.name.clone()).collect(),
            error,
            done,
            form,
            domains: domains.into_iter().map(|d| d.host).collect(),
            base_host: state.domains().base_host(),
        },
    ))
}

pub async fn create_kit(
    State(state): State<AppState>,
    viewer: Viewer,
    posted: FileForm,
) -> Result<Response, PageError> {
    let pairs = &posted.fields;
    viewer.check_editor_form(&pairs.get("csrf"))?;
    let mut form = KitForm {
        campaign: pairs.get("campaign"),
        settings: Settings::sent(pairs),
        chosen: pairs.all("channel"),
        options: OptionsFields::sent(pairs, false, viewer.timezone(&state)),
        domain: pairs.get("domain"),
    };
    // A refused kit keeps no image: the form says to choose it again.
    form.settings.card.lost = posted.sent_image();
    posted
        .answer(&state.db, async |image| match image {
            Ok(reference) => make(&state, &viewer, form, pairs, reference).await,
            Err(refusal) => {
                let (status, error) = KitForm::refusal(refusal)?;
                refused(&state, &viewer, status, form, error).await
            }
        })
        .await
}

/// The kit's links for `form` (sent as `pairs`), its card's image the upload `image` if any;
/// or the form again with what is wrong with it.
async fn make(
    state: &AppState,
    viewer: &Viewer,
    form: KitForm,
    pairs: &Pairs,
    image: Option<String>,
) -> Result<Answer, PageError> {
    let run = match options_form::run(pairs, viewer.timezone(state), state.link_checks()) {
        Ok(run) => run,
        Err(mistake) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return refused(state, viewer, status, form, mistake).await;
        }
    };
    let catalogue = state.db.channel_catalogue().await?;
    let mut kit = state.share_kit(&catalogue);
    kit.domain = Some(form.domain.clone());
    kit.run = run;
    let input = form.settings.input(form.campaign.clone(), pairs, image);
    // A form with a mistake is answered before anything is counted; then one link per
    // channel ticked, each counted against the creation limit.
    let started = match kit.check(&input, &form.chosen) {
        Ok((_, channels)) => {
            if let Some(message) = creation_limited(state, viewer, channels.len()) {
                let limited = FormError::page(message);
                return refused(state, viewer, StatusCode::TOO_MANY_REQUESTS, form, limited).await;
            }
            kit.start(&input, &channels).await
        }
        Err(refusal) => Err(refusal),
    };
    match started {
        Ok(minted) => {
            // The campaign's card may keep an image of its own in place of the one sent.
            let named = !minted.card_kept.contains(&CardField::Image);
            let done = Done {
                campaign_id: minted.campaign.id,
                campaign: minted.campaign.name.clone(),
                reused: minted.reused,
                card_kept: minted.card_kept.iter().map(kept_message).collect(),
                links: minted
                    .links
                    .into_iter()
                    .map(|l| LinkRow::new(state, l, viewer.timezone(state)))
                    .collect(),
            };
            // A fresh form: sending the same one again would add the same links again.
            let form = KitForm::new(viewer.timezone(state));
            let done = Some(done);
            let page = page(
                state,
                viewer,
                StatusCode::CREATED,
                form,
                FormError::default(),
                done,
            );
            let page = page.await?;
            Ok(if named {
                Answer::Named(page)
            } else {
                Answer::Unnamed(page)
            })
        }
        Err(refusal) => {
            let (status, error) = KitForm::refusal(refusal)?;
            refused(state, viewer, status, form, error).await
        }
    }
}

/// The form again, as sent, with what is wrong with it: it keeps no image.
async fn refused(
    state: &AppState,
    viewer: &Viewer,
    status: StatusCode,
    form: KitForm,
    error: FormError,
) -> Result<Answer, PageError> {
    let page = page(state, viewer, status, form, error, None).await?;
    Ok(Answer::Unnamed(page))
}

/// The sentence saying the campaign's card kept its own `field`.
fn kept_message(field: &CardField) -> &'static str {
    match field {
        CardField::Title => "kit-card-kept-title",
        CardField::Description => "kit-card-kept-description",
        CardField::Image => "kit-card-kept-image",
    }
}
