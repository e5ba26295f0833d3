//! Read-only links to a campaign's report for a client: a random secret in the URL, kept only
//! as its digest; written in the language its maker chose, naming who it is for if asked,
//! lapsing after a while if asked, revocable.

use serde::Deserialize;

use crate::auth::{hash_token, session};
use crate::clock::now_ms;
use crate::db::Db;
use crate::db::report_shares::{NewShare, ShareRow};
use crate::i18n::Locale;

use super::period::ReportPeriod;

/// Where shared reports are served: `{base}/shared/{secret}`.
pub const PATH: &str = "/shared/";

/// The longest label a share link keeps (who it is for).
pub const LABEL_MAX: usize = 100;

const DAY_MS: i64 = 86_400_000;

/// How long a share link opens its report: a campaign's report is usually handed over for the
/// weeks after it, or for a client's quarter or year, rather than to a set day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum Lapse {
    #[default]
    #[serde(rename = "")]
    Never,
    #[serde(rename = "30")]
    Days30,
    #[serde(rename = "90")]
    Days90,
    #[serde(rename = "365")]
    Days365,
}

impl Lapse {
    /// Every choice, in the order the form offers them.
    pub const ALL: [Lapse; 4] = [Lapse::Never, Lapse::Days30, Lapse::Days90, Lapse::Days365];

    /// Its value in the form.
    pub fn value(self) -> &'static str {
        match self {
            Lapse::Never => "",
            Lapse::Days30 => "30",
            Lapse::Days90 => "90",
            Lapse::Days365 => "365",
        }
    }

    /// The message naming it (`share-lapse-30`).
    pub fn message(self) -> &'static str {
        match self {
            Lapse::Never => "share-lapse-never",
            Lapse::Days30 => "share-lapse-30",
            Lapse::Days90 => "share-lapse-90",
            Lapse::Days365 => "share-lapse-365",
        }
    }

    /// When a link made at `now` stops opening the report, if ever.
    pub fn expires_at(self, now: i64) -> Option<i64> {
        let days = match self {
            Lapse::Never => return None,
            Lapse::Days30 => 30,
            Lapse::Days90 => 90,
            Lapse::Days365 => 365,
        };
        Some(now + days * DAY_MS)
    }
}

/// What the maker of a share link asks for.
#[derive(Debug, Clone, Default)]
pub struct ShareChoices {
    /// Who it is for (trimmed, cut at [`LABEL_MAX`] characters).
    pub label: String,
    /// Whether the report says who it is for.
    pub label_on_report: bool,
    /// The report's language.
    pub language: Locale,
    pub lapse: Lapse,
    /// The period the report opens on; none, the reader's choice.
    pub period: Option<ReportPeriod>,
}

/// Makes a share link to campaign `campaign_id` and returns its secret, the only time it
/// exists in clear.
pub async fn create(
    db: &Db,
    campaign_id: i64,
    made_by: &str,
    choices: &ShareChoices,
) -> sqlx::Result<String> {
    let secret = session::secret();
    let label: String = choices.label.trim().chars().take(LABEL_MAX).collect();
    let now = now_ms();
    let period = choices.period.as_ref().map(ReportPeriod::spec);
    let share = NewShare {
        period: period.as_deref().unwrap_or_default(),
        // Nothing to show when no one is named.
        label_on_report: choices.label_on_report && !label.is_empty(),
        label: &label,
        language: &choices.language.tag(),
        expires_at: choices.lapse.expires_at(now),
    };
    db.insert_report_share(campaign_id, &hash_token(&secret), made_by, &share, now)
        .await?;
    Ok(secret)
}

/// A share link that opens its report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub campaign_id: i64,
    /// The language its maker chose; `None` for links made before there was a choice, which
    /// follow the reader's browser.
    pub language: Option<Locale>,
    /// Who it is for, when the report is to say so.
    pub for_whom: Option<String>,
    /// The period its maker chose the report to open on; `None` for links that keep none.
    pub period: Option<ReportPeriod>,
}

