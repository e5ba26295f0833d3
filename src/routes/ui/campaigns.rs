//! Campaigns in the web UI: the list with what each one's links add up to, and one campaign's
//! page — its links per channel with their QR codes, more channels in one action, and the
//! settings its new links get.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::campaign_edit::CampaignForm;
use super::campaign_report::{self, CampaignReport};
use super::campaign_settings::Settings;
use super::flash::{self, Flash};
use super::form_error::FormError;
use super::forms::Pairs;
use super::report_periods::{self, PeriodLink};
use super::report_share::ShareLine;
use super::upload::{Answer, FileForm};
use super::view::{LinkRow, link_page};
use super::{PageError, Viewer, creation_limited};
use crate::app::AppState;
use crate::campaigns::edit;
use crate::campaigns::period::{PeriodQuery, ReportPeriod};
use crate::campaigns::{Campaign, CampaignSummary};
use crate::i18n;
use crate::links::catalogue::Catalogue;
use crate::links::channels::{Channel, Reach};
use crate::routes::pages::render;

#[derive(Template)]
#[template(path = "ui/campaigns.html")]
struct CampaignsPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    campaigns: Vec<CampaignSummary>,
    /// Each campaign's clicks (people, all time), by name.
    clicks: HashMap<String, i64>,
}

impl CampaignsPage<'_> {
    fn created(&self, summary: &CampaignSummary) -> String {
        self.viewer.day(summary.campaign.created_at)
    }

    fn clicks(&self, summary: &CampaignSummary) -> i64 {
        self.clicks
            .get(&summary.campaign.name)
            .copied()
            .unwrap_or(0)
    }
}

pub async fn list(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    let db = state.reads.lists();
    let campaigns = db.campaigns().await?;
    // Every campaign's clicks in one more query, never one per row.
    let names: Vec<String> = campaigns.iter().map(|s| s.campaign.name.clone()).collect();
    let clicks = db.campaign_clicks(&names).await?;
    Ok(render(
        StatusCode::OK,
        &CampaignsPage {
            section: "campaigns",
            viewer: &viewer,
            campaigns,
            clicks,
        },
    ))
}

#[derive(Template)]
#[template(path = "ui/campaign.html")]
struct CampaignPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    campaign: &'a Campaign,
    /// This page's links.
    links: Vec<LinkRow>,
    /// All the campaign's links.
    link_count: i64,
    page: u32,
    previous: Option<String>,
    next: Option<String>,
    /// The rename form's field: the name, or what was sent when refused.
    name: String,
    catalogue: &'a Catalogue,
    /// Channels without a link in this campaign yet.
    unused: Vec<&'a Channel>,
    /// Branded domains new links may be on (none: the field is left out), the base URL's
    /// host, and the domain offered first: that of the campaign's first link.
    domains: Vec<String>,
    base_host: &'a str,
    add_domain: String,
    error: FormError,
    settings: Settings,
    /// The report for the period chosen.
    report: CampaignReport,
    /// This page's links as lines ready to paste.
    copy_all: String,
    /// The report's live share links, for editors.
    shares: Vec<ShareLine>,
    /// The share link just made, shown this once.
    new_share: Option<String>,
}

impl CampaignPage<'_> {
    /// The report's choices of period.
    fn period_links(&self) -> Vec<PeriodLink> {
        let base = format!("/campaigns/{}", self.campaign.id);
        report_periods::links(&base, &self.report.period, None)
    }

    /// Where the form choosing a range of days goes: this page.
    fn range_action(&self) -> Option<String> {
        Some(format!("/campaigns/{}", self.campaign.id))
    }

    /// How a channel shares, privately or publicly, as the page's language says it; `None`
    /// for other channels (QR codes, print), as the kit shows them.
    fn reach_name(&self, key: &str) -> Option<String> {
        (self.catalogue.reach(key) != Reach::Other).then(|| self.catalogue.reach_label(key))
    }

    fn channel_label(&self, key: &str) -> String {
        self.catalogue.label(key)
    }

    /// The question before deleting the campaign doing `links` (`links` or `keeping`) with its
    /// links: it names them and says what becomes of them.
    fn delete_question(&self, links: &str) -> String {
        let n = self.link_count;
        i18n::current().text_with(
            &format!("campaign-delete-confirm-{links}"),
            &[
                ("name", self.campaign.name.as_str().into()),
                ("n", n.into()),
                ("count", i18n::count(n).into()),
            ],
        )
    }

    /// Where a change made from this page comes back to: this page, on the same period.
    fn back(&self) -> String {
        page_url(self.campaign.id, self.page, &self.report.period)
    }
}

