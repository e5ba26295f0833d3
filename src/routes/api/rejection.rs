//! The extractors' refusals in plain words: what is wrong with a request's body, path or
//! query string, said as the API's other refusals are, rather than in serde's and axum's
//! terms (`invalid length 0, expected struct CreateLink with 14 elements`, "Cannot parse `abc`
//! to a `i64`", "invalid digit found in string").

use axum::extract::path::ErrorKind;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;

use crate::error::ApiError;
use crate::i18n::Message;

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        let text = rejection.body_text();
        let (status, message) = match rejection {
            JsonRejection::JsonDataError(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                in_body(after_prefix(&text)),
            ),
            JsonRejection::JsonSyntaxError(_) => (StatusCode::BAD_REQUEST, not_json(&text)),
            JsonRejection::MissingJsonContentType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                Message::new("refusal-json-content-type"),
            ),
            // The body could not be read (too long, cut off): axum's words say which.
            _ => (StatusCode::BAD_REQUEST, Message::from(text)),
        };
        ApiError::new(status, message.english())
    }
}

impl From<QueryRejection> for ApiError {
    /// A query string that parses but holds a value of the wrong kind or size (`limit=` past
    /// 2^63) is invalid input, as a JSON body of the wrong shape is: 422.
    fn from(rejection: QueryRejection) -> ApiError {
        let text = rejection.body_text();
        ApiError::invalid(in_query(after_prefix(&text)).english())
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> ApiError {
        let message = match &rejection {
            PathRejection::FailedToDeserializePathParams(err) => match err.kind() {
                ErrorKind::ParseErrorAtKey {
                    value,
                    expected_type,
                    ..
                }
                | ErrorKind::ParseErrorAtIndex {
                    value,
                    expected_type,
                    ..
                }
                | ErrorKind::ParseError {
                    value,
                    expected_type,
                } => Message::new("refusal-path-value")
                    .with_typed("value", value)
                    .with("expected", kind(expected_type)),
                _ => Message::from(rejection.body_text()),
            },
            _ => Message::from(rejection.body_text()),
        };
        ApiError::bad_request(message.english())
    }
}

/// What follows axum's own words (`Failed to deserialize query string: `), which say which
/// part of the request it is, as each message here does too.
fn after_prefix(text: &str) -> &str {
    text.split_once(": ").map_or(text, |(_, rest)| rest)
}

/// serde_json's ` at line 1 column 9` at the end of a message.
fn without_position(text: &str) -> (&str, Option<(&str, &str)>) {
    let Some((message, at)) = text.rsplit_once(" at line ") else {
        return (text, None);
    };
    match at.split_once(" column ") {
        Some((line, column)) => (message, Some((line, column))),
        None => (text, None),
    }
}

/// A body that is not JSON at all, with where it stops being JSON.
fn not_json(text: &str) -> Message {
    match without_position(text).1 {
        Some((line, column)) => Message::new("refusal-json-syntax")
            .with("line", line)
            .with("column", column),
        None => Message::new("refusal-json-syntax-somewhere"),
    }
}

/// A JSON body of the wrong shape: `field: serde's message`, or serde's message alone for
/// the body as a whole.
fn in_body(text: &str) -> Message {
    let (text, _) = without_position(text);
    let (mut field, reason) = match field_and_reason(text) {
        Some((field, reason)) => (Some(field), reason),
        None => (None, text),
    };
    // An unknown field's path ends with its own name, which the message says already.
    if let (Some(path), Some(name)) = (field, between(reason, "unknown field `", "`")) {
        field = path
            .strip_suffix(name)
            .map(|parent| parent.trim_end_matches('.'))
            .filter(|parent| !parent.is_empty())
            .or((path != name).then_some(path));
    }
    let reason = plain(reason, field.is_none());
    match field {
        Some(field) => Message::in_field(field, reason),
        None => reason,
    }
}

/// A query string of the wrong shape: `name: what`, where what is serde's message or the
/// parser's (`invalid digit found in string`).
fn in_query(text: &str) -> Message {
    let (field, reason) = field_and_reason(text).map_or((None, text), |(f, r)| (Some(f), r));
    if let Some(rest) = reason.strip_prefix("unknown field `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        return Message::new("refusal-query-unknown")
            .with_typed("name", name)
            .with("known", names(expected));
    }
    let Some(field) = field else {
        return plain(text, false);
    };
    let reason = match reason {
        "invalid digit found in string" | "cannot parse integer from empty string" => {
            Message::new("refusal-json-expected").with("expected", kind("i64"))
        }
        "number too large to fit in target type" | "number too small to fit in target type" => {
            Message::new("refusal-query-out-of-range")
        }
        "provided string was not `true` or `false`" => {
            Message::new("refusal-json-expected").with("expected", kind("a boolean"))
        }
        other => plain(other, false),
    };
    Message::in_field(format!("?{field}="), reason)
}

/// `tags[0]: invalid type…` as the field's path and the message; `None` when the message is
/// about the whole (serde_path_to_error writes no path then).
fn field_and_reason(text: &str) -> Option<(&str, &str)> {
    let (field, reason) = text.split_once(": ")?;
    let is_path = !field.is_empty()
        && field
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '-' | '?'));
    is_path.then_some((field, reason))
}

