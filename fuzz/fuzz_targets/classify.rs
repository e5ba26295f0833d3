//! The classifier: never panics on any method, referrer, user agent and signals, and stored
//! referrers classify like the header they came from.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lanterne::classify::{Signals, classify, store_referrer};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (referrer, user_agent) = text.split_once('\n').unwrap_or((&text, ""));
    let head = data.first().is_some_and(|b| b & 1 == 1);
    let signals = Signals::from_bits(i32::from(data.get(1).copied().unwrap_or(0)));
    let class = classify(head, Some(referrer), user_agent, signals);
    if let Some(stored) = store_referrer(referrer) {
        assert_eq!(classify(head, Some(&stored.url), user_agent, signals), class);
    }
});