/// Links shown on one page of a campaign: a kit makes about twenty, an import may make
/// thousands.
pub(super) const PAGE: i64 = 100;
/// Deep pages cost an OFFSET scan.
const MAX_PAGE: u32 = 10_000;

/// Page `page` of the campaign's links under the report for `period`: paging the links
/// keeps the period chosen (the default one goes unsaid), as choosing a period starts again
/// from the first page.
fn page_url(id: i64, page: u32, period: &ReportPeriod) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if page > 1 {
        query.append_pair("page", &page.to_string());
    }
    if *period != ReportPeriod::default() {
        query.extend_pairs(period.fields());
    }
    match query.finish() {
        q if q.is_empty() => format!("/campaigns/{id}"),
        q => format!("/campaigns/{id}?{q}"),
    }
}

#[derive(Deserialize)]
pub struct ShowQuery {
    /// 1-based.
    page: Option<u32>,
    /// The report's period: `7d`, `30d` (the default), `90d`, `all` (since the campaign
    /// began), or `from` and `to` as dates. (Not a flattened [`PeriodQuery`]: through
    /// `#[serde(flatten)]` the page's number would arrive as a string.)
    period: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// The campaign with id `raw`, or the page to answer instead.
pub(super) async fn find(state: &AppState, raw: &str) -> Result<Campaign, PageError> {
    let missing = || PageError::missing("campaign");
    let id = raw.parse::<i64>().map_err(|_| missing())?;
    state.db.campaign(id).await?.ok_or_else(missing)
}

pub async fn show(
    State(state): State<AppState>,
    mut viewer: Viewer,
    Path(id): Path<String>,
    Query(query): Query<ShowQuery>,
) -> Result<Response, PageError> {
    let campaign = find(&state, &id).await?;
    // A share link just made is shown in the page's own notice, not as a flash line.
    let mut shown = Shown::new(&campaign);
    let mut status = StatusCode::OK;
    let asked = PeriodQuery {
        period: query.period,
        from: query.from,
        to: query.to,
    };
    match asked.asked(&state.timezone) {
        Ok(period) => shown = shown.period(period.unwrap_or_default()),
        // The report for the default period, under the reason the one asked is none.
        Err(refusal) => {
            status = StatusCode::BAD_REQUEST;
            let said = super::forms::sentence(&refusal.localized());
            shown = shown.error(FormError::page(said));
        }
    }
    if let Some(Flash::ShareMade(url)) = viewer.flash.take_if(|f| matches!(f, Flash::ShareMade(_)))
    {
        shown = shown.new_share(url);
    }
    shown
        .page(query.page.unwrap_or(1))
        .render(&state, &viewer, status)
        .await
}

/// One page of a campaign as it is to be shown: which page, and what the forms hold.
pub(super) struct Shown<'a> {
    campaign: &'a Campaign,
    page: u32,
    error: FormError,
    /// As sent; the campaign's own when `None`.
    settings: Option<Settings>,
    name: String,
    period: ReportPeriod,
    new_share: Option<String>,
}

