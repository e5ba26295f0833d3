//! One link's page: its QR code, and its destination, campaign, channel, themes and options
//! to edit.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::flash::{self, Flash};
use super::form_error::FormError;
use super::forms::{Pairs, back_to, split_tags, with_scheme};
use super::link_at::LinkAt;
use super::options_form::{self, OptionsFields};
use super::tables::thousands;
use super::upload::{Answer, FileForm};
use super::{PageError, Viewer};
use crate::app::AppState;
use crate::i18n::Arg;
use crate::links::catalogue::Catalogue;
use crate::links::change::LinkEdit;
use crate::links::channels::Channel;
use crate::links::options::input::OptionsPatch;
use crate::links::{readable, utm};
use crate::routes::pages::render;

#[derive(Template)]
#[template(path = "ui/edit.html")]
struct EditPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    short_url: String,
    slug: &'a str,
    /// `?domain=…` for a link on a branded domain, else empty.
    on_domain: String,
    /// How the dashboard names it (`?link=`).
    stats_key: String,
    url: String,
    /// The destination's UTM parameters, one field each (in the order of `utm::FIELDS`).
    utm: [(&'static str, String); 5],
    campaign: String,
    channel: String,
    tags: String,
    options: OptionsFields,
    /// "12 clicks and 30 requests so far", in the page's language.
    counts: String,
    channels: &'a [Channel],
    /// The link's channel when the catalogue has it no more (an admin removed it, or the API
    /// set a key of its own): offered too, so that saving keeps it.
    uncatalogued_channel: Option<String>,
    error: FormError,
    /// Whether the form asks to confirm an end date already past ([`end_in_past`]).
    confirm_past_end: bool,
    /// The page the edit was started from (a campaign's), where saving and cancelling lead.
    back: &'a str,
}

/// The edit form's fields: the link's, or what was sent when refused.
struct Fields {
    url: String,
    utm: [String; 5],
    campaign: String,
    channel: String,
    tags: String,
    options: OptionsFields,
    confirm_past_end: bool,
}

/// The link's own fields a refusal may be about; its options' are [`options_form::FIELDS`].
const LINK_FIELDS: &[&str] = &["url", "campaign", "channel", "tags"];

impl Fields {
    /// What was sent, its times read in `timezone` (the viewer's); `chosen`, whether an image
    /// file was chosen with it (not kept: it is to be chosen again).
    fn sent(timezone: &str, pairs: &Pairs, chosen: bool, password: bool) -> Fields {
        let mut options = OptionsFields::sent(pairs, password, timezone);
        options.card_image_lost = chosen;
        Fields {
            url: pairs.get("url"),
            utm: utm::FIELDS.map(|f| pairs.get(f)),
            campaign: pairs.get("campaign"),
            channel: pairs.get("channel"),
            tags: pairs.get("tags"),
            options,
            confirm_past_end: false,
        }
    }
}

/// `?back=` naming the page an edit was started from.
#[derive(serde::Deserialize, Default)]
pub struct Back {
    #[serde(default)]
    back: String,
}

/// An edit of a link: who makes it, of which link, and the page it was started from (a
/// campaign's), where saving and cancelling lead.
struct Editing<'a> {
    state: &'a AppState,
    viewer: &'a Viewer,
    link: &'a LinkAt,
    back: &'a str,
}

impl Editing<'_> {
    /// The form sent again with what is wrong with it.
    async fn refused(
        &self,
        sent: Fields,
        status: StatusCode,
        error: FormError,
    ) -> Result<Response, PageError> {
        self.page(Some(sent), error, status).await
    }

    /// A domain refusal of the form, at the field it is about.
    fn refusal(refusal: crate::error::Error) -> Result<(StatusCode, FormError), PageError> {
        let fields = [LINK_FIELDS, options_form::FIELDS].concat();
        FormError::refused(refusal, &fields)
    }

    /// The link's page, its form holding `sent` (else the link's own values) and `error`.
    async fn page(
        &self,
        sent: Option<Fields>,
        error: FormError,
        status: StatusCode,
    ) -> Result<Response, PageError> {
        let Editing {
            state,
            viewer,
            link: LinkAt { domain, slug },
            back,
        } = *self;
        let (catalogue, link) = tokio::try_join!(
            state.db.channel_catalogue(),
            state.db.link_by_slug(domain, slug)
        )?;
        let link = link.ok_or_else(|| PageError::missing("link"))?;
        let clicks = (state.db.link_counts(&[link.id]).await?)
            .get(&link.id)
            .map_or(0, |counts| counts.clicks);
        let counts = crate::i18n::current().text_with(
            "edit-counts",
            &[
                ("clicks", Arg::from(thousands(clicks))),
                ("clicks_n", Arg::from(clicks)),
                ("requests", Arg::from(thousands(link.hit_count))),
                ("requests_n", Arg::from(link.hit_count)),
            ],
        );
        let (url, utm) = utm::split(&link.spec.url);
        let fields = sent.unwrap_or_else(|| Fields {
            options: OptionsFields::of(
                &link.spec.options,
                link.has_password,
                &state.base_url,
                viewer.timezone(state),
            ),
            // Letters shown as letters; saving encodes them again into the same URL.
            url: readable::editable(&url),
            utm,
            campaign: link.spec.campaign.unwrap_or_default(),
            channel: link.spec.channel.unwrap_or_default(),
            tags: link.spec.tags.join(", "),
            confirm_past_end: false,
        });
        Ok(render(
            status,
            &EditPage {
                section: "links",
                viewer,
                short_url: state.short_url(domain, slug),
                slug,
                on_domain: if domain.is_empty() {
                    String::new()
                } else {
                    format!("?domain={domain}")
                },
                stats_key: crate::links::stats_key(domain, slug),
                url: fields.url,
                utm: {
                    let [a, b, c, d, e] = fields.utm;
                    let [fa, fb, fc, fd, fe] = utm::FIELDS;
                    [(fa, a), (fb, b), (fc, c), (fd, d), (fe, e)]
                },
                campaign: fields.campaign,
                uncatalogued_channel: uncatalogued(&catalogue, &fields.channel),
                channel: fields.channel,
                tags: fields.tags,
                options: fields.options,
                counts,
                channels: catalogue.all(),
                error,
                confirm_past_end: fields.confirm_past_end,
                back: back_to(back),
            },
        ))
    }
}

