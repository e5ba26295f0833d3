//! `lanterne user`: the operator's hand on the web UI's accounts, for what the UI cannot do for
//! itself (the first admin, a forgotten password with no one signed in to reset it) and for
//! scripts.

use super::{minute, on_existing, table};
use crate::auth::{self, Role};
use crate::config::UserCommand;
use crate::db::Db;
use crate::db::users::UserChange;

pub async fn user(database_url: &str, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Create { email, role } => {
            // A wrong role or address is said before the database is looked for, and the
            // database before a password is asked: nobody types one for a database not there.
            let role: Role = role.parse().map_err(anyhow::Error::msg)?;
            let email = address(&email)?;
            on_existing(database_url, async |db| create(db, &email, role).await).await
        }
        UserCommand::List => on_existing(database_url, list).await,
        UserCommand::SetRole { email, role } => {
            let role: Role = role.parse().map_err(anyhow::Error::msg)?;
            let email = address(&email)?;
            on_existing(database_url, async |db| set_role(db, &email, role).await).await
        }
        UserCommand::SetPassword { email } => {
            let email = address(&email)?;
            on_existing(database_url, async |db| set_password(db, &email).await).await
        }
        UserCommand::Delete { email } => {
            let email = address(&email)?;
            on_existing(database_url, async |db| delete(db, &email).await).await
        }
    }
}

/// An address as accounts keep it: trimmed and lowercased, and shaped like an email.
fn address(email: &str) -> anyhow::Result<String> {
    let email = email.trim().to_lowercase();
    auth::users::check_email(&email).map_err(anyhow::Error::msg)?;
    Ok(email)
}

async fn create(db: &Db, email: &str, role: Role) -> anyhow::Result<()> {
    let password = new_password(email)?;
    auth::password::check_strength(&password).map_err(anyhow::Error::msg)?;
    auth::users::add(db, email, &password, role).await?;
    println!("Created {role} {email}.");
    Ok(())
}

/// The users as a table, by email.
async fn list(db: &Db) -> anyhow::Result<()> {
    let users = db.list_users().await?;
    if users.is_empty() {
        println!("No users yet: `lanterne user create --email EMAIL` makes the first admin.");
        return Ok(());
    }
    let header = ["EMAIL", "ROLE", "SINCE"].map(String::from);
    let rows = users
        .into_iter()
        .map(|u| [u.email, u.role, minute(u.created_at)]);
    print!("{}", table(std::iter::once(header).chain(rows).collect()));
    Ok(())
}

/// The id of the account `email`, or the refusal that names it.
async fn account(db: &Db, email: &str) -> anyhow::Result<i64> {
    match db.user_by_email(email).await? {
        Some(user) => Ok(user.id),
        None => anyhow::bail!("no user has the email {email}: `lanterne user list` shows them"),
    }
}

/// What a guarded change came to, said as the command's outcome.
fn outcome(change: UserChange, email: &str, done: String) -> anyhow::Result<()> {
    match change {
        UserChange::Done => {
            println!("{done}");
            Ok(())
        }
        UserChange::Missing => anyhow::bail!("no user has the email {email}"),
        UserChange::LastAdmin => anyhow::bail!(
            "{email} is the last admin, and a server needs one: make another admin first"
        ),
    }
}

async fn set_role(db: &Db, email: &str, role: Role) -> anyhow::Result<()> {
    let id = account(db, email).await?;
    let change = db.set_user_role(id, role.as_str()).await?;
    outcome(change, email, format!("{email} is now {role}."))
}

async fn set_password(db: &Db, email: &str) -> anyhow::Result<()> {
    let id = account(db, email).await?;
    let password = new_password(email)?;
    auth::password::check_strength(&password).map_err(anyhow::Error::msg)?;
    let hash = auth::password::hash_apart(&password).await;
    db.reset_password(id, &hash).await?;
    println!("Set a new password for {email}; their sessions have ended.");
    Ok(())
}

async fn delete(db: &Db, email: &str) -> anyhow::Result<()> {
    let id = account(db, email).await?;
    let change = db.delete_user(id).await?;
    outcome(change, email, format!("Deleted {email}."))
}

/// The password for `email`: `LANTERNE_ADMIN_PASSWORD`, else typed at the terminal, else the
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