/// serde's message in plain words; `whole` when it is about the body as a whole.
fn plain(reason: &str, whole: bool) -> Message {
    if let Some(field) = between(reason, "missing field `", "`") {
        return Message::new("refusal-json-missing").with("field", field);
    }
    if let Some(rest) = reason.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        return Message::new("refusal-json-unknown-field")
            .with_typed("field", field)
            .with("known", names(expected));
    }
    if let Some(rest) = reason.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        return Message::new("refusal-json-unknown-value")
            .with_typed("value", value)
            .with("known", names(expected));
    }
    if let Some(rest) = reason.strip_prefix("duplicate field `") {
        let field = rest.split_once('`').map_or(rest, |(f, _)| f);
        return Message::new("refusal-json-duplicate").with("field", field);
    }
    // `[]` for an object: serde reads a list as the struct's fields in order.
    if reason.starts_with("invalid length ") && reason.contains("expected struct ") {
        return Message::new("refusal-json-object").with("found", kind("sequence"));
    }
    if let Some(rest) = reason.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        if whole || expected.starts_with("struct ") {
            return Message::new("refusal-json-object").with("found", found_word(found));
        }
        return Message::new("refusal-json-type")
            .with("expected", kind(expected))
            .with("found", found_word(found));
    }
    Message::from(reason.to_owned())
}

/// The text between `start` and the next `end`, when `text` starts with `start`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(start)?;
    rest.split_once(end).map(|(inside, _)| inside)
}

/// serde's list of what is expected (`, expected one of `a`, `b``, `, expected `a` or `b``)
/// as the names alone, `a, b`.
fn names(expected: &str) -> String {
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .collect::<Vec<_>>()
        .join(", ")
}

/// What serde says a value should be (`i64`, `a string`, `a sequence`), as a word of the
/// language files.
fn kind(expected: &str) -> Message {
    let key = match expected {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" => {
            "json-kind-whole-number"
        }
        "f32" | "f64" => "json-kind-number",
        "a string" | "string" | "a borrowed string" | "String" | "char" | "a character" => {
            "json-kind-text"
        }
        "a boolean" | "bool" => "json-kind-boolean",
        "a sequence" | "sequence" => "json-kind-list",
        "a map" | "map" => "json-kind-object",
        other if other.starts_with("struct ") => "json-kind-object",
        other => return Message::from(other.to_owned()),
    };
    Message::new(key)
}

/// What serde says a value was (`string "abc"`, `integer `5``, `sequence`), in words.
fn found_word(found: &str) -> Message {
    if let Some(text) = found
        .strip_prefix("string \"")
        .and_then(|s| s.strip_suffix('"'))
    {
        return Message::new("json-found-text").with("text", text);
    }
    for number in ["integer `", "floating point `"] {
        if let Some(n) = found.strip_prefix(number).and_then(|s| s.strip_suffix('`')) {
            return Message::new("json-found-number").with("number", n);
        }
    }
    match found {
        "boolean `true`" => Message::from("true".to_owned()),
        "boolean `false`" => Message::from("false".to_owned()),
        "null" | "unit value" => Message::from("null".to_owned()),
        other => kind(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> String {
        in_body(text).english()
    }

    #[test]
    fn a_body_of_the_wrong_shape_is_said_in_plain_words() {
        let cases = [
            (
                "invalid length 0, expected struct CreateLink with 14 elements at line 1 column 2",
                "the body must be a JSON object, not a list",
            ),
            (
                "invalid type: string \"x\", expected struct CreateLink at line 1 column 3",
                "the body must be a JSON object, not the text \"x\"",
            ),
            (
                "missing field `url` at line 1 column 2",
                "the field \"url\" is missing",
            ),
            (
                "urll: unknown field `urll`, expected one of `url`, `slug` at line 1 column 7",
                "there is no field \"urll\"; the fields are url, slug",
            ),
            (
                "preview.titel: unknown field `titel`, expected `title` at line 1 column 30",
                "preview: there is no field \"titel\"; the fields are title",
            ),
            (
                "max_clicks: invalid type: string \"ten\", expected i64 at line 1 column 20",
                "max_clicks: expected a whole number, not the text \"ten\"",
            ),
            (
                "tags: invalid type: integer `5`, expected a sequence at line 1 column 9",
                "tags: expected a list, not the number 5",
            ),
            (
                "enabled: invalid type: string \"yes\", expected a boolean at line 1 column 15",
                "enabled: expected true or false, not the text \"yes\"",
            ),
        ];
        for (serde, plain) in cases {
            assert_eq!(body(serde), plain, "{serde}");
        }
    }

    #[test]
    fn a_body_that_is_not_json_says_where() {
        assert_eq!(
            not_json(
                "Failed to parse the request body as JSON: key must be a string at line 1 column 2"
            )
            .english(),
            "the body is not valid JSON (line 1, column 2)"
        );
    }

    #[test]
    fn a_query_of_the_wrong_kind_names_its_parameter() {
        let cases = [
            (
                "limit: invalid digit found in string",
                "?limit=: expected a whole number",
            ),
            (
                "enabled: provided string was not `true` or `false`",
                "?enabled=: expected true or false",
            ),
            (
                "limit: number too large to fit in target type",
                "?limit=: the number is too large",
            ),
            (
                "nope: unknown field `nope`, expected one of `cursor`, `limit`",
                "there is no query parameter \"nope\"; the parameters are cursor, limit",
            ),
        ];
        for (serde, plain) in cases {
            assert_eq!(in_query(serde).english(), plain, "{serde}");
        }
    }
}
