//! A campaign's report shared with a client: editors make and revoke read-only links on the
//! campaign's page, choosing the report's language, whether it names who it is for, and how
//! long it opens; whoever holds one reads that report with no session and no way to any other
//! page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use super::PageError;
use super::campaign_report::CampaignReport;
use super::campaigns::{Shown, find};
use super::checked_form::EditorForm;
use super::flash::{self, Flash};
use super::form_error::FormError;
use super::forms::{CsrfForm, sentence};
use super::report_periods::{self, PeriodLink};
use super::view::date_time;
use crate::app::AppState;
use crate::campaigns::period::{PeriodQuery, ReportPeriod};
use crate::campaigns::share::{self, Lapse, ShareChoices, ShareLookup};
use crate::clock::now_ms;
use crate::db::report_shares::ShareListing;
use crate::i18n::{self, Locale, Message, t};
use crate::routes::pages::{error_page, render};

/// A share link not revoked, as the campaign's page lists it.
pub struct ShareLine {
    pub id: i64,
    /// Who it is for; empty when not said.
    pub label: String,
    /// Whether the report names who it is for.
    pub label_on_report: bool,
    /// The report's language, as the page says it.
    pub language: String,
    /// When it stops (or stopped) opening the report; empty if never.
    pub expiry: String,
    /// It no longer opens the report.
    pub expired: bool,
    /// Who made it and when (to the minute, in the viewer's zone), as the page says it.
    pub made: String,
    /// The period its report opens on, as the page says it; empty for links that keep none.
    pub period: String,
}

impl ShareLine {
    /// What tells it from the others for a screen reader (« Maison Dupont, Créé le … par … »):
    /// who it is for, when said, and who made it when.
    pub fn name(&self) -> String {
        if self.label.is_empty() {
            self.made.clone()
        } else {
            format!("{}, {}", self.label, self.made)
        }
    }

    pub fn of(s: ShareListing, timezone: &str, now: i64) -> ShareLine {
        let expired = s.expires_at.is_some_and(|at| at <= now);
        let expiry = s.expires_at.map_or_else(String::new, |at| {
            let key = if expired {
                "share-expired-on"
            } else {
                "share-expires-on"
            };
            i18n::t1(key, "date", date_time(at, timezone))
        });
        let language = match Locale::get(&s.language).filter(|_| !s.language.is_empty()) {
            Some(locale) => t(&format!("share-language-{}", locale.tag())),
            None => t("share-language-reader"),
        };
        let period = ReportPeriod::of_spec(&s.period).map_or_else(String::new, |p| {
            i18n::t1("share-period", "period", p.label())
        });
        ShareLine {
            period,
            id: s.id,
            label: s.label,
            label_on_report: s.label_on_report,
            language,
            expiry,
            expired,
            made: i18n::t2(
                "share-made",
                "date",
                date_time(s.created_at, timezone),
                "who",
                s.created_by,
            ),
        }
    }
}

