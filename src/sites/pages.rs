//! A site's pages and what their readers did: views by source, shares by method, arrivals
//! per share, generations, and the Google-Analytics heuristic beside the refined dark share.
//! Plain data; the counts come from `db/site_events.rs`.

use std::collections::BTreeMap;

/// One page of a site over a period. Only people count: previews and bots are left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageFigures {
    /// Origin and path.
    pub url: String,
    /// Every view: stored ones and those of visitors who asked not to be tracked.
    pub views: i64,
    /// Views of visitors who asked not to be tracked: counted, nothing else kept.
    pub private_views: i64,
    /// Arrivals (views not reached from another page of the site) by source.
    pub dark: i64,
    pub public: i64,
    pub search: i64,
    pub referral: i64,
    /// Views reached from another page of the same site.
    pub internal: i64,
    /// Arrivals with no referrer at all: what Google Analytics calls "direct".
    pub direct: i64,
    /// Arrivals that carried another view's id: a copied address opened.
    pub address_bar_shares: i64,
    /// Views whose address was opened by someone else: shares seen through the address bar.
    pub shared_views: i64,
    pub copies: i64,
    /// Uses of the share buttons, by channel.
    pub button_shares: BTreeMap<String, i64>,
    /// Clicks on the page's share-button links.
    pub share_clicks: i64,
    /// Views by generation: `[0]` arrived without an id, `[1]` from a generation-0 view's
    /// address, and so on.
    pub generations: Vec<i64>,
}

impl PageFigures {
    /// Views of people not reached from another page of the site.
    pub fn arrivals(&self) -> i64 {
        self.dark + self.public + self.search + self.referral
    }

    /// Dark arrivals among arrivals: the refined dark share.
    pub fn dark_share(&self) -> Option<f64> {
        share(self.dark, self.arrivals())
    }

    /// Whether the page is deeper than the home page: nobody types a deep URL, so a direct
    /// arrival there was most likely shared privately.
    pub fn is_deep(&self) -> bool {
        url::Url::parse(&self.url).is_ok_and(|u| u.path() != "/")
    }

    /// The Google-Analytics heuristic: direct arrivals on a deep URL.
    pub fn direct_deep(&self) -> i64 {
        if self.is_deep() { self.direct } else { 0 }
    }

    pub fn button_share_total(&self) -> i64 {
        self.button_shares.values().sum()
    }

    /// Shares made: views whose address someone opened, and share-button uses.
    pub fn shares(&self) -> i64 {
        self.shared_views + self.button_share_total()
    }

    /// Arrivals from shares (copied addresses opened, share links clicked) per share made.
    pub fn virality(&self) -> Option<f64> {
        share(self.address_bar_shares + self.share_clicks, self.shares())
    }

    /// Adds another page's figures (for a site's totals).
    pub fn add(&mut self, other: &PageFigures) {
        self.views += other.views;
        self.private_views += other.private_views;
        self.dark += other.dark;
        self.public += other.public;
        self.search += other.search;
        self.referral += other.referral;
        self.internal += other.internal;
        self.direct += other.direct;
        self.address_bar_shares += other.address_bar_shares;
        self.shared_views += other.shared_views;
        self.copies += other.copies;
        for (channel, n) in &other.button_shares {
            *self.button_shares.entry(channel.clone()).or_default() += n;
        }
        self.share_clicks += other.share_clicks;
        if self.generations.len() < other.generations.len() {
            self.generations.resize(other.generations.len(), 0);
        }
        for (mine, theirs) in self.generations.iter_mut().zip(&other.generations) {
            *mine += theirs;
        }
    }
}

/// A site's pages, busiest first, and their sum.
#[derive(Debug, Clone, Default)]
pub struct SitePages {
    pub pages: Vec<PageFigures>,
    /// Every page of the period, also those past the list's limit.
    pub total: PageFigures,
    /// Direct arrivals on deep URLs, over the whole site.
    pub direct_deep: i64,
}

impl SitePages {
    /// Orders `pages` busiest first (then by URL) and sums them, before keeping `limit`.
    pub fn new(mut pages: Vec<PageFigures>, limit: usize) -> SitePages {
        pages.sort_by(|a, b| b.views.cmp(&a.views).then_with(|| a.url.cmp(&b.url)));
        let mut total = PageFigures::default();
        let mut direct_deep = 0;
        for page in &pages {
            total.add(page);
            direct_deep += page.direct_deep();
        }
        pages.truncate(limit);
        SitePages {
            pages,
            total,
            direct_deep,
        }
    }
}

fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, views: i64, direct: i64) -> PageFigures {
        PageFigures {
            url: url.into(),
            views,
            dark: direct,
            direct,
            ..PageFigures::default()
        }
    }

    #[test]
    fn direct_arrivals_count_for_the_heuristic_only_on_deep_urls() {
        let pages = SitePages::new(
            vec![
                page("https://news.example/", 10, 4),
                page("https://news.example/a/story", 7, 3),
                page("https://news.example/b", 12, 2),
            ],
            2,
        );
        let urls: Vec<&str> = pages.pages.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(urls, ["https://news.example/b", "https://news.example/"]);
        assert_eq!(
            pages.direct_deep, 5,
            "the home page's direct arrivals are typed"
        );
        assert_eq!(
            pages.total.views, 29,
            "the total covers pages past the limit"
        );
        assert_eq!(pages.total.direct, 9);
    }

    #[test]
    fn virality_is_arrivals_from_shares_per_share() {
        let mut figures = PageFigures {
            url: "https://news.example/a".into(),
            address_bar_shares: 5,
            shared_views: 2,
            share_clicks: 4,
            button_shares: [("whatsapp".to_owned(), 1)].into(),
            ..PageFigures::default()
        };
        assert_eq!(figures.virality(), Some(3.0));
        let other = PageFigures {
            generations: vec![3, 2, 1],
            button_shares: [("whatsapp".to_owned(), 2), ("x".to_owned(), 1)].into(),
            ..PageFigures::default()
        };
        figures.generations = vec![1];
        figures.add(&other);
        assert_eq!(figures.generations, [4, 2, 1]);
        assert_eq!(figures.button_shares["whatsapp"], 3);
        assert_eq!(figures.shares(), 6);
        assert_eq!(PageFigures::default().virality(), None);
    }
}
