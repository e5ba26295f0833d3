//! Settings → Webhooks, for admins: each subscription with its latest deliveries (state,
//! attempts, last error), subscribing a URL (its secret shown once), sending it a test event
//! and unsubscribing.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::checked_form::AdminForm;
use super::flash::{self, Flash};
use super::form_error::FormError;
use super::forms::CsrfForm;
use super::settings::{Said, SettingsPage, Shown};
use super::{PageError, Viewer, see_other};
use crate::app::AppState;
use crate::routes::pages::render;
use crate::webhooks::subscribe::{send_test, subscribe, unsubscribe};
use crate::webhooks::{DeliveryRecord, EVENTS, Webhook};

/// Deliveries shown per subscription.
const RECENT: i64 = 10;

#[derive(Template)]
#[template(path = "ui/webhooks.html")]
struct WebhooksPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    webhooks: Vec<(Webhook, Vec<DeliveryRecord>)>,
    events: &'static [&'static str],
    /// A subscription just made: its URL and its secret, shown this once.
    created: Option<(String, String)>,
    error: FormError,
    form: AddForm,
    /// The viewer's time zone, which the times are written in.
    timezone: &'a str,
    /// The base URL's host: the `domain` of the example's link.
    base_host: &'a str,
}

impl WebhooksPage<'_> {
    fn asked(&self, event: &str) -> bool {
        self.form.events.iter().any(|e| e == event)
    }

    /// A delivery's time in the viewer's zone, the page's language's way (`02/12/2026 14:45`).
    fn when(&self, ms: impl Millis) -> String {
        super::view::date_time(ms.ms(), self.timezone)
    }

    /// The links a delivery's event is about: `promo, go.example/ete` and `+3` more.
    fn links(&self, delivery: &DeliveryRecord) -> String {
        let (links, more) = delivery.links(3);
        let mut text = links.join(", ");
        if more > 0 {
            let more = i64::try_from(more).unwrap_or(i64::MAX);
            text.push_str(&crate::i18n::tn("webhooks-more-links", more));
        }
        text
    }

    /// Whether a subscription has deliveries waiting for their next attempt.
    fn waiting(&self, deliveries: &[DeliveryRecord]) -> bool {
        deliveries.iter().any(DeliveryRecord::waiting)
    }

    /// Why a delivery failed, in the page's language: empty when it has not.
    fn error(&self, delivery: &DeliveryRecord) -> String {
        crate::webhooks::failure::shown(delivery)
            .map(|said| said.localized())
            .unwrap_or_default()
    }
}

/// A time in Unix ms, however many references the template put around it.
trait Millis {
    fn ms(&self) -> i64;
}

impl Millis for i64 {
    fn ms(&self) -> i64 {
        *self
    }
}

impl<T: Millis> Millis for &T {
    fn ms(&self) -> i64 {
        (**self).ms()
    }
}

pub struct AddForm {
    csrf: String,
    url: String,
    events: Vec<String>,
}

/// A look's form: `link.created` ticked.
impl Default for AddForm {
    fn default() -> AddForm {
        AddForm {
            events: vec!["link.created".into()],
            ..AddForm::empty()
        }
    }
}

impl AddForm {
    /// Nothing filled in or ticked: the form after a subscription.
    fn empty() -> AddForm {
        AddForm {
            csrf: String::new(),
            url: String::new(),
            events: Vec::new(),
        }
    }

    /// The form's fields; `events` repeats, once per box ticked.
    fn read(body: &[u8]) -> AddForm {
        let mut form = AddForm::empty();
        for (key, value) in url::form_urlencoded::parse(body) {
            match &*key {
                "csrf" => form.csrf = value.into_owned(),
                "url" => form.url = value.into_owned(),
                "events" => form.events.push(value.into_owned()),
                _ => {}
            }
        }
        form
    }
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    status: StatusCode,
    created: Option<(String, String)>,
    error: FormError,
    form: AddForm,
) -> Result<Response, PageError> {
    let mut webhooks = Vec::new();
    for webhook in state.db.webhooks().await? {
        let deliveries = state.db.recent_deliveries(webhook.id, RECENT).await?;
        webhooks.push((webhook, deliveries));
    }
    Ok(render(
        status,
        &WebhooksPage {
            section: "webhooks",
            viewer,
            webhooks,
            events: EVENTS,
            created,
            error,
            form,
            timezone: viewer.timezone(state),
            base_host: state.domains().base_host(),
        },
    ))
}

/// Settings → Webhooks: the subscriptions with their deliveries above the form adding one.
pub struct Webhooks;

impl SettingsPage for Webhooks {
    type Form = AddForm;
    const FIELDS: &'static [&'static str] = &["url", "events"];

    async fn show(state: &AppState, viewer: &Viewer, said: Said<AddForm>) -> Shown {
        page(state, viewer, said.status, None, said.error, said.form).await
    }
}

pub async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = AddForm::read(&body);
    viewer.check_admin_form(&form.csrf, "admins-only-webhooks")?;
    match subscribe(
        &state.db,
        &form.url,
        &form.events,
        state.webhooks_allow_private,
    )
    .await
    {
        Ok(subscribed) => {
            let status = StatusCode::CREATED;
            let fresh = AddForm::empty();
            page(
                &state,
                &viewer,
                status,
                Some((subscribed.webhook.url, subscribed.secret)),
                FormError::default(),
                fresh,
            )
            .await
        }
        Err(refusal) => Webhooks::refused(&state, &viewer, refusal, form).await,
    }
}

/// Tries a subscription's pending deliveries at once, once its receiver is mended, rather
/// than after their back-off.
pub async fn retry(
    State(state): State<AppState>,
    Path(id): Path<String>,
    _: AdminForm<CsrfForm>,
) -> Result<Response, PageError> {
    let id = PageError::id_in_path(&id, "webhook")?;
    state.db.retry_now(id, crate::clock::now_ms()).await?;
    // The delivery task, woken, tries them within a quarter of a second.
    crate::webhooks::delivery::QUEUED.notify_one();
    Ok(see_other("/settings/webhooks"))
}

/// The characters of a subscription's URL that the flash after a test names.
const FLASH_URL: usize = 200;

/// Queues a test event for a subscription, sent at once, so that its receiver is seen to work
/// before any real event happens; the page says so, and the delivery shows in its list.
pub async fn test(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm(viewer, _): AdminForm<CsrfForm>,
) -> Result<Response, PageError> {
    let id = PageError::id_in_path(&id, "webhook")?;
    let queued = send_test(&state.db, id).await?;
    // The flash rides in a cookie, which a URL of 2,000 characters would overfill.
    let mut url = queued.webhook.url;
    if let Some((cut, _)) = url.char_indices().nth(FLASH_URL) {
        url.truncate(cut);
        url.push('…');
    }
    let said = Flash::WebhookTestQueued(url);
    Ok(flash::redirect(&viewer, "/settings/webhooks", &said))
}

pub async fn remove(
    State(state): State<AppState>,
    Path(id): Path<String>,
    _: AdminForm<CsrfForm>,
) -> Result<Response, PageError> {
    let id = PageError::id_in_path(&id, "webhook")?;
    unsubscribe(&state.db, id).await?;
    Ok(see_other("/settings/webhooks"))
}
