//! Rebuilds when a language file is added or changed: the strings are compiled into the
//! binary, and a new `locales/<tag>.ftl` is found by listing the folder.

fn main() {
    println!("cargo:rerun-if-changed=locales");
}
