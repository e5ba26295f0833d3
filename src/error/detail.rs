//! PostgreSQL's detail of an error without the values it quotes, for the log: the columns, the
//! table and what went wrong stay (they tell the operator which constraint and why), a key's or
//! a row's values become `…`.
//!
//! The formats are PostgreSQL's own (its `errdetail` calls in nbtinsert.c, ri_triggers.c,
//! execIndexing.c, execMain.c, execPartition.c, tuplesortvariants.c). Values are quoted as they
//! are, parentheses and all, so a value's end is found from the words PostgreSQL puts after it,
//! never from a parenthesis a value may hold.

use std::borrow::Cow;

/// The ellipsis a value is replaced by.
const HIDDEN: &str = "…";

/// What follows a key's values, to the end of the detail.
const KEY_ENDS: [&str; 2] = [") already exists.", ") is duplicated."];
/// What follows a foreign key's values: a table's name, then the end.
const KEY_TABLES: [&str; 2] = [
    ") is not present in table \"",
    ") is still referenced from table \"",
];
/// An exclusion constraint's conflict: another key of the same columns follows.
const KEY_CONFLICTS: [&str; 2] = [") conflicts with existing key (", ") conflicts with key ("];

/// `detail` with the values of the key or the row it quotes replaced by an ellipsis; any other
/// detail as it is.
pub fn without_values(detail: &str) -> Cow<'_, str> {
    if detail.starts_with("Failing row contains ") {
        return format!("Failing row contains ({HIDDEN}).").into();
    }
    if let Some(rest) = detail.strip_prefix("Partition key of the failing row contains (") {
        let columns = rest
            .split_once(") = (")
            .map_or(HIDDEN, |(columns, _)| columns);
        return format!("Partition key of the failing row contains ({columns}) = ({HIDDEN}).")
            .into();
    }
    match detail.strip_prefix("Key (") {
        Some(rest) => key(rest).into(),
        None => detail.into(),
    }
}

/// `Key (columns)=(values) …` from what follows `Key (`: the columns (a name, a list, an
/// expression of the index) come first and hold no `)=(`.
fn key(rest: &str) -> String {
    let Some((columns, values)) = rest.split_once(")=(") else {
        return format!("Key ({HIDDEN})");
    };
    let key = format!("Key ({columns})=({HIDDEN})");
    if let Some(end) = KEY_ENDS.iter().find(|end| values.ends_with(*end)) {
        return format!("{key}{}", &end[1..]);
    }
    // The last one: a value may hold the same words, the table's name does not.
    if let Some(at) = KEY_TABLES.iter().find_map(|words| values.rfind(words)) {
        return format!("{key}{}", &values[at + 1..]);
    }
    // The key it conflicts with has the same columns.
    if let Some(words) = KEY_CONFLICTS.iter().find(|words| values.contains(*words)) {
        let words = &words[1..words.len() - 2];
        return format!("{key}{words} ({columns})=({HIDDEN}).");
    }
    format!("{key} {HIDDEN}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_keeps_its_columns_and_loses_its_values() {
        for (detail, logged) in [
            (
                "Key (email)=(alice@example.com) already exists.",
                "Key (email)=(…) already exists.",
            ),
            (
                "Key (domain, slug)=(go.example, spring) already exists.",
                "Key (domain, slug)=(…) already exists.",
            ),
            (
                "Key (lower(email::text))=(alice@example.com) already exists.",
                "Key (lower(email::text))=(…) already exists.",
            ),
            (
                "Key (slug)=(a)=(b) is duplicated.",
                "Key (slug)=(…) is duplicated.",
            ),
            (
                "Key (link_id)=(42) is not present in table \"links\".",
                "Key (link_id)=(…) is not present in table \"links\".",
            ),
            (
                "Key (id)=(7) is still referenced from table \"site_links\".",
                "Key (id)=(…) is still referenced from table \"site_links\".",
            ),
            (
                "Key (during)=([1,5)) conflicts with existing key (during)=([2,3)).",
                "Key (during)=(…) conflicts with existing key (during)=(…).",
            ),
            (
                "Key (during)=([1,5)) conflicts with key (during)=([2,3)).",
                "Key (during)=(…) conflicts with key (during)=(…).",
            ),
            (
                "Failing row contains (2, http://x/?for=bob@example.com, [\"click\"], whsec_1).",
                "Failing row contains (…).",
            ),
            (
                "Partition key of the failing row contains (at) = (1764000000000).",
                "Partition key of the failing row contains (at) = (…).",
            ),
        ] {
            assert_eq!(without_values(detail), logged, "{detail}");
        }
    }

    /// A value holding PostgreSQL's own words, or parentheses, does not end the value early.
    #[test]
    fn a_value_that_looks_like_the_words_after_it_is_hidden_whole() {
        assert_eq!(
            without_values("Key (slug)=(x) already exists.) already exists."),
            "Key (slug)=(…) already exists."
        );
        assert_eq!(
            without_values(
                "Key (url)=(x) is not present in table \"secret\") is not present in table \"links\"."
            ),
            "Key (url)=(…) is not present in table \"links\"."
        );
        // A format this does not know: the columns and nothing after them.
        assert_eq!(
            without_values("Key (email)=(alice@example.com) is something new."),
            "Key (email)=(…) …"
        );
        assert_eq!(without_values("Key (a b c"), "Key (…)");
    }

    #[test]
    fn a_detail_without_values_is_kept() {
        for detail in [
            "Key is not present in table \"links\".",
            "User does not have CONNECT privilege.",
            "Process 12 waits for ShareLock on transaction 34; blocked by process 56.",
        ] {
            assert_eq!(without_values(detail), detail);
        }
    }
}
