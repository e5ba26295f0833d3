//! Links made before their domain was blocked (`LANTERNE_BLOCKED_DOMAINS`): named at start;
//! the redirect answers them 410 Gone, as it reads them ([`super::cache::Target::from_row`]).

use std::collections::HashSet;

use crate::db::Db;

/// How many links the start names in its log; the others are counted.
const NAMED: usize = 10;

/// Logs how many links point at one of the `blocked` domains, and the first few of them.
pub async fn report(db: &Db, blocked: &[String]) {
    let mut found: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for domain in blocked {
        let rows = match db.links_maybe_on_domain(domain).await {
            Ok(rows) => rows,
            Err(err) => {
                tracing::warn!(error = %err, "could not count the links to blocked domains");
                return;
            }
        };
        let domain = std::slice::from_ref(domain);
        for (host, slug, url) in rows {
            let link = if host.is_empty() {
                slug
            } else {
                format!("{host}/{slug}")
            };
            if super::destination::on_domains(&url, domain) && seen.insert(link.clone()) {
                found.push(link);
            }
        }
    }
    if found.is_empty() {
        return;
    }
    let n = found.len();
    let mut named = found[..n.min(NAMED)].join(", ");
    if n > NAMED {
        named.push_str(&format!(" and {} more", n - NAMED));
    }
    tracing::warn!(
        links = n,
        "{n} links point at a domain of LANTERNE_BLOCKED_DOMAINS and answer 410 Gone: {named}; delete them or change their destination"
    );
}
