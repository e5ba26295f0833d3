//! The files `lanterne import` reads: each format's columns, named after the tool's own
//! export (the source of each is cited on its table), read into [`Row`]s.

mod dates;
mod json;
mod kutt;
mod table;

use std::str::FromStr;

use super::{Problem, Row};
use crate::i18n::Message;
use table::{Field, Spec};

/// A file format `lanterne import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Lanterne's CSV: a header naming any of url, slug, domain, campaign, channel, tags,
    /// created_at, enabled, password_protected and the options' columns (what `lanterne
    /// export` writes). Its JSON export chosen as `csv` is read as `json`.
    Csv,
    /// Lanterne's JSON export (`lanterne export --format json`), options and off state
    /// included.
    Json,
    /// Bitly's CSV export of links.
    Bitly,
    /// Shlink's CSV export (its web client's "Export"), or shlink-importer's CSV.
    Shlink,
    /// A YOURLS export, or its yourls_url table as CSV.
    Yourls,
    /// Kutt's links as its API lists them (GET /api/v2/links), one or more pages of JSON.
    Kutt,
    /// Dub's CSV export of links.
    Dub,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Csv,
        Format::Json,
        Format::Bitly,
        Format::Shlink,
        Format::Yourls,
        Format::Kutt,
        Format::Dub,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Bitly => "bitly",
            Format::Shlink => "shlink",
            Format::Yourls => "yourls",
            Format::Kutt => "kutt",
            Format::Dub => "dub",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "Lanterne CSV",
            Format::Json => "Lanterne JSON",
            Format::Bitly => "Bitly",
            Format::Shlink => "Shlink",
            Format::Yourls => "YOURLS",
            Format::Kutt => "Kutt",
            Format::Dub => "Dub",
        }
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(value: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.key().eq_ignore_ascii_case(value.trim()))
            .ok_or_else(|| format!("unknown import format {value:?}"))
    }
}

/// Lanterne's own CSV, as `lanterne export` writes it.
const LANTERNE: Spec = Spec {
    columns: &[
        (Field::Url, &["url"]),
        (Field::Slug, &["slug"]),
        (Field::Domain, &["domain"]),
        (Field::Campaign, &["campaign"]),
        (Field::Channel, &["channel"]),
        (Field::Tags, &["tags"]),
        (Field::CreatedAt, &["createdat"]),
        (Field::Enabled, &["enabled"]),
        (Field::PasswordProtected, &["passwordprotected"]),
        (Field::LinkOption("preview_title"), &["previewtitle"]),
        (
            Field::LinkOption("preview_description"),
            &["previewdescription"],
        ),
        (Field::LinkOption("preview_image"), &["previewimage"]),
        (Field::LinkOption("starts_at"), &["startsat"]),
        (Field::LinkOption("expires_at"), &["expiresat"]),
        (Field::LinkOption("expired_url"), &["expiredurl"]),
        (Field::LinkOption("max_clicks"), &["maxclicks"]),
        (Field::LinkOption("rules"), &["rules"]),
        (Field::LinkOption("variants"), &["variants"]),
    ],
    headerless: None,
};

/// Bitly: the fields of a Bitlink in Bitly's API v4 (`link`, `id` as "bit.ly/abc",
/// `long_url`, `created_at`, `tags`; https://dev.bitly.com/api-reference/#getBitlink, and the
/// same fields read by dubinc/dub apps/web/app/(ee)/api/cron/import/bitly/utils.ts), under
/// their API names or the web export's labels ("Bitlink", "Long URL", "Created").
const BITLY: Spec = Spec {
    columns: &[
        (
            Field::ShortUrl,
            &["link", "bitlink", "shortlink", "shorturl", "id"],
        ),
        (Field::Url, &["longurl", "destinationurl", "url"]),
        (Field::CreatedAt, &["createdat", "created", "datecreated"]),
        (Field::Tags, &["tags"]),
    ],
    headerless: None,
};

/// Shlink: its web client's export writes createdAt, domain, shortCode, shortUrl, longUrl,
/// title, tags (joined by '|'), visits (shlinkio/shlink-web-component,
/// src/short-urls/helpers/ExportShortUrlsBtn.tsx); shlink-importer's CSV has longURL, tags,
/// domain, short code, Title, ';'-separated (shlinkio/shlink,
/// module/CLI/test-cli/Command/ImportShortUrlsTest.php).
const SHLINK: Spec = Spec {
    columns: &[
        (Field::Slug, &["shortcode"]),
        (Field::ShortUrl, &["shorturl"]),
        (Field::Url, &["longurl"]),
        (Field::CreatedAt, &["createdat", "datecreated"]),
        (Field::Tags, &["tags"]),
    ],
    headerless: None,
};

