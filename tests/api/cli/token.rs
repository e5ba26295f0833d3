//! `lanterne token`: tokens made, listed and revoked from the command line, and the names it
//! refuses.

use lanterne::auth::Role;

use super::{printed, run_on, said};
use crate::both;
use crate::helpers::TestApp;

/// `lanterne token create --name NAME`'s token (its last line).
fn token_made(database_url: &str, name: &str) -> String {
    let output = run_on(
        database_url,
        &["token", "create", "--name", name, "--role", "analyst"],
    );
    assert!(output.status.success(), "{}", said(&output));
    printed(&output).lines().last().unwrap().trim().to_owned()
}

/// The `token list` row of the token named `name` (the first, newest).
fn listed(database_url: &str, name: &str) -> Vec<String> {
    let output = run_on(database_url, &["token", "list"]);
    assert!(output.status.success(), "{}", said(&output));
    printed(&output)
        .lines()
        .map(|line| line.split("  ").map(str::trim).filter(|c| !c.is_empty()))
        .map(|cells| cells.map(str::to_owned).collect::<Vec<_>>())
        .find(|cells| cells.get(1).map(String::as_str) == Some(name))
        .unwrap_or_else(|| panic!("{name} not listed"))
}

async fn api_tokens_are_listed_and_revoked_from_the_command_line(app: &TestApp) {
    let status = |token: String| async move {
        let (status, _) = app
            .api_as(&token, reqwest::Method::GET, "/links", None)
            .await;
        status
    };
    let ci = token_made(&app.database_url, "ci");
    assert_eq!(status(ci.clone()).await, 200);
    let list = printed(&run_on(&app.database_url, &["token", "list"]));
    assert!(
        list.starts_with("ID") && list.contains("NAME") && list.contains("REVOKED"),
        "{list}"
    );
    assert!(!list.contains(&ci) && !list.contains("lnt_"), "{list}");
    let row = listed(&app.database_url, "ci");
    assert_eq!((row[2].as_str(), row.len()), ("analyst", 5), "{row:?}");
    assert!(row[3].ends_with(" UTC") && row[4] == "-", "{row:?}");
    // Two tokens of one name: a revocation by that name never guesses.
    let (first, second) = (
        token_made(&app.database_url, "laptop"),
        token_made(&app.database_url, "laptop"),
    );
    let output = run_on(&app.database_url, &["token", "revoke", "laptop"]);
    assert!(!output.status.success());
    assert!(
        said(&output).contains("\"laptop\" matches 2 live API tokens (ids ")
            && said(&output).contains("): revoke one with --id ID"),
        "{}",
        said(&output)
    );
    let output = run_on(&app.database_url, &["token", "revoke", "nobody"]);
    assert!(!output.status.success());
    assert!(
        said(&output).contains("no API token matches \"nobody\": `lanterne token list` shows"),
        "{}",
        said(&output)
    );
    // Revoked by name: refused at once by the server that runs.
    let output = run_on(&app.database_url, &["token", "revoke", "ci"]);
    assert!(output.status.success(), "{}", said(&output));
    let id = listed(&app.database_url, "ci")[0].clone();
    assert_eq!(
        printed(&output).trim(),
        format!("Revoked API token \"ci\" (id {id}): the API refuses it from now on.")
    );
    assert_eq!(status(ci).await, 401);
    assert!(listed(&app.database_url, "ci")[4].ends_with(" UTC"));
    let output = run_on(&app.database_url, &["token", "revoke", &id]);
    assert!(
        said(&output).contains(&format!(
            "names no live API token: it was revoked already (id {id})"
        )),
        "{}",
        said(&output)
    );
    // By id: the newest "laptop" goes, the other stays.
    let newest = listed(&app.database_url, "laptop")[0].clone();
    let output = run_on(&app.database_url, &["token", "revoke", "--id", &newest]);
    assert!(output.status.success(), "{}", said(&output));
    assert_eq!(status(second).await, 401);
    assert_eq!(status(first).await, 200);
    assert_eq!(status(app.token.clone()).await, 200);
}
both!(api_tokens_are_listed_and_revoked_from_the_command_line);

/// `lanterne token create` refuses the names the web form refuses (one check, in
/// `auth::token`), says why on standard error and makes no token; a name is kept without the
/// spaces around it, as the form keeps it.
async fn token_create_refuses_the_names_the_web_form_refuses(app: &TestApp) {
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let long = "x".repeat(65);
    let refusals = [
        ("", "an API token's name must not be blank"),
        ("  \t ", "an API token's name must not be blank"),
        (
            long.as_str(),
            "an API token's name has at most 64 characters",
        ),
        (
            "ci\u{1b}[2J",
            "an API token's name must not contain control characters",
        ),
        (
            "ci\nprod",
            "an API token's name must not contain control characters",
        ),
    ];
    for (name, why) in refusals {
        let output = run_on(&app.database_url, &["token", "create", "--name", name]);
        assert!(!output.status.success(), "{name:?} was taken");
        assert_eq!(said(&output).trim(), format!("Error: {why}: {name:?}"));
        assert_eq!(printed(&output), "", "{name:?}");
        // The web form, with the same reason as a sentence (an apostrophe is escaped in
        // HTML).
        let mut why = why.replace('\'', "&#39;") + ".";
        why[..1].make_ascii_uppercase();
        admin
            .assert_refused(
                "/settings/tokens",
                &[("name", name), ("role", "analyst")],
                422,
                &why,
            )
            .await;
    }
    let list = printed(&run_on(&app.database_url, &["token", "list"]));
    assert_eq!(
        list.lines().count(),
        2,
        "only the tests' own token:\n{list}"
    );
    token_made(&app.database_url, "  ci ");
    assert_eq!(listed(&app.database_url, "ci")[2], "analyst");
}
both!(token_create_refuses_the_names_the_web_form_refuses);
