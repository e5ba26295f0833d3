//! What the Settings list pages share: they are for admins only ([`AdminPage`]), and a look
//! at one is its list above a blank add form ([`SettingsPage`], [`list`]).

use std::future::Future;

use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;

use super::form_error::FormError;
use super::{PageError, Viewer};
use crate::app::AppState;
use crate::error::Error;

/// An admin looking at a page under `/settings/<section>`. Anyone else is refused with the
/// message `admins-only-<section>`, in their language.
pub struct AdminPage(pub Viewer);

impl FromRequestParts<AppState> for AdminPage {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        viewer.require_admin(&refusal(parts.uri.path()))?;
        Ok(AdminPage(viewer))
    }
}

/// The message naming what only admins do under `path` (`/settings/channels/…`):
/// `admins-only-channels`.
pub(super) fn refusal(path: &str) -> String {
    let section = path.split('/').nth(2).unwrap_or_default();
    format!("admins-only-{section}")
}

/// What a Settings page answers: the page, or the error page.
pub type Shown = Result<Response, PageError>;

/// What a Settings page shows of its add form, and the status it answers with: blank (200)
/// on a look, or as it was posted with why it was refused.
pub struct Said<F> {
    pub status: StatusCode,
    pub error: FormError,
    pub form: F,
}

impl<F: Default> Said<F> {
    /// A look: the blank form.
    pub fn blank() -> Said<F> {
        Said {
            status: StatusCode::OK,
            error: FormError::default(),
            form: F::default(),
        }
    }
}

impl<F> Said<F> {
    /// `form` refused with `status`, `error` saying why.
    pub fn refused(status: StatusCode, error: FormError, form: F) -> Said<F> {
        Said {
            status,
            error,
            form,
        }
    }
}

/// A Settings page listing a section's things above the form that adds one.
pub trait SettingsPage {
    /// The add form's fields; its `Default` is the form a look shows.
    type Form: Default + Send;

    /// The add form's fields, named as the domain's refusals name them ([`FormError::said`]).
    const FIELDS: &'static [&'static str];

    /// The page with the things as they are now, and the form as `said`.
    fn show(
        state: &AppState,
        viewer: &Viewer,
        said: Said<Self::Form>,
    ) -> impl Future<Output = Shown> + Send;

    /// The page again after the section refused `form`: the refusal's status and words
    /// beside it (at the field it is about), or the error page when the refusal is not the
    /// form's doing.
    fn refused(
        state: &AppState,
        viewer: &Viewer,
        refusal: Error,
        form: Self::Form,
    ) -> impl Future<Output = Shown> + Send {
        async move {
            let (status, error) = FormError::refused(refusal, Self::FIELDS)?;
            Self::show(state, viewer, Said::refused(status, error, form)).await
        }
    }
}

/// `GET /settings/<section>`: the page `P` with a blank form.
pub async fn list<P: SettingsPage>(
    State(state): State<AppState>,
    AdminPage(viewer): AdminPage,
) -> Shown {
    P::show(&state, &viewer, Said::blank()).await
}
