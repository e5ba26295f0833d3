//! The command line itself: a mistake said in a line, and each command's help listing only
//! the settings it reads.

use super::{folder, lanterne, printed, said};

/// A user's mistake is said in a line, without the backtrace `RUST_BACKTRACE=1` asks for.
#[test]
fn a_mistake_on_the_command_line_prints_no_backtrace() {
    let dir = folder("backtrace");
    let output = lanterne(&dir, &["token", "create", "--name", "me", "--role", "boss"])
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(said(&output).starts_with("Error: "), "{}", said(&output));
    assert!(!said(&output).contains("backtrace"), "{}", said(&output));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_commands_help_lists_the_server_settings_it_reads_and_no_other() {
    let dir = folder("help");
    let help = |args: &[&str]| printed(&lanterne(&dir, args).arg("--help").output().unwrap());
    let create = help(&["token", "create"]);
    assert!(create.contains("--name") && create.contains("--database-url"));
    assert!(
        !create.contains("Server settings") && !create.contains("--listen"),
        "{create}"
    );
    let export = help(&["export"]);
    assert!(export.contains("--base-url") && export.contains("--listen"));
    assert!(!export.contains("--spool-dir"), "{export}");
    let demo = help(&["demo"]);
    assert!(
        demo.contains("--timezone") && !demo.contains("--base-url"),
        "{demo}"
    );
    for all in [help(&["serve"]), help(&[])] {
        assert!(
            all.contains("Server settings:") && all.contains("--webhooks-retry-base-ms"),
            "{all}"
        );
    }
    // Still taken anywhere, as before: only the help changed.
    let output = lanterne(&dir, &["token", "list", "--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert!(
        said(&output).contains("no Lanterne database at"),
        "{}",
        said(&output)
    );
    std::fs::remove_dir_all(dir).unwrap();
}