/// YOURLS: the columns of its yourls_url table, keyword, url, title, timestamp, ip, clicks
/// (YOURLS/YOURLS includes/functions-install.php); a dump without a header is read in
/// that order. The ip column is never read.
const YOURLS: Spec = Spec {
    columns: &[
        (Field::Slug, &["keyword"]),
        (Field::Url, &["url"]),
        (Field::CreatedAt, &["timestamp"]),
    ],
    headerless: Some(&[Field::Slug, Field::Url, Field::Ignored, Field::CreatedAt]),
};

/// Dub: its export's columns "Short link", "Destination URL", "Clicks", "Created at" and,
/// when chosen, "Tags" (joined by ", "), "Link ID", "Updated at", "Archived"
/// (dubinc/dub apps/web/lib/zod/schemas/links.ts, exportLinksColumns).
const DUB: Spec = Spec {
    columns: &[
        (Field::ShortUrl, &["shortlink"]),
        (Field::Url, &["destinationurl"]),
        (Field::CreatedAt, &["createdat"]),
        (Field::Tags, &["tags"]),
    ],
    headerless: None,
};

/// Reads a whole file: a row or a problem for each link in it, or what makes the file
/// unreadable as `format` (no URL column, not JSON).
pub fn read(format: Format, bytes: &[u8]) -> Result<Vec<Result<Row, Problem>>, Message> {
    let text = decode(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match format {
        Format::Json => json::read(text),
        // Lanterne's own export, whichever `--format` wrote it.
        Format::Csv if looks_like_json(text) => json::read(text),
        Format::Csv => table::read(&LANTERNE, text),
        Format::Bitly => table::read(&BITLY, text),
        Format::Shlink => table::read(&SHLINK, text),
        Format::Yourls => table::read(&YOURLS, text),
        Format::Dub => table::read(&DUB, text),
        Format::Kutt => kutt::read(text),
    }
}

/// The refusal of a link a password protects, in either of Lanterne's exports: it is left
/// out rather than carried over open, as an export never holds the password.
fn password_protected() -> Message {
    Message::new("refusal-import-password")
}

/// Whether a file opens a JSON list or object, which no CSV file with a URL column does.
fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with(['[', '{'])
}

/// Why a file is not the JSON of its format: not JSON at all (`not_json`), or JSON cut or
/// broken at a place (`broken`, a message with its line and column).
fn json_refusal(
    text: &str,
    error: &serde_json::Error,
    not_json: Message,
    broken: &'static str,
) -> Message {
    if looks_like_json(text) {
        Message::new(broken)
            .with("line", error.line() as i64)
            .with("column", error.column() as i64)
    } else {
        not_json
    }
}

/// A file's text: UTF-8 when it is (with or without a byte-order mark), else Windows-1252,
/// which French and other Western Excel write "CSV" files in (every byte is a character in
/// it, so no file is refused for its encoding).
pub fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.into(),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// The slug of a short URL: its path without the first '/', when it has one ("bit.ly/abc"
/// is read as https://bit.ly/abc), decoded as it was typed (the URL parser encodes a space
/// as `%20`, and a refusal should name the space, not the `%`).
fn slug_of_short_url(short: &str) -> Option<String> {
    let short = short.trim();
    let url = url::Url::parse(short)
        .or_else(|_| url::Url::parse(&format!("https://{short}")))
        .ok()?;
    let path = url.path().trim_start_matches('/').trim_end_matches('/');
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    (!path.is_empty()).then(|| path.into_owned())
}

