//! The dashboard's filter form, and the page it answers when a filter names a link, campaign
//! or channel that is not there: that said plainly, with the form to choose again.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;

use super::{PageError, Viewer};
use crate::app::AppState;
use crate::db::stats::Choices;
use crate::i18n;
use crate::links::catalogue::Catalogue;
use crate::routes::pages::render;
use crate::stats::FilterQuery;
use crate::stats::names::Unknown;

/// What the filter form shows: the filters asked and the choices of its lists.
pub(super) struct Filters<'a> {
    pub query: &'a FilterQuery,
    pub choices: Choices,
    pub catalogue: &'a Catalogue,
    /// The channel filtered on, by its key (the query may name it by label).
    pub channel: Option<String>,
}

impl Filters<'_> {
    /// The period chosen, the default one when none is.
    fn period(&self) -> &str {
        self.query.period.as_deref().unwrap_or("30d")
    }

    /// Whether `p` is the period chosen (templates pass it by reference).
    pub(super) fn is_period(&self, p: &&str) -> bool {
        self.period() == *p
    }

    /// Whether `name` is the campaign chosen, asked in any letter case as the filter takes it.
    pub(super) fn campaign_chosen(&self, name: &str) -> bool {
        let folded = crate::campaigns::folded_name;
        (self.query.campaign.as_deref()).is_some_and(|asked| folded(asked) == folded(name))
    }

    /// Whether `key` is the channel chosen, asked by key or label as the filter takes it.
    pub(super) fn channel_chosen(&self, key: &str) -> bool {
        self.channel.as_deref() == Some(key)
    }
}

/// The dashboard when its filter names nothing: no figures (they would all be zeros), the
/// reason, and the form.
#[derive(Template)]
#[template(path = "ui/dashboard_unknown.html")]
struct UnknownPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    notice: String,
    filters: Filters<'a>,
}

/// The dashboard asked with a filter that names nothing: a 404, as the API answers, since the
/// address names something that is not there; the page still offers the form to choose again.
pub(super) async fn unknown_page(
    state: &AppState,
    viewer: &Viewer,
    query: &FilterQuery,
    unknown: &Unknown,
) -> Result<Response, PageError> {
    let db = state.reads.db();
    let (choices, catalogue) = tokio::try_join!(db.filter_choices(), db.channel_catalogue())?;
    let page = UnknownPage {
        section: "dashboard",
        viewer,
        notice: notice(unknown),
        filters: Filters {
            query,
            choices,
            catalogue: &catalogue,
            channel: None,
        },
    };
    Ok(render(StatusCode::NOT_FOUND, &page))
}

/// What the page says of a filter that names nothing, and what to do about it.
fn notice(unknown: &Unknown) -> String {
    match unknown {
        Unknown::Link(key) => i18n::t1("dashboard-no-such-link", "link", key),
        Unknown::Campaign(name) => i18n::t1("dashboard-no-such-campaign", "campaign", name),
        Unknown::Channel(given, _) => i18n::t1("dashboard-no-such-channel", "channel", given),
    }
}
