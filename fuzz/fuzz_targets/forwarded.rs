//! The forwarded-header parser: never panics, and only ever returns the peer or an address
//! that appears in the headers.
#![no_main]

use std::net::IpAddr;

use libfuzzer_sys::fuzz_target;
use lanterne::net::client_ip::{parse_cidrs, resolve};

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let (xff, forwarded) = data.split_at(split);
    let peer: IpAddr = "127.0.0.1".parse().unwrap();
    let trusted = parse_cidrs("127.0.0.0/8, 10.0.0.0/8").unwrap();
    let got = resolve(peer, Some(xff), Some(forwarded), &trusted);
    let _ = resolve(peer, Some(xff), None, &trusted);
    let _ = parse_cidrs(&String::from_utf8_lossy(data));
    assert!(got == peer || !trusted.iter().any(|net| net.contains(&got)));
});