/// Tags in one cell, split on ',' and '|' (Dub joins them with ", ", Shlink with '|').
fn split_tags(cell: &str) -> Vec<String> {
    cell.split([',', '|'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_windows_1252_file_is_read_as_french_excel_wrote_it() {
        // "Soldes d'été" and "Noël" as Windows-1252 bytes, ';'-separated, CRLF.
        let mut file = b"link;long_url;title;created_at;tags\r\n".to_vec();
        file.extend(
            b"bit.ly/ete;https://boutique.example/ete;Soldes d'\xe9t\xe9;2024-05-02;f\xeate\r\n",
        );
        file.extend(b"bit.ly/noel;https://boutique.example/no\xebl;No\xebl;2024-12-01;\r\n");
        assert_eq!(
            decode(&file).lines().nth(2).unwrap(),
            "bit.ly/noel;https://boutique.example/noël;Noël;2024-12-01;"
        );
        let rows: Vec<Row> = read(Format::Bitly, &file)
            .unwrap()
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].slug.as_deref(), Some("ete"));
        assert_eq!(rows[0].tags, ["fête"]);
        assert_eq!(rows[1].url, "https://boutique.example/noël");
        // UTF-8 stays UTF-8: "é" is not read as "Ã©".
        assert_eq!(decode("été".as_bytes()), "été");
    }

    #[test]
    fn short_urls_give_their_slugs() {
        assert_eq!(
            slug_of_short_url("https://dub.sh/abc").as_deref(),
            Some("abc")
        );
        assert_eq!(slug_of_short_url("bit.ly/3xYz").as_deref(), Some("3xYz"));
        assert_eq!(slug_of_short_url("https://bit.ly/"), None);
        assert_eq!(
            slug_of_short_url("https://bit.ly/espace dans").as_deref(),
            Some("espace dans"),
            "as typed, for the refusal to name the space"
        );
    }

    #[test]
    fn a_yourls_table_without_a_header_is_read_in_the_table_s_order() {
        let dump = "promo,https://example.org/p,Promo,2019-06-01 12:00:00,203.0.113.9,31\n";
        let rows = read(Format::Yourls, dump.as_bytes()).unwrap();
        let row = rows[0].as_ref().unwrap();
        assert_eq!((row.line, row.slug.as_deref()), (1, Some("promo")));
        assert_eq!(
            (row.url.as_str(), row.created_at),
            ("https://example.org/p", Some(1_559_390_400_000))
        );
    }

    #[test]
    fn kutt_pages_one_after_another_are_read_with_their_lines() {
        let pages = "{\"data\": [{\"address\": \"a\", \"target\": \"https://example.org/a\"}]}\n\
                     {\"data\": [\n{\"address\": \"b\"}]}\n";
        let rows = read(Format::Kutt, pages.as_bytes()).unwrap();
        assert_eq!(rows[0].as_ref().unwrap().slug.as_deref(), Some("a"));
        assert_eq!(
            rows[1],
            Err(Problem {
                line: 3,
                reason: Message::new("refusal-import-no-target")
            })
        );
    }

    #[test]
    fn lanterne_csv_options_are_read_as_the_json_s_and_only_from_their_columns() {
        let rows = |text: &str| -> Vec<Row> {
            read(Format::Csv, text.as_bytes())
                .unwrap()
                .into_iter()
                .map(Result::unwrap)
                .collect()
        };
        let plain = rows("url,slug,hits\nhttps://a.example/,a,3\n");
        assert_eq!(plain[0].options, None, "no option columns: no options");
        let file = "url,slug,preview_title,max_clicks,rules\n\
                    https://a.example/,a,Soldes,40,\"[{\"\"device\"\":\"\"ios\"\",\"\"url\"\":\"\"https://a.example/ios\"\"}]\"\n\
                    https://b.example/,b,,ten,\n\
                    https://c.example/,c,,,[{broken\n\
                    https://d.example/,d,,,\n";
        let all = rows(file);
        let [a, b, c, d] = &all[..] else {
            panic!("four rows");
        };
        let options = a.options.as_ref().unwrap();
        assert_eq!(a.unreadable, None);
        assert_eq!(options.max_clicks, Some(Some(40)));
        assert_eq!(options.preview.clone().unwrap().unwrap().title, "Soldes");
        assert_eq!(options.rules.as_ref().unwrap().as_ref().unwrap().len(), 1);
        // A cell that cannot be read refuses its row, by its line, naming its column.
        let refusal = |row: &Row| (row.line, row.unreadable.as_ref().unwrap().english());
        let (line, reason) = refusal(b);
        assert!(
            line == 3 && reason.starts_with("max_clicks: invalid type: string \"ten\""),
            "{line}: {reason}"
        );
        let (line, reason) = refusal(c);
        assert!(
            line == 4 && reason.starts_with("rules: invalid type: string \"[{broken\""),
            "{line}: {reason}"
        );
        let none = d.options.as_ref().unwrap();
        assert_eq!((none.max_clicks, &none.rules), (Some(None), &Some(None)));
    }

    #[test]
    fn a_file_without_a_url_column_is_refused_whole() {
        let refused = read(Format::Dub, b"Link,Clicks\nhttps://dub.sh/a,3\n")
            .unwrap_err()
            .english();
        assert!(refused.contains("URL column"), "{refused}");
    }

    #[test]
    fn tags_split_on_commas_and_bars() {
        assert_eq!(split_tags("a, b|c,,"), ["a", "b", "c"]);
    }
}
