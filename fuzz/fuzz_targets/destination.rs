//! The destination URL validator: never panics, and what it accepts is a safe http(s) URL.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else { return };
    if let Ok(url) = lanterne::links::destination::parse(raw, &["sho.rt".to_owned()]) {
        assert!(url.starts_with("http://") || url.starts_with("https://"), "{url}");
        assert!(!url.chars().any(char::is_control), "{url:?}");
        assert!(url.len() <= lanterne::links::destination::MAX_LEN);
        // Re-validating an accepted URL gives it back unchanged.
        assert_eq!(lanterne::links::destination::parse(&url, &["sho.rt".to_owned()]).as_deref(), Ok(url.as_str()));
    }
});
