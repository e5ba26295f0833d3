//! The slug parser: never panics, and accepts only `[A-Za-z0-9_-]{1,64}`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else { return };
    let accepted = lanterne::links::slug::parse(raw).is_ok();
    if accepted {
        assert!(lanterne::links::slug::looks_like_slug(raw));
        assert!((1..=64).contains(&raw.len()));
    }
});
