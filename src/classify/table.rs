//! Reading the compiled-in TSV tables: `#` comments, blank lines, tab-separated columns.

/// The data lines of a table, split on tabs (a missing trailing column reads as "").
pub fn rows(text: &'static str) -> impl Iterator<Item = [&'static str; 3]> {
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let mut columns = line.split('\t');
            let mut next = || columns.next().unwrap_or("");
            [next(), next(), next()]
        })
}

/// The source named in a table; the tables are tested, so an unknown name is a bug.
pub fn source(name: &str) -> super::Source {
    name.parse()
        .unwrap_or_else(|e| panic!("classifier table: {e}"))
}
