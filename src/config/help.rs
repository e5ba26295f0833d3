//! The command line as parsed, with each command's `--help` showing only the server settings
//! that command reads.
//!
//! The settings stay global, so `lanterne --listen … serve`, `lanterne serve --listen …`,
//! `lanterne --listen …` and their environment variables all keep working, whatever the
//! command; only the help of the commands that ignore a setting stops listing it.

use clap::{CommandFactory, FromArgMatches};

use super::{Cli, SERVER_SETTINGS};

/// The server settings each command other than `serve` reads (by field name); a command not
/// named here shows them all.
const READ_BY: [(&str, &[&str]); 7] = [
    ("demo", &["timezone"]),
    ("import", &["listen", "base_url", "blocked_domains"]),
    ("export", &["listen", "base_url"]),
    ("reclassify", &[]),
    ("token", &[]),
    ("user", &[]),
    ("backup", &[]),
];

impl Cli {
    /// The command line of this process, or exits with clap's message (or help).
    pub fn read() -> Cli {
        let matches = Cli::shown().get_matches();
        Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit())
    }

    /// The command line's definition, each command's help trimmed to what it reads.
    pub fn shown() -> clap::Command {
        let mut cli = Cli::command();
        // Copies the global settings into every command, where they can then be hidden.
        cli.build();
        READ_BY.iter().fold(cli, |cli, (name, reads)| {
            cli.mut_subcommand(name, |command| hide_unread(command, reads))
        })
    }
}

/// `command` (and the commands under it) with the server settings outside `reads` hidden:
/// still accepted, no longer listed.
fn hide_unread(command: clap::Command, reads: &[&str]) -> clap::Command {
    command
        .mut_args(|arg| {
            let unread = arg.get_help_heading() == Some(SERVER_SETTINGS)
                && !reads.contains(&arg.get_id().as_str());
            if unread { arg.hide(true) } else { arg }
        })
        .mut_subcommands(|sub| hide_unread(sub, reads))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::{Cli, READ_BY, SERVER_SETTINGS};

    #[test]
    fn every_setting_a_command_is_said_to_read_is_a_server_setting() {
        Cli::shown().debug_assert();
        let settings: Vec<String> = Cli::command()
            .get_arguments()
            .filter(|arg| arg.get_help_heading() == Some(SERVER_SETTINGS))
            .map(|arg| arg.get_id().to_string())
            .collect();
        for (command, reads) in READ_BY {
            for id in reads {
                assert!(settings.iter().any(|s| s == id), "{command}: {id}");
            }
        }
    }
}
