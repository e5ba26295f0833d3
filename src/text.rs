//! Names people type, turned into the ASCII words that keys, UTM values and file names need.

/// `text` as lowercase ASCII letters and digits, the letters of other alphabets spelled in
/// ASCII by `deunicode` ("Cœur d'été" → "coeur-d-ete"), each run of anything else (spaces,
/// punctuation, emoji) one `-`, none at either end; empty when nothing is left.
pub fn dashed_ascii(text: &str) -> String {
    let mut dashed = String::new();
    let mut gap = false;
    for c in text.chars() {
        let letters = if c.is_alphanumeric() {
            deunicode::deunicode_char(c).unwrap_or_default()
        } else {
            ""
        };
        let letters: String = letters
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if letters.is_empty() {
            gap = true;
            continue;
        }
        if gap && !dashed.is_empty() {
            dashed.push('-');
        }
        gap = false;
        dashed.push_str(&letters.to_ascii_lowercase());
    }
    dashed
}

#[cfg(test)]
mod tests {
    use super::dashed_ascii;

    #[test]
    fn names_become_dashed_ascii() {
        assert_eq!(dashed_ascii("Soldes d'été"), "soldes-d-ete");
        assert_eq!(dashed_ascii("  Cœur & Ça! "), "coeur-ca");
        assert_eq!(dashed_ascii("Straße 3"), "strasse-3");
        assert_eq!(dashed_ascii("!!!"), "");
        assert_eq!(dashed_ascii("Noël 2026 🎄"), "noel-2026");
    }
}
