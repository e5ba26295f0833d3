//! `/links/import` for admins: upload a file, see what importing it would do (its first rows
//! and every problem), confirm, see what it did. Stateless between the two steps: the
//! preview carries the file back in its form, so the confirmation may reach any instance, and
//! its rows are checked again then.

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::checked_form::AdminForm;
use super::form_error::FormError;
use super::{PageError, Viewer};
use crate::app::AppState;
use crate::import::{self, Checked, Format, ImportOptions, Plan, Problem, Summary, Verdict};
use crate::routes::pages::render;

/// Completes "Only admins …" in refusals.
const WHO: &str = "admins-only-import";
/// Rows the preview shows.
const PREVIEW_ROWS: usize = 20;
/// Problems a page lists (the count says how many there are).
const LISTED_PROBLEMS: usize = 200;

#[derive(Template)]
#[template(path = "ui/import.html")]
struct ImportPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    formats: [Format; 7],
    /// The branded domains imported links may be on (none: the field is left out), beside
    /// the base URL's host.
    domains: Vec<String>,
    base_host: &'a str,
    /// About the file sent, never one of the fields.
    error: FormError,
    preview: Option<Preview>,
    done: Option<Summary>,
}

/// What importing the uploaded file would do, and the file to send back to do it.
struct Preview {
    format: Format,
    campaign: String,
    /// The branded domain the links go on, `""` for the base URL's host.
    domain: String,
    content: String,
    new: usize,
    unchanged: usize,
    problems: Vec<Problem>,
    first: Vec<Checked>,
}

impl ImportPage<'_> {
    fn verdict(&self, row: &Checked) -> String {
        match &row.verdict {
            Verdict::New => crate::i18n::t("import-verdict-new"),
            Verdict::Unchanged => crate::i18n::t("import-verdict-unchanged"),
            Verdict::Problem(reason) => reason.localized(),
        }
    }

    fn n(&self, n: impl std::borrow::Borrow<usize>) -> i64 {
        i64::try_from(*n.borrow()).unwrap_or(i64::MAX)
    }

    fn problem(&self, problem: &Problem) -> String {
        let line = i64::try_from(problem.line).unwrap_or(i64::MAX);
        crate::i18n::t2(
            "import-problem",
            "line",
            line,
            "reason",
            problem.reason.clone(),
        )
    }

    fn listed<'p>(&self, problems: &'p [Problem]) -> &'p [Problem] {
        &problems[..problems.len().min(LISTED_PROBLEMS)]
    }
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    status: StatusCode,
    error: Option<String>,
    preview: Option<Preview>,
    done: Option<Summary>,
) -> Result<Response, PageError> {
    let domains = state.db.domains().await?;
    Ok(render(
        status,
        &ImportPage {
            section: "links",
            viewer,
            formats: Format::ALL,
            domains: domains.into_iter().map(|d| d.host).collect(),
            base_host: state.domains().base_host(),
            error: error.map(FormError::page).unwrap_or_default(),
            preview,
            done,
        },
    ))
}

pub async fn form(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    viewer.require_admin(WHO)?;
    page(&state, &viewer, StatusCode::OK, None, None, None).await
}

/// The upload: its fields and the file, as text.
#[derive(Default)]
struct Upload {
    csrf: String,
    format: String,
    campaign: String,
    domain: String,
    content: Vec<u8>,
}

async fn upload(mut form: Multipart) -> Result<Upload, String> {
    let mut upload = Upload::default();
    while let Some(field) = form.next_field().await.map_err(|e| e.body_text())? {
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(|e| e.body_text())?;
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "csrf" => upload.csrf = text(),
            "format" => upload.format = text(),
            "campaign" => upload.campaign = text(),
            "domain" => upload.domain = text(),
            "file" => upload.content = bytes.to_vec(),
            _ => {}
        }
    }
    Ok(upload)
}

/// The import's options: the links on `domain` (as stored, `""` for the base URL's host).
fn options(state: &AppState, campaign: &str, domain: &str) -> ImportOptions {
    ImportOptions {
        domain: Some(domain.to_owned()).filter(|d| !d.is_empty()),
        campaign: Some(campaign.trim().to_owned()).filter(|c| !c.is_empty()),
        refused_hosts: state.refused_hosts.clone(),
        base_url: state.base_url.clone(),
    }
}

