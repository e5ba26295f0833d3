//! The device a targeting rule can name, read from a user agent with a few substring checks
//! (the redirect cannot afford a full user-agent parse).

use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Device {
    Ios,
    Android,
    Desktop,
}

impl Device {
    pub const ALL: [Device; 3] = [Device::Ios, Device::Android, Device::Desktop];

    pub fn as_str(self) -> &'static str {
        match self {
            Device::Ios => "ios",
            Device::Android => "android",
            Device::Desktop => "desktop",
        }
    }

    /// The device of a user agent, `None` when it is none of the three (another phone, a
    /// console, an empty user agent).
    ///
    /// iPadOS 13 and later ask for desktop pages with a Mac user agent: those iPads count as
    /// desktops, as the page they get will treat them.
    pub fn of(user_agent: &[u8]) -> Option<Device> {
        let has = |needle: &[u8]| user_agent.windows(needle.len()).any(|w| w == needle);
        if has(b"iPhone") || has(b"iPad") || has(b"iPod") {
            Some(Device::Ios)
        } else if has(b"Android") {
            Some(Device::Android)
        } else if (has(b"Windows NT") || has(b"Macintosh") || has(b"X11") || has(b"CrOS"))
            && !has(b"Mobile")
        {
            Some(Device::Desktop)
        } else {
            None
        }
    }
}

impl FromStr for Device {
    type Err = String;
    fn from_str(s: &str) -> Result<Device, String> {
        let s = s.trim();
        Device::ALL
            .into_iter()
            .find(|d| d.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown device {s:?}: use ios, android or desktop"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_device_of_real_user_agents() {
        for (ua, device) in [
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
                Some(Device::Ios),
            ),
            (
                "Mozilla/5.0 (iPad; CPU OS 12_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
                Some(Device::Ios),
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
                Some(Device::Android),
            ),
            (
                "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
                Some(Device::Android),
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
                Some(Device::Desktop),
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
                Some(Device::Desktop),
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
                Some(Device::Desktop),
            ),
            (
                "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
                Some(Device::Desktop),
            ),
            (
                "Mozilla/5.0 (Mobile; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5",
                None,
            ),
            ("", None),
            ("curl/8.5.0", None),
        ] {
            assert_eq!(Device::of(ua.as_bytes()), device, "{ua}");
        }
    }

    #[test]
    fn parses_rule_names_in_any_case() {
        assert_eq!("iOS".parse::<Device>(), Ok(Device::Ios));
        assert_eq!(" desktop ".parse::<Device>(), Ok(Device::Desktop));
        assert!(
            "windows"
                .parse::<Device>()
                .unwrap_err()
                .contains("ios, android or desktop")
        );
    }
}
