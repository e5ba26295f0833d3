//! The commands behind the command line.

use crate::app::{Application, shutdown_signal};
use crate::auth;
use crate::clock::now_ms;
use crate::config::{ServeArgs, TokenCommand};
use crate::db::Db;

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
    let db = Db::connect(database_url).await?;
    let (examined, changed) = crate::hits::reclassify::run(&db, true).await?;
    println!("Re-classified {examined} hits: {changed} changed.");
    db.close().await;
    Ok(())
}

pub async fn token(database_url: &str, command: TokenCommand) -> anyhow::Result<()> {
    match command {
        TokenCommand::Create { name, role } => {
            let role: auth::Role = role.parse().map_err(anyhow::Error::msg)?;
            let db = Db::connect(database_url).await?;
            let token = auth::create_token(&db, &name, role, now_ms()).await?;
            println!("Created API token {name:?} with role {role}. It is shown only once:");
            println!("{token}");
            db.close().await;
            Ok(())
        }
    }
}
