//! Read-only links to a campaign's report for a client: a random secret in the URL, kept only
//! as its digest, revocable.

use crate::auth::{hash_token, session};
use crate::clock::now_ms;
use crate::db::Db;
use crate::db::report_shares::ShareLookup;

/// Where shared reports are served: `{base}/shared/{secret}`.
pub const PATH: &str = "/shared/";

/// The longest label a share link keeps (who it is for).
pub const LABEL_MAX: usize = 100;

/// Makes a share link to campaign `campaign_id` for `label` (who it is for; trimmed, cut at
/// [`LABEL_MAX`] characters) and returns its secret, the only time it exists in clear.
pub async fn create(db: &Db, campaign_id: i64, made_by: &str, label: &str) -> sqlx::Result<String> {
    let secret = session::secret();
    let label: String = label.trim().chars().take(LABEL_MAX).collect();
    db.insert_report_share(campaign_id, &hash_token(&secret), made_by, &label, now_ms())
        .await?;
    Ok(secret)
}

/// What the secret `secret` opens. Anything but 32 letters and digits is no secret of ours,
/// and costs no query.
pub async fn open(db: &Db, secret: &str) -> sqlx::Result<ShareLookup> {
    if secret.len() != 32 || !secret.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Ok(ShareLookup::Unknown);
    }
    db.report_share(&hash_token(secret)).await
}
