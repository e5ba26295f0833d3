//! Importing links from a file (Lanterne's own CSV or JSON, or another shortener's export): read
//! the rows, check each against the rules a new link passes and the links already stored,
//! then write the new ones in bulk, keeping their slugs.
//!
//! A second import of the same file changes nothing: a row whose slug already leads to its
//! URL is "unchanged", as is a row with no slug whose URL some link already leads to. An
//! import never modifies a stored link: a row whose slug leads to its URL but whose file
//! gives it other options (or campaign, channel, tags, on state) is refused by its line,
//! as a row whose slug leads elsewhere is, rather than counted unchanged.

pub mod apply;
pub mod carried;
pub mod check;
pub mod command;
pub mod formats;

pub use apply::{Summary, apply};
pub use carried::Carried;
pub use check::{Checked, ImportOptions, Plan, Verdict, check};
pub use formats::{Format, read};

use crate::i18n::Message;
use crate::links::options::input::OptionsPatch;

/// One link as the file describes it, before any check.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// Where the row starts in the file (1 is the first line).
    pub line: u64,
    pub url: String,
    pub slug: Option<String>,
    /// A domain the file names for the link itself (Lanterne's CSV); other tools' short
    /// domains are where the link used to live, not where it goes.
    pub domain: Option<String>,
    pub campaign: Option<String>,
    pub channel: Option<String>,
    pub tags: Vec<String>,
    /// Unix milliseconds.
    pub created_at: Option<i64>,
    /// The link's options, as Lanterne's JSON export or its CSV's option columns give them
    /// (not checked yet); `None` for the formats and files that carry none.
    pub options: Option<OptionsPatch>,
    /// Turned off where it was exported (Lanterne's JSON or CSV): it is imported turned off.
    pub turned_off: bool,
    /// What the file gives the link besides its URL and slug (a column of the CSV, a key of
    /// the JSON object, even empty): what a link already stored under the slug is compared on.
    pub carries: Vec<Carried>,
    /// A cell that could not be read (a date in no known format), or a link that cannot be
    /// carried over (one a password protects): the row is refused, and shown with what was
    /// read of it.
    pub unreadable: Option<Message>,
}

/// A row that cannot be imported, and why: in English for the command, in the viewer's
/// language on the import page.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: u64,
    pub reason: Message,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}
