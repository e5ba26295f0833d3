//! `/api/v1/channels`: the channel catalogue, and the channels admins add to it.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::json::{Json, Path};
use super::openapi::{AdminRefusals, ErrorBody, Refusals};
use super::{Admin, Caller};
use crate::app::AppState;
use crate::error::ApiError;
use crate::links::added::{add_channel, set_channel_gender};
use crate::links::channels::{self, Channel, Gender};

/// A channel of the catalogue.
#[derive(Serialize, ToSchema)]
pub struct ChannelView {
    /// What links store in `channel` and destinations carry as `utm_source`.
    key: String,
    label: String,
    /// How the channel shares: `private` (dark social), `public` or `other`.
    #[schema(example = "private")]
    reach: &'static str,
    /// Added by an admin, not built in.
    custom: bool,
    /// An added channel's grammatical gender, `masculine` or `feminine`: French pages agree
    /// its reach with it (« privé », « privée »). Null for a built-in channel, whose name has
    /// its own in each language.
    #[schema(example = "feminine")]
    gender: Option<&'static str>,
}

impl From<&Channel> for ChannelView {
    fn from(c: &Channel) -> ChannelView {
        ChannelView {
            key: c.key.to_string(),
            label: c.label.to_string(),
            reach: c.reach.as_str(),
            custom: c.custom,
            gender: c.custom.then(|| c.gender.as_str()),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ChannelList {
    /// Built-in channels first, then the added ones.
    channels: Vec<ChannelView>,
}

#[utoipa::path(get, operation_id = "listChannels", path = "/api/v1/channels", tag = "channels",
    responses(
        (status = 200, description = "The whole catalogue", body = ChannelList),
        Refusals,
    ))]
pub async fn list(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<Json<ChannelList>, ApiError> {
    let catalogue = state.db.channel_catalogue().await?;
    let channels = catalogue.all().iter().map(ChannelView::from).collect();
    Ok(Json(ChannelList { channels }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewChannel {
    /// Lowercase letters, digits and `-`, not a built-in key.
    #[schema(pattern = "^[a-z0-9-]{1,32}$", example = "intranet")]
    key: String,
    /// 1 to 64 characters, no control characters.
    #[schema(example = "Staff intranet", min_length = 1, max_length = 64)]
    label: String,
    /// `private`, `public` or `other`.
    #[schema(example = "private", pattern = "^(private|public|other)$")]
    reach: String,
    /// The label's grammatical gender, for the languages that have one (French pages agree
    /// the reach with it): `masculine` (the default) or `feminine`.
    #[serde(default = "masculine")]
    #[schema(
        example = "feminine",
        pattern = "^(masculine|feminine)$",
        default = "masculine"
    )]
    gender: String,
}

fn masculine() -> String {
    Gender::Masculine.as_str().to_owned()
}

#[utoipa::path(post, operation_id = "addChannel", path = "/api/v1/channels", request_body = NewChannel, tag = "channels",
    responses(
        (status = 201, description = "The added channel", body = ChannelView),
        (status = 409, description = "The key is taken", body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        AdminRefusals,
    ))]
pub async fn add(
    State(state): State<AppState>,
    _: Admin,
    Json(body): Json<NewChannel>,
) -> Result<(StatusCode, Json<ChannelView>), ApiError> {
    let channel = add_channel(&state.db, &body.key, &body.label, &body.reach, &body.gender).await?;
    Ok((StatusCode::CREATED, Json(ChannelView::from(&channel))))
}

/// What may change of an added channel.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChannelChange {
    /// The label's grammatical gender: `masculine` or `feminine`.
    #[schema(example = "feminine", pattern = "^(masculine|feminine)$")]
    gender: String,
}

#[utoipa::path(patch, operation_id = "changeChannel", path = "/api/v1/channels/{key}", params(("key" = String, Path)), request_body = ChannelChange, tag = "channels",
    responses(
        (status = 200, description = "The channel as changed", body = ChannelView),
        (status = 404, description = "No channel was added with this key (built-in ones cannot change)", body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        AdminRefusals,
    ))]
pub async fn change(
    State(state): State<AppState>,
    _: Admin,
    Path(key): Path<String>,
    Json(body): Json<ChannelChange>,
) -> Result<Json<ChannelView>, ApiError> {
    match set_channel_gender(&state.db, &key, &body.gender).await? {
        Some(channel) => Ok(Json(ChannelView::from(&channel))),
        None => Err(ApiError::not_found(format!(
            "there is no added channel {key:?}"
        ))),
    }
}

#[utoipa::path(delete, operation_id = "removeChannel", path = "/api/v1/channels/{key}", params(("key" = String, Path)), tag = "channels",
    responses(
        (status = 204, description = "Removed; links declared for it keep the key"),
        (status = 404, body = ErrorBody),
        (status = 422, description = "A built-in channel", body = ErrorBody),
        AdminRefusals,
    ))]
pub async fn remove(
    State(state): State<AppState>,
    _: Admin,
    Path(key): Path<String>,
) -> Result<StatusCode, ApiError> {
    if channels::find(&key).is_some() {
        return Err(ApiError::invalid(format!(
            "{key:?} is built in and cannot be removed"
        )));
    }
    if state.db.delete_custom_channel(&key).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found(format!(
            "there is no added channel {key:?}"
        )))
    }
}