/// What a share link's secret opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareLookup {
    Live(Shared),
    /// A link revoked or expired: the client is told it is no longer shared, in the link's
    /// language if it has one.
    Gone(Option<Locale>),
    /// No link has this secret.
    Unknown,
}

impl ShareLookup {
    /// What the stored link `row` opens at `now`.
    pub fn of(row: Option<ShareRow>, now: i64) -> ShareLookup {
        let Some(row) = row else {
            return ShareLookup::Unknown;
        };
        let language = Locale::get(&row.language).filter(|_| !row.language.is_empty());
        let expired = row.expires_at.is_some_and(|at| at <= now);
        if row.revoked_at.is_some() || expired {
            return ShareLookup::Gone(language);
        }
        ShareLookup::Live(Shared {
            period: ReportPeriod::of_spec(&row.period),
            campaign_id: row.campaign_id,
            language,
            for_whom: (row.label_on_report && !row.label.is_empty()).then_some(row.label),
        })
    }
}

/// What the secret `secret` opens now. Anything but 32 letters and digits is no secret of
/// ours, and costs no query.
pub async fn open(db: &Db, secret: &str) -> sqlx::Result<ShareLookup> {
    if secret.len() != 32 || !secret.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Ok(ShareLookup::Unknown);
    }
    let row = db.report_share(&hash_token(secret)).await?;
    Ok(ShareLookup::of(row, now_ms()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> ShareRow {
        ShareRow {
            campaign_id: 7,
            revoked_at: None,
            expires_at: None,
            language: "fr".into(),
            label: "Maison Dupont".into(),
            label_on_report: true,
            period: "2026-12-01..2026-12-07".into(),
        }
    }

    #[test]
    fn a_live_link_opens_its_campaign_in_its_language_for_whom_it_names() {
        let ShareLookup::Live(shared) = ShareLookup::of(Some(row()), 1_000) else {
            panic!("not live");
        };
        assert_eq!(shared.campaign_id, 7);
        assert_eq!(shared.language, Locale::get("fr"));
        assert_eq!(shared.for_whom.as_deref(), Some("Maison Dupont"));
        let december = ReportPeriod::Range {
            from: "2026-12-01".into(),
            to: "2026-12-07".into(),
        };
        assert_eq!(shared.period, Some(december));
    }

    #[test]
    fn a_label_kept_off_the_report_is_not_shown_and_older_links_follow_the_reader() {
        let older = ShareRow {
            language: String::new(),
            label_on_report: false,
            ..row()
        };
        let ShareLookup::Live(shared) = ShareLookup::of(Some(older), 1_000) else {
            panic!("not live");
        };
        assert_eq!(shared.language, None);
        assert_eq!(shared.for_whom, None);
    }

    #[test]
    fn an_expired_link_is_gone_as_a_revoked_one_is() {
        let lapsing = ShareRow {
            expires_at: Some(1_000),
            ..row()
        };
        assert!(matches!(
            ShareLookup::of(Some(lapsing.clone()), 999),
            ShareLookup::Live(_)
        ));
        let gone = ShareLookup::Gone(Locale::get("fr"));
        assert_eq!(ShareLookup::of(Some(lapsing), 1_000), gone);
        let revoked = ShareRow {
            revoked_at: Some(5),
            ..row()
        };
        assert_eq!(ShareLookup::of(Some(revoked), 1_000), gone);
        assert_eq!(ShareLookup::of(None, 1_000), ShareLookup::Unknown);
    }

    #[test]
    fn lapses_count_whole_days_from_the_making() {
        assert_eq!(Lapse::Never.expires_at(5), None);
        assert_eq!(Lapse::Days30.expires_at(0), Some(30 * DAY_MS));
        assert_eq!(Lapse::Days365.expires_at(0), Some(365 * DAY_MS));
    }
}
