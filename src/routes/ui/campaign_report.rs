//! A campaign's page as the report an agency hands its client: for a period, the campaign's
//! clicks, dark share, shares detected and mobile share of dark clicks against the period
//! before, its trend, and per declared channel (every one the campaign has a link on, with
//! or without clicks) the clicks, dark share, leakage, shares by platform and a sparkline.

use std::collections::BTreeMap;

use super::compare::{self, Delta};
use super::view::{LinkRow, reach_class};
use crate::app::AppState;
use crate::campaigns::period::ReportPeriod;
use crate::campaigns::{Campaign, agency};
use crate::i18n::{self, t};
use crate::links::catalogue::Catalogue;
use crate::links::channels::Reach;
use crate::stats::compare::{Summary, previous};
use crate::stats::report::{ChannelRow, MOBILE_BENCHMARK};
use crate::stats::{Filter, Report, trends};

/// One declared channel's line of the report, written for the page.
pub struct ChannelLine {
    pub label: String,
    pub reach_class: &'static str,
    /// How the channel shares, privately or publicly; `None` for other channels (QR codes,
    /// print) and links without one, as the kit shows them.
    pub reach: Option<String>,
    pub clicks: String,
    pub dark_share: String,
    /// A public channel's dark share; a dash for others.
    pub leakage: String,
    pub shares: String,
    pub sparkline: String,
}

pub struct CampaignReport {
    pub period: ReportPeriod,
    /// Its first and last days (`YYYY-MM-DD`).
    pub days: (String, String),
    pub clicks: String,
    /// The changes since the period before, when it is compared with one.
    pub clicks_delta: Option<Delta>,
    pub dark_share: String,
    pub dark_delta: Option<Delta>,
    pub shares: String,
    pub shares_delta: Option<Delta>,
    /// Phones and tablets among dark clicks, beside the benchmark the report cites.
    pub mobile_dark: String,
    pub mobile_delta: Option<Delta>,
    pub mobile_benchmark: String,
    /// The period's first and last days, as the page writes them (printed, where the choice
    /// of period is not).
    pub covers: String,
    /// When the report was made, in the server's time zone, for a printed copy.
    pub made: String,
    /// The period before, as the page names it, when it is compared with one.
    pub compared_with: Option<String>,
    pub chart: String,
    pub channels: Vec<ChannelLine>,
    /// The channels' table's caption: the campaign and the period, which a screen reader's
    /// list of tables says without the headings around it.
    pub channels_caption: String,
    /// Each link's clicks in the period, by its stats key (slug, or host/slug).
    pub link_clicks: BTreeMap<String, i64>,
    /// The agency that prepared it (Settings → Agency), if named.
    pub agency: Option<String>,
}