/// The end date sent when it is already past, newly set and not confirmed (`end_in_past`
/// ticked): saved as it is, the link would answer 410 at once, which nobody editing a date
/// expects without being told. An end left as it was is not asked about again.
fn end_in_past(options: &OptionsPatch, before: Option<i64>, pairs: &Pairs) -> Option<i64> {
    let end = options.expires_at.flatten()?;
    let past = end <= crate::clock::now_ms() && before != Some(end);
    (past && !pairs.checked("end_in_past")).then_some(end)
}

/// `channel` when it is set and the catalogue does not list it.
fn uncatalogued(catalogue: &Catalogue, channel: &str) -> Option<String> {
    let listed = channel.is_empty() || catalogue.find(channel).is_some();
    (!listed).then(|| channel.to_owned())
}

pub async fn edit_page(
    State(state): State<AppState>,
    viewer: Viewer,
    link: LinkAt,
    Query(from): Query<Back>,
) -> Result<Response, PageError> {
    viewer.require_editor()?;
    let editing = Editing {
        state: &state,
        viewer: &viewer,
        link: &link,
        back: &from.back,
    };
    editing
        .page(None, FormError::default(), StatusCode::OK)
        .await
}

pub async fn edit(
    State(state): State<AppState>,
    viewer: Viewer,
    link: LinkAt,
    form: FileForm,
) -> Result<Response, PageError> {
    let pairs = &form.fields;
    viewer.check_editor_form(&pairs.get("csrf"))?;
    let editing = Editing {
        state: &state,
        viewer: &viewer,
        link: &link,
        back: &pairs.get("back"),
    };
    let before = state
        .db
        .link_by_slug(&link.domain, &link.slug)
        .await?
        .ok_or_else(|| PageError::missing("link"))?;
    let password = before.has_password;
    let sent = || Fields::sent(viewer.timezone(&state), pairs, form.sent_image(), password);
    // A refused edit keeps no image: the form says to choose it again.
    let refused = async |status, error| {
        let page = editing.refused(sent(), status, error).await?;
        Ok(Answer::Unnamed(page))
    };
    form.answer(&state.db, async |image| {
        let reference = match image {
            Ok(reference) => reference,
            Err(refusal) => {
                let (status, error) = Editing::refusal(refusal)?;
                return refused(status, error).await;
            }
        };
        let (options, new_password) =
            match options_form::read(pairs, reference, viewer.timezone(&state)) {
                Ok(read) => read,
                Err(mistake) => {
                    let status = StatusCode::UNPROCESSABLE_ENTITY;
                    return refused(status, mistake).await;
                }
            };
        // Options refused for what they are say so first; a past end only once they hold.
        if let Some(end) = end_in_past(&options, before.spec.options.expires_at, pairs)
            && (options.clone())
                .apply(&before.spec.options, state.link_checks())
                .is_ok()
        {
            let mut sent = sent();
            sent.confirm_past_end = true;
            let when = super::view::date_time(end, viewer.timezone(&state));
            let message = crate::i18n::t1("edit-end-in-past", "when", when);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(Answer::Unnamed(
                editing
                    .refused(sent, status, FormError::at("expires_at", message))
                    .await?,
            ));
        }
        let edit = LinkEdit {
            url: Some(utm::join(
                &with_scheme(&pairs.get("url")),
                &utm::FIELDS.map(|f| pairs.get(f)),
            )),
            campaign: Some(pairs.get("campaign")),
            channel: Some(pairs.get("channel")),
            tags: Some(split_tags(&pairs.get("tags"))),
            options: Some(options),
            password: new_password,
            ..LinkEdit::default()
        };
        match link.update(&state, &edit).await {
            Ok(link) => {
                let short_url = state.short_url(&link.spec.domain, &link.spec.slug);
                let saved = if link.has_password && link.spec.options.preview.is_some() {
                    Flash::SavedCardHidden(short_url)
                } else {
                    Flash::Saved(short_url)
                };
                let to = back_to(editing.back);
                Ok(Answer::Named(flash::redirect(&viewer, to, &saved)))
            }
            Err(refusal) => {
                let refusal = match refusal {
                    crate::error::Error::Invalid(m) => {
                        crate::error::Error::Invalid(options_form::in_form_words(m))
                    }
                    other => other,
                };
                let (status, error) = Editing::refusal(refusal)?;
                refused(status, error).await
            }
        }
    })
    .await
}
