//! The links that may point at a blocked domain: a cheap superset, found in SQL, that
//! [`crate::links::blocked`] narrows with the redirect's own check.

use super::{Db, with_pool};

/// A link that may have a destination on a blocked domain.
#[derive(Debug, sqlx::FromRow)]
pub struct MaybeBlocked {
    pub id: i64,
    /// Its branded domain; `""` for the base URL's host.
    pub domain: String,
    pub slug: String,
    pub url: String,
    /// Its options' JSON.
    pub options: Option<String>,
}

/// `LIKE` patterns of a URL on `domain` or one of its subdomains, with a path or a port.
fn patterns(domain: &str) -> [String; 4] {
    [
        format!("%://{domain}/%"),
        format!("%://{domain}:%"),
        format!("%.{domain}/%"),
        format!("%.{domain}:%"),
    ]
}

impl Db {
    /// The links whose destination, or one of their options' (JSON, which writes URLs as
    /// they are), may be on one of `domains` or their subdomains, in the order they were
    /// stored: a superset (`LIKE` reads `_` as any character, a path can hold `.domain/`)
    /// that the caller narrows with [`crate::links::blocked::first`]. One scan of the links
    /// for the whole list.
    pub async fn links_maybe_on_domains(
        &self,
        domains: &[String],
    ) -> sqlx::Result<Vec<MaybeBlocked>> {
        if domains.is_empty() {
            return Ok(Vec::new());
        }
        let on = (0..domains.len())
            .flat_map(|i| (1..=4).map(move |k| 4 * i + k))
            .map(|n| format!("url LIKE ${n} OR options LIKE ${n}"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let sql =
            format!("SELECT id, domain, slug, url, options FROM links WHERE {on} ORDER BY id");
        with_pool!(self, pool => {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for pattern in domains.iter().flat_map(|d| patterns(d)) {
                query = query.bind(pattern);
            }
            query.fetch_all(pool).await
        })
    }
}