impl CampaignReport {
    pub async fn build(
        state: &AppState,
        campaign: &Campaign,
        period: &ReportPeriod,
        catalogue: &Catalogue,
    ) -> sqlx::Result<CampaignReport> {
        let filter = period_filter(state, campaign, period).await?;
        // Since the campaign began, the period as long before it holds nothing to compare.
        let before_filter = period.compared().then(|| previous(&filter));
        let before = async {
            match &before_filter {
                Some(f) => Summary::build(state.reads.db(), f).await.map(Some),
                None => Ok(None),
            }
        };
        // The agency's name from the primary: a name just saved is on the next report.
        let (report, before, trends, declared, agency_name) = tokio::try_join!(
            Report::build(state.reads.db(), &filter),
            before,
            trends::channel_clicks(state.reads.db(), &filter),
            state.reads.db().campaign_channels(&campaign.name),
            agency::name(&state.db),
        )?;
        let no_clicks = vec![0; report.days.len()];
        let channels = every_channel(&report.channels, &declared, catalogue)
            .iter()
            .map(|c| {
                let trend = trends.get(&c.channel).unwrap_or(&no_clicks);
                channel_line(c, catalogue, trend)
            })
            .collect();
        let day_of = |ms: i64| {
            jiff::Timestamp::from_millisecond(ms)
                .map(|t| t.to_zoned(filter.timezone.clone()).date().to_string())
                .unwrap_or_default()
        };
        let (first, last) = (day_of(filter.from), day_of(filter.to - 1));
        let b = before.as_ref();
        Ok(CampaignReport {
            period: period.clone(),
            days: (first.clone(), last.clone()),
            covers: i18n::t2(
                "report-period",
                "from",
                i18n::date(&first),
                "to",
                i18n::date(&last),
            ),
            made: i18n::t2(
                "report-made",
                "when",
                super::view::date_time(crate::clock::now_ms(), &state.timezone),
                "zone",
                state.timezone.as_str(),
            ),
            clicks: i18n::count(report.total.clicks),
            clicks_delta: b.map(|b| compare::count(report.total.clicks, b.total.clicks)),
            dark_share: i18n::pct(report.total.dark_share()),
            dark_delta: b
                .and_then(|b| compare::share(report.total.dark_share(), b.total.dark_share())),
            shares: i18n::count(report.total.previews),
            shares_delta: b.map(|b| compare::count(report.total.previews, b.total.previews)),
            mobile_dark: i18n::pct(report.mobile_share_dark),
            mobile_delta: b
                .and_then(|b| compare::share(report.mobile_share_dark, b.mobile_share_dark)),
            mobile_benchmark: i18n::pct(Some(MOBILE_BENCHMARK)),
            compared_with: b.map(|b| {
                i18n::t2(
                    "compare-period-report",
                    "from",
                    i18n::date(&b.from),
                    "to",
                    i18n::date(&b.to),
                )
            }),
            chart: super::chart::days(&report.days, report.bucket, b.map(|b| &b.days[..])),
            channels,
            channels_caption: i18n::current().text_with(
                "report-channels-caption",
                &[
                    ("campaign", i18n::Arg::from(&campaign.name)),
                    ("from", i18n::Arg::from(i18n::date(&first))),
                    ("to", i18n::Arg::from(i18n::date(&last))),
                ],
            ),
            link_clicks: report
                .links
                .iter()
                .map(|r| (r.key.clone(), r.split.clicks))
                .collect(),
            agency: agency_name,
        })
    }

    /// The dashboard's address for the campaign over the report's days (it has no "since the
    /// campaign began": the days it covers).
    pub fn dashboard_query(&self) -> String {
        match &self.period {
            ReportPeriod::Since => ReportPeriod::Range {
                from: self.days.0.clone(),
                to: self.days.1.clone(),
            }
            .query(),
            other => other.query(),
        }
    }

    /// The line under the campaign's name saying who prepared the report and for whom, as
    /// far as each is known: the agency's name, and `for_whom` (a share link's client).
    pub fn byline(&self, for_whom: Option<&str>) -> Option<String> {
        byline(self.agency.as_deref(), for_whom)
    }

    /// A link's clicks in the period, written for the page.
    pub fn clicks_of(&self, link: &super::view::LinkRow) -> String {
        i18n::count(
            self.link_clicks
                .get(&link.stats_key())
                .copied()
                .unwrap_or(0),
        )
    }
}

/// The campaign's hits over `period`, in the instance's time zone. A campaign began when it
/// was made, or when its first link was if that is older.
async fn period_filter(
    state: &AppState,
    campaign: &Campaign,
    period: &ReportPeriod,
) -> sqlx::Result<Filter> {
    let tz = jiff::tz::TimeZone::get(&state.timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    let day = |ms: i64| {
        jiff::Timestamp::from_millisecond(ms)
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
            .to_zoned(tz.clone())
            .date()
    };
    let began = match period {
        ReportPeriod::Since => (state.reads.db())
            .campaign_first_link(&campaign.name)
            .await?
            .map_or(campaign.created_at, |first| first.min(campaign.created_at)),
        _ => campaign.created_at,
    };
    let query = crate::stats::FilterQuery {
        campaign: Some(campaign.name.clone()),
        ..period.filter_query(day(began), day(crate::clock::now_ms()))
    };
    // The server's zone is a known one (checked at start), and the period checked when asked.
    query
        .filter(&state.timezone)
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))
}

