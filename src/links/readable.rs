//! Destinations as people read them: the letters a stored URL percent-encodes (`soldes-%C3%A9t%C3%A9`)
//! shown as letters (`soldes-été`), as a browser's address bar does. The stored URL and the
//! redirect's `Location` stay encoded; this is for the pages only.

use percent_encoding::percent_decode_str;
use url::Url;

/// `url` with its percent-encoded non-ASCII characters decoded. ASCII stays encoded (`%2F`,
/// `%26`, `%20` mean something else decoded), and so do characters a reader cannot see or
/// that reorder text (spaces, controls, bidi and zero-width marks), which could disguise a
/// destination. Bytes that are not UTF-8 stay as they are.
pub fn readable(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    let mut i = 0;
    while i < bytes.len() {
        let run = encoded_run(&bytes[i..]);
        if run == 0 {
            // Not the start of an escape: copy one character.
            let c = url[i..]
                .chars()
                .next()
                .expect("i is on a character boundary");
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        let text = &url[i..i + 3 * run];
        let decoded: Vec<u8> = percent_decode_str(text).collect();
        let mut at = 0; // bytes of `decoded` written so far
        for chunk in decoded.utf8_chunks() {
            for c in chunk.valid().chars() {
                let len = c.len_utf8();
                if shown_decoded(c) {
                    out.push(c);
                } else {
                    out.push_str(&text[3 * at..3 * (at + len)]);
                }
                at += len;
            }
            let invalid = chunk.invalid().len();
            out.push_str(&text[3 * at..3 * (at + invalid)]);
            at += invalid;
        }
        i += 3 * run;
    }
    out
}

/// What an edit field shows for `url` (a stored, normalised URL): [`readable`] when saving
/// it again gives back `url` exactly (the destination check encodes it again), else `url`
/// as it is, so that an edit that leaves the field alone never changes the link.
pub fn editable(url: &str) -> String {
    let shown = readable(url);
    if shown != url && Url::parse(&shown).is_ok_and(|again| again.as_str() == url) {
        shown
    } else {
        url.to_owned()
    }
}

/// How many `%XX` escapes follow one another at the start of `bytes`.
fn encoded_run(bytes: &[u8]) -> usize {
    bytes
        .chunks(3)
        .take_while(|c| {
            c.len() == 3 && c[0] == b'%' && c[1].is_ascii_hexdigit() && c[2].is_ascii_hexdigit()
        })
        .count()
}

fn shown_decoded(c: char) -> bool {
    !c.is_ascii()
        && !c.is_whitespace()
        && !c.is_control()
        && !matches!(c,
            '\u{00AD}' // soft hyphen
            | '\u{034F}' // combining grapheme joiner
            | '\u{061C}' // Arabic letter mark
            | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' // Hangul fillers
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}' // zero-width, LRM, RLM
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{206F}' // word joiner, bidi isolates, invisible operators
            | '\u{FE00}'..='\u{FE0F}' // variation selectors
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E0FFF}' // tags, variation selectors supplement
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::destination;

    #[test]
    fn accented_letters_are_shown_as_letters() {
        assert_eq!(
            readable(
                "https://boutique-exemple.fr/soldes-%C3%A9t%C3%A9?ref=newsletter&q=%C3%A9t%C3%A9#f%C3%AAte"
            ),
            "https://boutique-exemple.fr/soldes-été?ref=newsletter&q=été#fête"
        );
        assert_eq!(
            readable("https://x.example/%E2%82%AC%F0%9F%8E%84"),
            "https://x.example/€🎄"
        );
        assert_eq!(
            readable("https://x.example/plain"),
            "https://x.example/plain"
        );
        assert_eq!(readable(""), "");
    }

    #[test]
    fn what_would_change_the_url_or_hide_in_it_stays_encoded() {
        for kept in [
            "https://x.example/a%2Fb%3Fc%26d%23e%25f%20g",
            "https://x.example/%C2%A0nbsp",
            "https://x.example/%E2%80%AEevil",
            "https://x.example/%E2%80%8Bzw",
            "https://x.example/%EF%BB%BF",
            "https://x.example/%C3",    // a lone lead byte
            "https://x.example/%FF%FE", // not UTF-8
            "https://x.example/%zz%4",
            "https://x.example/%E9t%E9", // Latin-1, not UTF-8
        ] {
            assert_eq!(readable(kept), kept, "{kept}");
        }
        // Mixed: the letter is decoded, the rest kept as written, lower case included.
        assert_eq!(
            readable("https://x.example/%c3%a9%2f%C3%FF%C3%A9"),
            "https://x.example/é%2f%C3%FFé"
        );
    }

    #[test]
    fn an_edit_field_round_trips_to_the_same_url() {
        for stored in [
            "https://boutique-exemple.fr/soldes-%C3%A9t%C3%A9?ref=newsletter",
            "https://x.example/%C3%A9?q=%C3%A9t%C3%A9&r=a%26b#%C3%A9",
            "https://x.example/a%2Fb/%C3%A9",
            "https://x.example/%E2%80%AE%C3%A9",
            "https://xn--bcher-kva.example/%C3%B6",
            "https://x.example/plain?x=1",
        ] {
            let shown = editable(stored);
            assert_eq!(destination::parse(&shown, &[]).unwrap(), stored, "{shown}");
        }
        assert_eq!(
            editable("https://boutique-exemple.fr/soldes-%C3%A9t%C3%A9"),
            "https://boutique-exemple.fr/soldes-été"
        );
        // Lower-case escapes would come back upper case: shown as stored.
        assert_eq!(
            editable("https://x.example/%c3%a9"),
            "https://x.example/%c3%a9"
        );
    }
}
