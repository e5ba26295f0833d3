//! A site's views by UTM campaign: for each (utm_source, utm_medium, utm_campaign) of the
//! period's views, the arrivals by source as the pages table splits them, so that an agency
//! sees which campaign's readers pass the page on privately. Plain data; the counts come
//! from `db/site_utm.rs`, one `GROUP BY` over the tags the events endpoint stored.

use crate::hits::event::UtmTags;

/// The views of one combination of tags over a period. Views whose address had none of the
/// three tags are one row too, all three `None`: the page calls it "(none)", so that the
/// rows add up to the views stored. Visitors who asked not to be tracked are not in it
/// (only a count per page is kept of them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UtmFigures {
    pub tags: UtmTags,
    /// People's views, arrivals and navigations within the site alike.
    pub views: i64,
    /// Arrivals (views not reached from another page of the site) by source.
    pub dark: i64,
    pub public: i64,
    pub search: i64,
    pub referral: i64,
}

impl UtmFigures {
    pub fn arrivals(&self) -> i64 {
        self.dark + self.public + self.search + self.referral
    }

    /// Dark arrivals among arrivals, as the pages table's dark share.
    pub fn dark_share(&self) -> Option<f64> {
        let arrivals = self.arrivals();
        (arrivals > 0).then(|| self.dark as f64 / arrivals as f64)
    }

    /// Whether the views carried no tag at all.
    pub fn untagged(&self) -> bool {
        self.tags == UtmTags::default()
    }

    fn add(&mut self, other: &UtmFigures) {
        self.views += other.views;
        self.dark += other.dark;
        self.public += other.public;
        self.search += other.search;
        self.referral += other.referral;
    }
}

/// A site's campaigns, busiest first, and their sum.
#[derive(Debug, Clone, Default)]
pub struct SiteCampaigns {
    pub rows: Vec<UtmFigures>,
    /// Every row of the period, also those past the list's limit; its tags are none.
    pub total: UtmFigures,
}

impl SiteCampaigns {
    /// Orders `rows` by views (then by source, medium and campaign, untagged first among
    /// equals) and sums them, before keeping `limit`.
    pub fn new(mut rows: Vec<UtmFigures>, limit: usize) -> SiteCampaigns {
        rows.sort_by(|a, b| {
            b.views.cmp(&a.views).then_with(|| {
                let key = |f: &UtmFigures| {
                    (
                        f.tags.source.clone(),
                        f.tags.medium.clone(),
                        f.tags.campaign.clone(),
                    )
                };
                key(a).cmp(&key(b))
            })
        });
        let mut total = UtmFigures::default();
        for row in &rows {
            total.add(row);
        }
        rows.truncate(limit);
        SiteCampaigns { rows, total }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(campaign: Option<&str>, views: i64, dark: i64, public: i64) -> UtmFigures {
        UtmFigures {
            tags: UtmTags {
                source: campaign.map(|_| "news".to_owned()),
                medium: None,
                campaign: campaign.map(str::to_owned),
            },
            views,
            dark,
            public,
            ..UtmFigures::default()
        }
    }

    #[test]
    fn campaigns_are_busiest_first_and_summed_past_the_limit() {
        let campaigns = SiteCampaigns::new(
            vec![
                row(Some("spring"), 5, 4, 1),
                row(None, 9, 3, 3),
                row(Some("autumn"), 5, 1, 0),
            ],
            2,
        );
        let names: Vec<Option<&str>> = campaigns
            .rows
            .iter()
            .map(|r| r.tags.campaign.as_deref())
            .collect();
        assert_eq!(names, [None, Some("autumn")]);
        assert!(campaigns.rows[0].untagged());
        assert_eq!(campaigns.total.views, 19);
        assert_eq!(campaigns.total.dark, 8);
        assert_eq!(row(Some("spring"), 5, 4, 1).dark_share(), Some(0.8));
        assert_eq!(row(Some("spring"), 2, 0, 0).dark_share(), None);
    }
}
