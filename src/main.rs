//! `lanterne`: parse the command line, set up logging, run the command.

use std::process::ExitCode;

use lanterne::config::{Cli, Command};

#[tokio::main]
async fn main() -> ExitCode {
    lanterne::telemetry::init();
    match run(Cli::read()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            lanterne::cli::report_error(&err);
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        None | Some(Command::Serve) => lanterne::cli::serve(&cli.database_url, &cli.serve).await,
        Some(Command::User(command)) => lanterne::cli::user(&cli.database_url, command).await,
        Some(Command::Demo { hits, seed, force }) => {
            lanterne::cli::demo(&cli.database_url, &cli.serve, hits, seed, force).await
        }
        Some(Command::Reclassify) => lanterne::cli::reclassify(&cli.database_url).await,
        Some(Command::Token(command)) => lanterne::cli::token(&cli.database_url, command).await,
        Some(Command::Import(args)) => {
            lanterne::cli::import(&cli.database_url, &cli.serve, args).await
        }
        Some(Command::Export { format, output }) => {
            lanterne::cli::export(&cli.database_url, &cli.serve, format, output.as_deref()).await
        }
        Some(Command::Backup { file }) => lanterne::cli::backup(&cli.database_url, &file).await,
    }
}
