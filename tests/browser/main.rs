//! End to end in headless Chromium (Debian's `chromium` and `chromium-driver`): first-run
//! setup, sign-in, a campaign's share kit of three channels, a click on one of its links
//! counted on the campaign's page, a user added, the dashboard with demo data free of
//! console errors, hostile names, tags, referrers and user agents shown as text without
//! running on every page; Settings → Sites' forms stacked on a phone. Screenshots of the main
//! pages, at a desktop and a phone-sized window, go to `test-artifacts/`. The names a screen
//! reader says for each row's controls on the lists (links, a campaign and its kit, Settings)
//! name their row, as do the fields of a link's targeting rules and A/B variants; tables of
//! figures (campaigns, reports, dashboards) say what they hold in their caption. A card image
//! uploaded on a link's edit page, in the share kit and in a campaign's settings. A campaign's
//! report printed to PDF (`print`).
//!
//! One module a page or feature area; `support` starts the browser and the server and signs
//! in, `accessible` reads what a screen reader says. Without chromedriver each test says
//! loudly that it was skipped (and fails under CI).

mod accessible;
mod campaign;
mod captions;
mod card_images;
#[path = "../support/chromium.rs"]
mod chromium;
mod dashboard;
mod field_errors;
mod first_run;
mod hostile;
mod link_edit;
mod links_page;
mod print;
#[path = "../support/server.rs"]
mod server;
mod settings;
mod support;
