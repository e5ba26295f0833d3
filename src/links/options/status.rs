//! What a visitor meets at a link now, as the redirect decides it (src/routes/redirect.rs,
//! then [`super::decide`], with the same date rule [`super::dated`]): for the lists, which
//! cannot ask the redirect.

use super::{Dated, LinkOptions, dated};

/// What a visitor meets at a link, in the order the redirect checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// One of its destinations is on a domain of `LANTERNE_BLOCKED_DOMAINS`: "Link unavailable"
    /// (410) whether turned on or off ([`crate::links::blocked::first`]).
    Blocked,
    /// Turned off: "Link unavailable" (410).
    Off,
    /// Before its start: 404, as if there were no such link.
    NotStarted,
    /// Past its end date: 410, or its `expired_url`.
    Ended,
    /// Its click limit let its last person through: 410, or its `expired_url`.
    LimitReached,
    /// It leads where it should (through its password form, if it has one).
    Active,
}

/// The status at `now` (Unix ms) of a link `enabled` or not, `blocked` or not, with
/// `options`, whose click limit has let `limit_used` people through (as the database counts
/// them for every instance: src/links/limit.rs). Blocked comes first: turning the link on
/// would not change what visitors meet.
pub fn status(
    enabled: bool,
    blocked: bool,
    options: &LinkOptions,
    limit_used: i64,
    now: i64,
) -> Status {
    if blocked {
        return Status::Blocked;
    }
    if !enabled {
        return Status::Off;
    }
    match dated(options.starts_at, options.expires_at, now) {
        Dated::NotStarted => Status::NotStarted,
        Dated::Ended => Status::Ended,
        Dated::Open if options.max_clicks.is_some_and(|max| limit_used >= max) => {
            Status::LimitReached
        }
        Dated::Open => Status::Active,
    }
}

impl Status {
    /// As messages name it (`link-status-…`).
    pub fn key(self) -> &'static str {
        match self {
            Status::Blocked => "blocked",
            Status::Off => "off",
            Status::NotStarted => "not-started",
            Status::Ended => "ended",
            Status::LimitReached => "limit-reached",
            Status::Active => "active",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_000_000;

    fn with(
        starts_at: Option<i64>,
        expires_at: Option<i64>,
        max_clicks: Option<i64>,
    ) -> LinkOptions {
        LinkOptions {
            starts_at,
            expires_at,
            max_clicks,
            ..LinkOptions::default()
        }
    }

    #[test]
    fn a_plain_link_is_active_or_off() {
        assert_eq!(
            status(true, false, &LinkOptions::default(), 0, NOW),
            Status::Active
        );
        assert_eq!(
            status(false, false, &LinkOptions::default(), 0, NOW),
            Status::Off
        );
    }

    #[test]
    fn dates_and_limits_decide_as_the_redirect_does() {
        assert_eq!(
            status(true, false, &with(Some(NOW + 1), None, None), 0, NOW),
            Status::NotStarted
        );
        assert_eq!(
            status(true, false, &with(Some(NOW), None, None), 0, NOW),
            Status::Active
        );
        // A link expires at its end exactly.
        assert_eq!(
            status(true, false, &with(None, Some(NOW), None), 0, NOW),
            Status::Ended
        );
        assert_eq!(
            status(true, false, &with(None, Some(NOW + 1), None), 0, NOW),
            Status::Active
        );
        assert_eq!(
            status(true, false, &with(None, None, Some(5)), 4, NOW),
            Status::Active
        );
        assert_eq!(
            status(true, false, &with(None, None, Some(5)), 5, NOW),
            Status::LimitReached
        );
        // A limit lowered below what was let through.
        assert_eq!(
            status(true, false, &with(None, None, Some(2)), 5, NOW),
            Status::LimitReached
        );
        // The redirect's order: off, then not started, then the date, then the limit.
        let all = with(Some(NOW + 1), Some(NOW - 1), Some(1));
        assert_eq!(status(false, false, &all, 9, NOW), Status::Off);
        assert_eq!(status(false, true, &all, 9, NOW), Status::Blocked);
        assert_eq!(status(true, true, &all, 9, NOW), Status::Blocked);
        assert_eq!(status(true, false, &all, 9, NOW), Status::NotStarted);
        assert_eq!(
            status(true, false, &with(None, Some(NOW - 1), Some(1)), 9, NOW),
            Status::Ended
        );
    }
}
