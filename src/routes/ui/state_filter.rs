//! The Links page's State filter (All, On, Off, Blocked): the `?enabled=` value that names
//! each, and what it asks of the links list.

/// What a visitor meets, as the state cells say it: a blocked link is Blocked, whether its
/// owner turned it on or off, so On and Off leave blocked links out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StateFilter {
    #[default]
    All,
    On,
    Off,
    Blocked,
}

impl StateFilter {
    /// In the select's order.
    pub const OPTIONS: [StateFilter; 4] = [
        StateFilter::All,
        StateFilter::On,
        StateFilter::Off,
        StateFilter::Blocked,
    ];

    /// The value of `?enabled=`, empty for All (the select's first option sends none).
    pub fn key(self) -> &'static str {
        match self {
            StateFilter::All => "",
            StateFilter::On => "on",
            StateFilter::Off => "off",
            StateFilter::Blocked => "blocked",
        }
    }

    /// Exactly as the select sends it; any other value shows every link.
    pub fn from_key(key: &str) -> StateFilter {
        StateFilter::OPTIONS
            .into_iter()
            .find(|s| s.key() == key)
            .unwrap_or_default()
    }

    /// Whether the links are turned on; `None` for either.
    pub fn enabled(self) -> Option<bool> {
        match self {
            StateFilter::On => Some(true),
            StateFilter::Off => Some(false),
            StateFilter::All | StateFilter::Blocked => None,
        }
    }

    /// Whether the links are on a blocked domain; `None` for either.
    pub fn blocked(self) -> Option<bool> {
        match self {
            StateFilter::All => None,
            StateFilter::On | StateFilter::Off => Some(false),
            StateFilter::Blocked => Some(true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_value_of_the_select_names_its_filter_and_others_show_every_link() {
        for (value, filter) in [
            ("", StateFilter::All),
            ("on", StateFilter::On),
            ("off", StateFilter::Off),
            ("blocked", StateFilter::Blocked),
            // As the filter took them before it had names: exact values only.
            ("maybe", StateFilter::All),
            ("On", StateFilter::All),
            (" on", StateFilter::All),
            ("true", StateFilter::All),
        ] {
            assert_eq!(StateFilter::from_key(value), filter, "{value:?}");
        }
        for filter in StateFilter::OPTIONS {
            assert_eq!(StateFilter::from_key(filter.key()), filter);
        }
    }

    #[test]
    fn on_and_off_leave_blocked_links_out() {
        let asks = |f: StateFilter| (f.enabled(), f.blocked());
        assert_eq!(asks(StateFilter::All), (None, None));
        assert_eq!(asks(StateFilter::On), (Some(true), Some(false)));
        assert_eq!(asks(StateFilter::Off), (Some(false), Some(false)));
        assert_eq!(asks(StateFilter::Blocked), (None, Some(true)));
    }
}
