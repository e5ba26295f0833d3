//! A refused form puts the keyboard on the field to mend: the page it answers with focuses
//! that field, which says what is wrong with it (its `aria-describedby`).

use crate::support::{
    click_submit, desktop_chrome, landing_page, serve, set_up_as_ada, sqlite_url,
};

/// A new link whose slug is taken: once refused, the slug field has the focus, marked
/// invalid, described by the sentence that says so, and still holds what was typed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn focus_lands_on_the_field_a_refusal_is_about() {
    let Some(browser) = desktop_chrome().await else {
        return;
    };
    let (base, mut running) = serve(&sqlite_url("browser-field-errors")).await;
    set_up_as_ada(&browser, &base).await;
    let shop = landing_page().await;
    for _ in 0..2 {
        browser.fill("url", &format!("{shop}/spring")).await;
        browser.fill("slug", "spring").await;
        click_submit(&browser, "/links").await;
    }
    let focused = browser
        .run(
            "const f = document.activeElement; \
             const said = document.getElementById(f.getAttribute('aria-describedby') || ''); \
             return [f.id, f.getAttribute('aria-invalid'), said ? said.textContent : null, f.value];",
        )
        .await;
    assert_eq!(focused[0], "slug", "{focused}");
    assert_eq!(focused[1], "true", "{focused}");
    let said = focused[2].as_str().unwrap_or_default();
    assert!(said.contains("already taken"), "{focused}");
    assert_eq!(focused[3], "spring", "{focused}");
    browser.close().await;
    running.stop().await;
}
