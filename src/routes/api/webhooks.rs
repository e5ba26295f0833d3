//! `/api/v1/webhooks`: admins subscribe a URL to events (the secret is in the answer, once),
//! list the subscriptions with their latest deliveries, send one a test event, and delete
//! them.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::delete_admin_record;
use super::fields::{EventName, WebhookUrl};
use super::json::Json;
use super::openapi::{AdminRecordRefusals, AdminRefusals, ErrorBody};
use super::{Admin, AdminRecord};
use crate::app::AppState;
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::webhooks::subscribe::{self, subscribe, unsubscribe};
use crate::webhooks::{DeliveryRecord, Webhook, failure};

/// Deliveries shown per subscription.
const RECENT: i64 = 10;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// Where events are POSTed: http(s), a public address unless
    /// `LANTERNE_WEBHOOKS_ALLOW_PRIVATE=true`.
    #[schema(value_type = WebhookUrl, example = "https://crm.example/hooks/lanterne")]
    url: String,
    /// Any of `link.created`, `link.updated`, `link.deleted`, `link.expired`,
    /// `share.detected`, `click`.
    #[schema(value_type = Vec<EventName>, example = json!(["link.created", "share.detected"]), min_items = 1)]
    events: Vec<String>,
}

/// A subscription.
#[derive(Serialize, ToSchema)]
pub struct WebhookView {
    id: i64,
    url: String,
    events: Vec<String>,
    /// False once a day of failed deliveries turned it off.
    enabled: bool,
    /// RFC 3339.
    created_at: String,
    /// RFC 3339: the first failure since the last success.
    failing_since: Option<String>,
    /// The HMAC-SHA256 key of the `Lanterne-Signature` header: in the answer to POST only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "whsec_5f0c…")]
    secret: Option<String>,
    /// The latest deliveries, newest first (GET only).
    #[serde(skip_serializing_if = "Option::is_none")]
    deliveries: Option<Vec<DeliveryView>>,
}

/// One event's delivery to a subscription.
#[derive(Serialize, ToSchema)]
pub struct DeliveryView {
    /// The event's id, as in the body sent.
    event_id: String,
    /// The event's type: one the subscription takes, or `webhook.test`.
    #[schema(example = "link.created")]
    event: String,
    /// `pending` (waiting for its next attempt), `delivered` or `failed` (given up).
    state: String,
    attempts: i32,
    /// The receiver's last HTTP status.
    last_status: Option<i32>,
    /// Why the last attempt failed, in English (with the network library's words after a
    /// `connect`, `request` or `bad_url`), and whether the delivery was given up when its
    /// subscription was turned off. A delivery recorded by an older version may have its text
    /// and no `error_code`.
    #[schema(example = "the receiver answered with an error (HTTP 500)")]
    last_error: Option<String>,
    /// Why the last attempt failed, as a stable code: `http_status` (the receiver's answer is
    /// `last_status`), `timeout`, `connect`, `request`, `bad_url`, `private_address` or
    /// `turned_off`.
    #[schema(example = "http_status")]
    error_code: Option<&'static str>,
    /// RFC 3339.
    created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookList {
    webhooks: Vec<WebhookView>,
}

fn view(webhook: Webhook) -> WebhookView {
    WebhookView {
        id: webhook.id,
        url: webhook.url.clone(),
        events: webhook.event_list(),
        enabled: webhook.enabled,
        created_at: rfc3339(webhook.created_at),
        failing_since: webhook.failing_since.map(rfc3339),
        secret: None,
        deliveries: None,
    }
}

fn delivery_view(d: DeliveryRecord) -> DeliveryView {
    let (last_error, error_code) = (failure::described(&d), failure::of(&d).map(|f| f.code()));
    DeliveryView {
        event_id: d.event_id,
        event: d.event,
        state: d.state,
        attempts: d.attempts,
        last_status: d.last_status,
        last_error,
        error_code,
        created_at: rfc3339(d.created_at),
    }
}

#[utoipa::path(post, operation_id = "createWebhook", path = "/api/v1/webhooks", request_body = NewWebhook, tag = "webhooks",
    responses(
        (status = 201, description = "Subscribed; the secret is shown this once", body = WebhookView,
            links(("unsubscribe" = (
                operation_ref = "#/paths/~1api~1v1~1webhooks~1%7Bid%7D/delete",
                parameters(("id" = "$response.body#/id")),
                description = "Deletes the subscription made"
            )), ("sendTest" = (
                operation_ref = "#/paths/~1api~1v1~1webhooks~1%7Bid%7D~1test/post",
                parameters(("id" = "$response.body#/id")),
                description = "Sends the subscription made a test event"
            )))),
        (status = 415, body = ErrorBody),
        (status = 422, description = "Not an http(s) URL, a private address, or an unknown event", body = ErrorBody),
        AdminRefusals,
    ))]
pub async fn create(
    State(state): State<AppState>,
    _: Admin,
    Json(body): Json<NewWebhook>,
) -> Result<(StatusCode, Json<WebhookView>), ApiError> {
    let subscribed = subscribe(
        &state.db,
        &body.url,
        &body.events,
        state.webhooks_allow_private,
    )
    .await?;
    let mut shown = view(subscribed.webhook);
    shown.secret = Some(subscribed.secret);
    Ok((StatusCode::CREATED, Json(shown)))
}

#[utoipa::path(get, operation_id = "listWebhooks", path = "/api/v1/webhooks", tag = "webhooks",
    responses(
        (status = 200, description = "Every subscription with its latest 10 deliveries", body = WebhookList),
        AdminRefusals,
    ))]
pub async fn list(State(state): State<AppState>, _: Admin) -> Result<Json<WebhookList>, ApiError> {
    let mut webhooks = Vec::new();
    for webhook in state.db.webhooks().await? {
        let deliveries = state.db.recent_deliveries(webhook.id, RECENT).await?;
        let mut shown = view(webhook);
        shown.deliveries = Some(deliveries.into_iter().map(delivery_view).collect());
        webhooks.push(shown);
    }
    Ok(Json(WebhookList { webhooks }))
}

#[utoipa::path(post, operation_id = "sendWebhookTest", path = "/api/v1/webhooks/{id}/test", params(("id" = i64, Path)), tag = "webhooks",
    responses(
        (status = 202, description = "A `webhook.test` event is queued for this subscription alone, whatever events it takes, and sent at once, signed as every delivery; its delivery shows in the list like any other", body = DeliveryView),
        AdminRecordRefusals,
    ))]
pub async fn send_test(
    State(state): State<AppState>,
    AdminRecord(id): AdminRecord,
) -> Result<(StatusCode, Json<DeliveryView>), ApiError> {
    let queued = subscribe::send_test(&state.db, id).await?;
    Ok((StatusCode::ACCEPTED, Json(delivery_view(queued.delivery))))
}

delete_admin_record!(
    operation_id = "deleteWebhook",
    path = "/api/v1/webhooks/{id}",
    tag = "webhooks",
    removed = "Unsubscribed; its pending deliveries are dropped",
    |state, id| unsubscribe(&state.db, id)
);
