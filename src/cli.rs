//! The commands behind the command line.

use anyhow::Context;

use crate::app::{Application, shutdown_signal};
use crate::auth;
use crate::clock::now_ms;
use crate::config::{ExportFormat, ImportArgs, ServeArgs, TokenCommand, UserCommand};
use crate::db::Db;

/// What a failed command prints: the error and its causes, as anyhow prints them, but never
/// the backtrace it adds under `RUST_BACKTRACE=1` (common on developers' machines): a wrong
/// setting or argument is not a crash.
pub fn report_error(err: &anyhow::Error) {
    eprintln!("Error: {err}");
    let causes: Vec<_> = err.chain().skip(1).collect();
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
            let role: auth::Role = role.parse().map_err(anyhow::Error::msg)?;
            let db = Db::connect_existing(database_url).await?;
            let token = auth::create_token(&db, &name, role, now_ms()).await?;
            println!("Created API token {name:?} with role {role}. It is shown only once:");
            println!("{token}");
            db.close().await;
            Ok(())
        }
    }
}

pub async fn user(database_url: &str, command: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Create { email, role } = command;
    let role: auth::Role = role.parse().map_err(anyhow::Error::msg)?;
    let email = email.trim().to_lowercase();
    auth::users::check_email(&email).map_err(anyhow::Error::msg)?;
    // The database first: nobody types a password for a database that is not there.
    let db = Db::connect_existing(database_url).await?;
    let created = async {
        let password = new_password(&email)?;
        auth::password::check_strength(&password).map_err(anyhow::Error::msg)?;
        Ok::<_, anyhow::Error>(auth::users::add(&db, &email, &password, role).await?)
    }
    .await;
    db.close().await;
    created?;
    println!("Created {role} {email}.");
    Ok(())
}

/// The new user's password: `LANTERNE_ADMIN_PASSWORD`, else typed at the terminal, else the
/// first line of standard input.
fn new_password(email: &str) -> anyhow::Result<String> {
    Ok(match std::env::var("LANTERNE_ADMIN_PASSWORD") {
        Ok(password) => password,
        Err(_) if std::io::IsTerminal::is_terminal(&std::io::stdin()) => {
            rpassword::prompt_password(format!("Password for {email}: "))?
        }
        Err(_) => {
            // Piped in (`echo … | lanterne user create`); nothing there is no password at all.
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                anyhow::bail!("no password: set LANTERNE_ADMIN_PASSWORD or run in a terminal");
            }
            line.to_owned()
        }
    })
}

pub async fn demo(
    database_url: &str,
    args: &ServeArgs,
    hits: u64,
    seed: u64,
) -> anyhow::Result<()> {
    // Demo data is a way to start: it may make the database.
    let db = Db::connect(database_url).await?;
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