impl<'a> Shown<'a> {
    pub(super) fn new(campaign: &'a Campaign) -> Shown<'a> {
        Shown {
            campaign,
            page: 1,
            error: FormError::default(),
            settings: None,
            name: campaign.name.clone(),
            period: ReportPeriod::default(),
            new_share: None,
        }
    }

    /// The share link just made (its full URL), shown this once.
    pub(super) fn new_share(mut self, url: String) -> Self {
        self.new_share = Some(url);
        self
    }

    fn period(mut self, period: ReportPeriod) -> Self {
        self.period = period;
        self
    }

    pub(super) fn page(mut self, page: u32) -> Self {
        self.page = page.clamp(1, MAX_PAGE);
        self
    }

    /// A refusal, as the page says it.
    pub(super) fn error(mut self, error: FormError) -> Self {
        self.error = error;
        self
    }

    fn settings(mut self, settings: Settings) -> Self {
        self.settings = Some(settings);
        self
    }

    /// The rename form as it was sent.
    pub(super) fn name(mut self, name: String) -> Self {
        self.name = name;
        self
    }

    pub(super) async fn render(
        self,
        state: &AppState,
        viewer: &Viewer,
        status: StatusCode,
    ) -> Result<Response, PageError> {
        let campaign = self.campaign;
        let catalogue = state.db.channel_catalogue().await?;
        // Per channel, in the catalogue's order (private channels first), then oldest first;
        // one more than shown tells whether there is a next page.
        let order: Vec<&str> = catalogue.all().iter().map(|c| c.key.as_ref()).collect();
        let offset = i64::from(self.page - 1) * PAGE;
        let (links, summary, used, shares, domains) = tokio::try_join!(
            state
                .db
                .campaign_links(&campaign.name, &order, offset, PAGE + 1),
            state.db.campaign_summary(campaign.id),
            state.db.campaign_channels(&campaign.name),
            state.db.report_shares(campaign.id),
            state.db.domains(),
        )?;
        let link_count = summary.map_or(0, |s| s.links);
        let report = CampaignReport::build(state, campaign, &self.period, &catalogue).await?;
        let unused = catalogue
            .all()
            .iter()
            .filter(|c| !used.iter().any(|u| *u == c.key))
            .collect();
        let (links, more) = link_page(state, links, PAGE, viewer.timezone(state));
        let add_domain = links.first().map(|l| l.domain.clone()).unwrap_or_default();
        let copy_all = campaign_report::copy_all(&links, &catalogue);
        let page = self.page;
        let now = crate::clock::now_ms();
        Ok(render(
            status,
            &CampaignPage {
                section: "campaigns",
                viewer,
                campaign,
                links,
                link_count,
                page,
                previous: (page > 1).then(|| page_url(campaign.id, page - 1, &self.period)),
                next: more.then(|| page_url(campaign.id, page + 1, &self.period)),
                name: self.name,
                catalogue: &catalogue,
                unused,
                domains: domains.into_iter().map(|d| d.host).collect(),
                base_host: state.domains().base_host(),
                add_domain,
                error: self.error,
                settings: self
                    .settings
                    .unwrap_or_else(|| Settings::of(self.campaign, &state.base_url)),
                report,
                copy_all,
                shares: shares
                    .into_iter()
                    .map(|s| ShareLine::of(s, viewer.timezone(state), now))
                    .collect(),
                new_share: self.new_share,
            },
        ))
    }
}

/// More channels for an existing campaign: the share kit on it.
pub async fn add_links(
    State(state): State<AppState>,
    posted: CampaignForm<Pairs>,
) -> Result<Response, PageError> {
    let CampaignForm {
        viewer,
        campaign,
        form: pairs,
    } = &posted;
    let refuse = async |status, message| posted.refuse(&state, status, message).await;
    let catalogue = state.db.channel_catalogue().await?;
    let mut kit = state.share_kit(&catalogue);
    // The domain chosen (empty: the base URL's host); one not registered is refused.
    kit.domain = Some(pairs.get("domain"));
    // Channels that cannot be added are answered before anything is counted; then one link
    // per channel ticked, each counted against the creation limit.
    let added = match kit.chosen(&pairs.all("channel")) {
        Ok(chosen) => {
            if let Some(message) = creation_limited(&state, viewer, chosen.len()) {
                let limited = FormError::page(message);
                return refuse(StatusCode::TOO_MANY_REQUESTS, limited).await;
            }
            kit.add(campaign, &chosen).await
        }
        Err(refusal) => Err(refusal),
    };
    match added {
        Ok(links) => {
            let to = format!("/campaigns/{}", campaign.id);
            let added = Flash::LinksAdded(links.len().to_string());
            Ok(flash::redirect(viewer, &to, &added))
        }
        Err(refusal) => {
            let (status, error) = FormError::refused(refusal, &["domain", "channel"])?;
            refuse(status, error).await
        }
    }
}

/// Changes the destination, themes, UTM setting and card that new links of the campaign get;
/// the card's image may be uploaded with the form, as in the share kit.
pub async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    posted: FileForm,
) -> Result<Response, PageError> {
    let pairs = &posted.fields;
    viewer.check_editor_form(&pairs.get("csrf"))?;
    let campaign = find(&state, &id).await?;
    let mut sent = Settings::sent(pairs);
    // A refused form keeps no image: the form says to choose it again.
    sent.card.lost = posted.sent_image();
    posted
        .answer(&state.db, async |image| {
            let saved = match image {
                Ok(reference) => {
                    let input = sent.input(campaign.name.clone(), pairs, reference);
                    edit::save(&state.db, state.link_checks(), campaign.id, &input).await
                }
                Err(refusal) => Err(refusal),
            };
            let (status, error) = match saved {
                Ok(_) => {
                    let to = format!("/campaigns/{}", campaign.id);
                    let saved = flash::redirect(&viewer, &to, &Flash::CampaignSaved);
                    return Ok(Answer::Named(saved));
                }
                Err(refusal) => FormError::refused(refusal, Settings::FIELDS)?,
            };
            let page = Shown::new(&campaign)
                .settings(sent)
                .error(error)
                .render(&state, &viewer, status)
                .await?;
            Ok(Answer::Unnamed(page))
        })
        .await
}