/// "Prepared by {agency} for {who}", or by or for alone, in the page's language; nothing
/// when neither is known.
fn byline(agency: Option<&str>, for_whom: Option<&str>) -> Option<String> {
    Some(match (agency, for_whom) {
        (Some(agency), Some(who)) => i18n::t2("report-by-for", "agency", agency, "who", who),
        (Some(agency), None) => i18n::t1("report-by", "agency", agency),
        (None, Some(who)) => i18n::t1("share-for", "who", who),
        (None, None) => return None,
    })
}

/// The channels of the report: those with clicks or shares detected in the period, busiest
/// first, then every other channel the campaign has a link on, with nothing, in the
/// catalogue's order. A client who paid for posters reads "0" on the QR / print line, rather
/// than finding no line at all.
fn every_channel(
    counted: &[ChannelRow],
    declared: &[String],
    catalogue: &Catalogue,
) -> Vec<ChannelRow> {
    let mut rows: Vec<ChannelRow> = counted
        .iter()
        .filter(|c| c.split.clicks > 0 || c.split.previews > 0)
        .cloned()
        .collect();
    let mut quiet: Vec<&String> = declared
        .iter()
        .filter(|d| !d.is_empty() && !rows.iter().any(|r| r.channel == **d))
        .collect();
    let position = |key: &str| catalogue.all().iter().position(|c| c.key.as_ref() == key);
    quiet.sort_by_key(|key| (position(key).unwrap_or(usize::MAX), (*key).clone()));
    rows.extend(
        quiet
            .into_iter()
            .map(|key| ChannelRow::without_hits(key, catalogue)),
    );
    rows
}

fn channel_line(c: &ChannelRow, catalogue: &Catalogue, trend: &[i64]) -> ChannelLine {
    let reach = catalogue.reach(&c.channel);
    let label = if c.channel == "(none)" {
        t("campaign-no-channel")
    } else {
        catalogue.label(&c.channel)
    };
    ChannelLine {
        sparkline: super::chart::sparkline(trend, &label),
        label,
        reach_class: reach_class(reach),
        reach: (reach != Reach::Other).then(|| catalogue.reach_label(&c.channel)),
        clicks: i18n::count(c.split.clicks),
        dark_share: i18n::pct(c.split.dark_share()),
        leakage: i18n::pct(c.leakage),
        shares: c
            .shares
            .iter()
            .map(|s| {
                format!(
                    "{} {}",
                    super::tables::platform_name(&s.platform),
                    i18n::count(s.previews)
                )
            })
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

/// Every link of the page as lines ready to paste into a brief: `Channel: short URL`, with
/// the page language's punctuation (`Canal : …` in French).
pub fn copy_all(links: &[LinkRow], catalogue: &Catalogue) -> String {
    links
        .iter()
        .map(|l| {
            let channel = if l.channel.is_empty() {
                t("campaign-no-channel")
            } else {
                catalogue.label(&l.channel)
            };
            crate::i18n::t2(
                "campaign-copy-line",
                "channel",
                channel,
                "url",
                &l.short_url,
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::byline;
    use crate::i18n::{Locale, sync_scope};

    fn bylines(tag: &str) -> [Option<String>; 4] {
        sync_scope(Locale::get(tag).unwrap(), || {
            [
                byline(Some("Agence Lumière"), Some("Maison Dupont")),
                byline(Some("Agence Lumière"), None),
                byline(None, Some("Maison Dupont")),
                byline(None, None),
            ]
        })
    }

    #[test]
    fn a_report_says_who_prepared_it_and_for_whom_in_its_language() {
        assert_eq!(
            bylines("fr"),
            [
                Some("Préparé par Agence Lumière pour Maison Dupont".to_owned()),
                Some("Préparé par Agence Lumière".to_owned()),
                Some("Préparé pour Maison Dupont".to_owned()),
                None,
            ]
        );
        assert_eq!(
            bylines("en"),
            [
                Some("Prepared by Agence Lumière for Maison Dupont".to_owned()),
                Some("Prepared by Agence Lumière".to_owned()),
                Some("Prepared for Maison Dupont".to_owned()),
                None,
            ]
        );
    }
}