/// What the import form sent besides the file.
struct Choices<'a> {
    format: &'a str,
    campaign: &'a str,
    /// A branded domain, or `""` (or the base URL's host) for the base URL's.
    domain: &'a str,
}

/// Reads and checks a file; a refusal says what is wrong with it as a whole. The plan, with
/// its format and the domain of its links as stored.
async fn plan(
    state: &AppState,
    choices: &Choices<'_>,
    content: &[u8],
) -> Result<Result<(Format, String, Plan), String>, PageError> {
    let Ok(format) = choices.format.parse::<Format>() else {
        return Ok(Err(crate::i18n::t("import-no-format")));
    };
    // A domain removed since the form was shown refuses the file, not each of its rows.
    let domain = match state
        .domains()
        .of_link(&state.db, Some(choices.domain))
        .await
    {
        Ok(domain) => domain,
        Err(crate::error::Error::Invalid(reason)) => return Ok(Err(reason.localized())),
        Err(other) => return Err(other.into()),
    };
    if content.is_empty() {
        return Ok(Err(crate::i18n::t("import-no-file")));
    }
    let rows = match import::read(format, content) {
        Ok(rows) => rows,
        Err(reason) => return Ok(Err(reason.localized())),
    };
    let options = options(state, choices.campaign, &domain);
    let plan = import::check(&state.db, rows, &options).await?;
    Ok(Ok((format, domain, plan)))
}

pub async fn preview(
    State(state): State<AppState>,
    viewer: Viewer,
    form: Multipart,
) -> Result<Response, PageError> {
    let upload = match upload(form).await {
        Ok(upload) => upload,
        Err(reason) => {
            return refused(&state, &viewer, StatusCode::BAD_REQUEST, reason).await;
        }
    };
    viewer.check_admin_form(&upload.csrf, WHO)?;
    let choices = Choices {
        format: &upload.format,
        campaign: &upload.campaign,
        domain: &upload.domain,
    };
    let (format, domain, plan) = match plan(&state, &choices, &upload.content).await? {
        Ok(planned) => planned,
        Err(reason) => {
            return refused(&state, &viewer, StatusCode::UNPROCESSABLE_ENTITY, reason).await;
        }
    };
    let preview = Preview {
        format,
        campaign: upload.campaign,
        domain,
        // As it was read (a Windows-1252 file decoded): the confirmation sends it back as
        // UTF-8.
        content: import::formats::decode(&upload.content).into_owned(),
        new: plan.count(|v| *v == Verdict::New),
        unchanged: plan.count(|v| *v == Verdict::Unchanged),
        problems: plan.problems(),
        first: plan.rows.into_iter().take(PREVIEW_ROWS).collect(),
    };
    page(&state, &viewer, StatusCode::OK, None, Some(preview), None).await
}

/// The form again, saying why the file was refused.
async fn refused(
    state: &AppState,
    viewer: &Viewer,
    status: StatusCode,
    reason: String,
) -> Result<Response, PageError> {
    page(state, viewer, status, Some(reason), None, None).await
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    format: String,
    #[serde(default)]
    campaign: String,
    #[serde(default)]
    domain: String,
    #[serde(default)]
    content: String,
}

pub async fn confirm(
    State(state): State<AppState>,
    AdminForm(viewer, form): AdminForm<ConfirmForm>,
) -> Result<Response, PageError> {
    let choices = Choices {
        format: &form.format,
        campaign: &form.campaign,
        domain: &form.domain,
    };
    let (_, _, plan) = match plan(&state, &choices, form.content.as_bytes()).await? {
        Ok(planned) => planned,
        Err(reason) => {
            return refused(&state, &viewer, StatusCode::UNPROCESSABLE_ENTITY, reason).await;
        }
    };
    let summary = state.links.import(plan).await?;
    page(&state, &viewer, StatusCode::OK, None, None, Some(summary)).await
}
