//! The commands behind the command line.

use anyhow::Context;

use crate::app::{Application, shutdown_signal};
use crate::auth;
use crate::clock::now_ms;
use crate::config::{ExportFormat, ImportArgs, ServeArgs, TokenCommand};
use crate::db::Db;

mod user;
pub use user::user;

/// What a failed command prints: the error and its causes, laid out as anyhow prints them and
/// worded by [`crate::error::operator_text`], but never the backtrace anyhow adds under
/// `RUST_BACKTRACE=1` (common on developers' machines): a wrong setting or argument is not a
/// crash.
pub fn report_error(err: &anyhow::Error) {
    let said = crate::error::operator_text(err.chain());
    let (first, causes) = said.split_first().expect("an error says something");
    eprintln!("Error: {first}");
    if !causes.is_empty() {
        eprintln!("\nCaused by:");
        for cause in causes {
            eprintln!("    {cause}");
        }
    }
}

pub async fn serve(database_url: &str, args: &ServeArgs) -> anyhow::Result<()> {
    let app = Application::build(database_url, args).await?;
    tracing::info!(
        address = %app.local_addr(),
        database = app.state().db.backend(),
        base_url = %app.state().base_url,
        "Lanterne is listening"
    );
    app.run_until(shutdown_signal()).await
}

pub async fn reclassify(database_url: &str) -> anyhow::Result<()> {
    let db = Db::connect_existing(database_url).await?;
    let (examined, changed) = crate::hits::reclassify::run(&db, true).await?;
    println!("Re-classified {examined} hits: {changed} changed.");
    db.close().await;
    Ok(())
}

pub async fn token(database_url: &str, command: TokenCommand) -> anyhow::Result<()> {
    match command {
        TokenCommand::Create { name, role } => {
            // A wrong role or name is said before the database is looked for.
            let role: auth::Role = role.parse().map_err(anyhow::Error::msg)?;
            let name = auth::token::check_name(&name)
                .map_err(|refusal| anyhow::anyhow!("{}: {name:?}", refusal.english()))?;
            on_existing(database_url, async |db| create_token(db, name, role).await).await
        }
        TokenCommand::List => on_existing(database_url, list_tokens).await,
        TokenCommand::Revoke { token, id } => {
            let key = match (id, token) {
                (Some(id), _) => auth::TokenKey::Id(id),
                (None, token) => auth::TokenKey::NameOrId(token.unwrap_or_default()),
            };
            on_existing(database_url, async |db| revoke_token(db, &key).await).await
        }
    }
}

/// `command` run on the database that is there (see [`Db::connect_existing`]), closed after.
async fn on_existing<T>(
    database_url: &str,
    command: impl AsyncFnOnce(&Db) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let db = Db::connect_existing(database_url).await?;
    let done = command(&db).await;
    db.close().await;
    done
}

async fn create_token(db: &Db, name: &str, role: auth::Role) -> anyhow::Result<()> {
    let token = auth::create_token(db, name, role, now_ms()).await?;
    println!("Created API token {name:?} with role {role}. It is shown only once:");
    println!("{token}");
    Ok(())
}

/// The tokens as a table, newest first. Only digests are stored, so the id is what names a
/// token here; when a token was last used is not recorded.
async fn list_tokens(db: &Db) -> anyhow::Result<()> {
    let tokens = db.list_tokens().await?;
    if tokens.is_empty() {
        println!("No API tokens yet: `lanterne token create --name NAME` makes one.");
        return Ok(());
    }
    let header = ["ID", "NAME", "ROLE", "CREATED", "REVOKED"].map(String::from);
    let rows = tokens.into_iter().map(|t| {
        [
            t.id.to_string(),
            // A name is text the operator typed; a control character must not garble the table.
            t.name.escape_debug().to_string(),
            t.role,
            minute(t.created_at),
            t.revoked_at.map_or_else(|| "-".to_owned(), minute),
        ]
    });
    print!("{}", table(std::iter::once(header).chain(rows).collect()));
    Ok(())
}

async fn revoke_token(db: &Db, key: &auth::TokenKey) -> anyhow::Result<()> {
    let tokens = db.list_tokens().await?;
    let token = auth::pick_to_revoke(&tokens, key).map_err(anyhow::Error::msg)?;
    // Tokens are looked up in the database at every request, never cached: refused at once.
    if !db.revoke_token(token.id, now_ms()).await? {
        anyhow::bail!(
            "API token {:?} (id {}) was revoked meanwhile",
            token.name,
            token.id
        );
    }
    println!(
        "Revoked API token {:?} (id {}): the API refuses it from now on.",
        token.name, token.id
    );
    Ok(())
}

/// Unix ms as `2026-11-22 13:45 UTC`.
fn minute(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// Rows as columns padded to their widest cell, two spaces apart.
fn table<const N: usize>(rows: Vec<[String; N]>) -> String {
    let mut widths = [0; N];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

pub async fn demo(
    database_url: &str,
    args: &ServeArgs,
    hits: u64,
    seed: u64,
    force: bool,
) -> anyhow::Result<()> {
    // Demo data is a way to start: it may make the database.
    let db = Db::connect(database_url).await?;
    if !force && let Err(err) = crate::demo::check_unused(&db).await {
        db.close().await;
        return Err(err);
    }
    let started = std::time::Instant::now();
    let (links, hits) = crate::demo::fill(&db, hits, seed).await?;
    // Counted into rollups now, so the first look at the dashboard is as fast as any other.
    db.tidy_after_bulk_load().await?;
    db.adopt_rollup_timezone(&args.timezone).await?;
    crate::hits::rollup::fold_all(&db).await?;
    db.tidy_after_bulk_load().await?;
    println!(
        "Created {links} demo links and {hits} hits over {} days in {:.1} s. Start Lanterne and open the dashboard.",
        crate::demo::DAYS,
        started.elapsed().as_secs_f64()
    );
    db.close().await;
    Ok(())
}

pub async fn import(database_url: &str, serve: &ServeArgs, args: ImportArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let rows = crate::import::read(args.format, &bytes).map_err(|e| anyhow::anyhow!("{e}"))?;
    let options = crate::import::command::options(serve, &args)?;
    let db = Db::connect_existing(database_url).await?;
    let done = crate::import::command::run(&db, rows, &options, args.dry_run).await;
    db.close().await;
    done
}

pub async fn export(
    database_url: &str,
    serve: &ServeArgs,
    format: ExportFormat,
    output: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let db = Db::connect_existing(database_url).await?;
    let links = crate::export::all_links(&db).await;
    db.close().await;
    let bytes = crate::export::write(&links?, format, &serve.public_url(serve.listen))?;
    match output {
        Some(path) => std::fs::write(path, bytes)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::Write::write_all(&mut std::io::stdout().lock(), &bytes)?,
    }
    Ok(())
}

pub async fn backup(database_url: &str, file: &std::path::Path) -> anyhow::Result<()> {
    let db = Db::connect_existing(database_url).await?;
    let started = std::time::Instant::now();
    let copied = db.backup_into(file).await;
    db.close().await;
    copied?;
    println!(
        "Copied the database to {} in {:.1} s.",
        file.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
