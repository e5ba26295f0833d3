//! `lanterne import`: the options from the command line, a progress bar while the rows are
//! written, and the summary with every problem by line. Fails (exit status 1) when a row
//! was not imported.

use indicatif::{ProgressBar, ProgressStyle};

use super::check::{check_domain, registered};
use super::{ImportOptions, Problem, Row, Verdict, apply, check};
use crate::config::{ImportArgs, ServeArgs};
use crate::db::Db;

/// The import's options from the command line ([`run`] checks `--domain`).
pub fn options(serve: &ServeArgs, args: &ImportArgs) -> anyhow::Result<ImportOptions> {
    let base_url = serve.public_url(serve.listen);
    Ok(ImportOptions {
        domain: args.domain.clone(),
        campaign: args.campaign.clone(),
        refused_hosts: serve.refused_hosts(&base_url)?,
        base_url,
    })
}

pub async fn run(
    db: &Db,
    rows: Vec<Result<Row, Problem>>,
    options: &ImportOptions,
    dry_run: bool,
) -> anyhow::Result<()> {
    if let Some(domain) = &options.domain {
        // A `--domain` Lanterne does not serve stops the import before any row is checked.
        let registered = registered(db).await?;
        check_domain(domain, &options.base_host(), &registered)
            .map_err(|e| anyhow::anyhow!("--domain: {e}"))?;
    }
    let plan = check(db, rows, options).await?;
    let problems = plan.problems();
    if dry_run {
        println!(
            "Would import {}; {} unchanged; {} not imported.",
            links(plan.count(|v| *v == Verdict::New)),
            plan.count(|v| *v == Verdict::Unchanged),
            problems.len()
        );
        return report(&problems);
    }
    let bar = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        ProgressBar::new(plan.rows.len() as u64)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows ({percent}%), {eta} left")
            .expect("a valid template"),
    );
    let summary = apply(db, plan, &|done| bar.set_position(done as u64)).await?;
    bar.finish_and_clear();
    if summary.created > 0 {
        // Instances that answered "unknown" for one of these slugs forget it.
        db.announce_link_change("import", crate::db::EVERY_LINK)
            .await;
    }
    println!(
        "Imported {}; {} unchanged; {} not imported.",
        links(summary.created),
        summary.unchanged,
        summary.problems.len()
    );
    report(&summary.problems)
}

/// `1 link`, `3 links`: the command speaks English only, as its other output does.
fn links(n: usize) -> String {
    match n {
        1 => "1 link".to_owned(),
        n => format!("{n} links"),
    }
}

fn report(problems: &[Problem]) -> anyhow::Result<()> {
    for problem in problems {
        eprintln!("{problem}");
    }
    match problems.len() {
        0 => Ok(()),
        1 => anyhow::bail!("1 row was not imported"),
        n => anyhow::bail!("{n} rows were not imported"),
    }
}
