//! Reports have bounds: a custom period is at most five years, both of its ends are given,
//! and each is a real date; anything else is a 422 that says why, answered at once rather
//! than after building a report of every day in ten thousand years.

use std::time::{Duration, Instant};

use lanterne::auth::Role;

use crate::both;
use crate::helpers::TestApp;

/// Periods the API and the dashboard's CSV export refuse, with a word of each refusal.
const REFUSED: [(&str, &str); 6] = [
    ("from=0001-01-01&to=9999-12-30", "at most 1,827 days"),
    ("from=2000-01-01&to=2026-01-01", "at most 1,827 days"),
    ("from=2026-01-01", "from needs to"),
    ("to=2026-01-01", "to needs from"),
    ("from=2026-01-01&to=", "from needs to"),
    ("from=2026-02-30&to=2026-03-01", "is not a date"),
];

async fn custom_periods_are_bounded_and_whole(app: &TestApp) {
    for (period, why) in REFUSED {
        let started = Instant::now();
        let response = app
            .http
            .get(app.url(&format!("/api/v1/stats?group_by=day&{period}")))
            .bearer_auth(&app.token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{period}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{period} took {:?}",
            started.elapsed()
        );
        let body = response.text().await.unwrap();
        assert!(body.contains(why), "{period}: {body}");
    }
    let browser = app.signed_in("analyst@example.com", Role::Analyst).await;
    for (period, _) in REFUSED {
        let response = browser
            .get(&format!("/dashboard/export.csv?table=days&{period}"))
            .await;
        assert_eq!(response.status(), 422, "export {period}");
    }
    // Five years is a report, one row a day.
    let (status, stats) = app
        .api(
            reqwest::Method::GET,
            "/stats?group_by=day&from=2021-01-01&to=2025-12-31",
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(stats["rows"].as_array().unwrap().len(), 1826);
}
both!(custom_periods_are_bounded_and_whole);