#[derive(Deserialize)]
pub struct ShareForm {
    /// Who the link is for.
    #[serde(default)]
    label: String,
    /// A ticked box: the report says who it is for.
    #[serde(default)]
    label_on_report: Option<String>,
    /// The report's language (a tag); the maker's own when not given or not one we speak.
    #[serde(default)]
    language: String,
    #[serde(default)]
    expires: Lapse,
    /// The period the report opens on: the one the campaign's page shows (`period`, or
    /// `from` and `to`); none, the reader's choice from the last 30 days.
    period: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

impl ShareForm {
    /// What the maker asks, or why the period sent is none.
    fn choices(self, timezone: &str) -> Result<ShareChoices, Message> {
        let period = PeriodQuery {
            period: self.period,
            from: self.from,
            to: self.to,
        };
        Ok(ShareChoices {
            period: period.asked(timezone)?,
            label: self.label,
            label_on_report: self.label_on_report.is_some(),
            language: Locale::get(&self.language).unwrap_or_else(i18n::current),
            lapse: self.expires,
        })
    }
}

/// Makes a share link of the campaign's report, and sends the browser to the campaign's
/// page, which shows it this once (a reload there makes no other).
pub async fn create(
    State(state): State<AppState>,
    Path(id): Path<String>,
    EditorForm(viewer, form): EditorForm<ShareForm>,
) -> Result<Response, PageError> {
    let campaign = find(&state, &id).await?;
    let choices = match form.choices(&state.timezone) {
        Ok(choices) => choices,
        Err(refusal) => {
            let said = FormError::page(sentence(&refusal.localized()));
            let refused = Shown::new(&campaign).error(said);
            return refused
                .render(&state, &viewer, StatusCode::BAD_REQUEST)
                .await;
        }
    };
    let secret = share::create(&state.db, campaign.id, &viewer.email, &choices).await?;
    let url = format!("{}{}{secret}", state.base_url, share::PATH);
    let to = format!("/campaigns/{}", campaign.id);
    Ok(flash::redirect(&viewer, &to, &Flash::ShareMade(url)))
}

/// Revokes a share link: whoever holds it is told the report is no longer shared.
pub async fn revoke(
    State(state): State<AppState>,
    Path((id, share_id)): Path<(String, String)>,
    EditorForm(viewer, _): EditorForm<CsrfForm>,
) -> Result<Response, PageError> {
    let campaign = find(&state, &id).await?;
    let missing = || PageError::missing("share link");
    let share_id = share_id.parse::<i64>().map_err(|_| missing())?;
    if !state
        .db
        .revoke_report_share(campaign.id, share_id, now_ms())
        .await?
    {
        return Err(missing());
    }
    let to = format!("/campaigns/{}", campaign.id);
    Ok(flash::redirect(&viewer, &to, &Flash::ShareRevoked))
}

#[derive(Template)]
#[template(path = "ui/shared_report.html")]
struct SharedPage<'a> {
    name: &'a str,
    /// Who the report is for, when its maker wanted it said.
    for_whom: Option<String>,
    report: CampaignReport,
    secret: &'a str,
    /// The period its maker chose, offered beside the others.
    kept: Option<ReportPeriod>,
    /// Why the period asked is none, above the report for the link's own.
    error: Option<String>,
}

impl SharedPage<'_> {
    fn period_links(&self) -> Vec<PeriodLink> {
        let base = format!("{}{}", share::PATH, self.secret);
        report_periods::links(&base, &self.report.period, self.kept.as_ref())
    }

    /// None: the shared report has no form, and leads nowhere but to itself.
    fn range_action(&self) -> Option<String> {
        None
    }
}

/// The report a share link opens, for whoever holds it.
pub async fn page(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let (campaign, for_whom, kept) = match share::open(&state.db, &secret).await? {
        ShareLookup::Live(shared) => {
            // The report speaks the language its maker chose, whatever the reader's browser.
            if let Some(language) = shared.language {
                i18n::prefer(language);
            }
            (
                state.db.campaign(shared.campaign_id).await?,
                shared.for_whom,
                shared.period,
            )
        }
        ShareLookup::Gone(language) => {
            if let Some(language) = language {
                i18n::prefer(language);
            }
            let page = error_page(
                StatusCode::GONE,
                &t("share-revoked-title"),
                &t("share-revoked-text"),
            );
            return Ok(private(page));
        }
        ShareLookup::Unknown => (None, None, None),
    };
    let Some(campaign) = campaign else {
        let page = error_page(
            StatusCode::NOT_FOUND,
            &t("share-unknown-title"),
            &t("share-unknown-text"),
        );
        return Ok(private(page));
    };
    let catalogue = state.db.channel_catalogue().await?;
    // The period its maker chose, unless the reader chose another.
    let (period, error) = match query.asked(&state.timezone) {
        Ok(asked) => (asked.or_else(|| kept.clone()), None),
        Err(refusal) => (kept.clone(), Some(sentence(&refusal.localized()))),
    };
    let period = period.unwrap_or_default();
    let report = CampaignReport::build(&state, &campaign, &period, &catalogue).await?;
    let status = match error {
        Some(_) => StatusCode::BAD_REQUEST,
        None => StatusCode::OK,
    };
    let page = SharedPage {
        name: &campaign.name,
        for_whom,
        report,
        secret: &secret,
        kept,
        error,
    };
    Ok(private(render(status, &page)))
}

/// A page behind a secret URL: kept out of search engines and caches, and its address sent
/// to no other site.
fn private(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::HeaderName::from_static("x-robots-tag"),
        HeaderValue::from_static("noindex, nofollow"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}
