//! Settings → Sites, for admins: registering the publisher's own sites, the snippet of each
//! ready to copy, whether it is heard (its last event, the hosts refused lately, each added
//! to the site's domains in one click), changing a site's name or domains, and deleting it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::checked_form::AdminForm;
use super::flash::{self, Flash};
use super::form_error::FormError;
use super::forms::CsrfForm;
use super::settings::AdminPage;
use super::{PageError, Viewer};
use crate::app::AppState;
use crate::error::Error;
use crate::i18n::{self, Arg};
use crate::routes::pages::render;
use crate::sites::reception::{self, Reason, Reception};
use crate::sites::{self, Problem, Site};

/// A site as the page shows it.
struct SiteCard {
    site: Site,
    snippet: String,
    snippet_with_options: String,
    /// Its domains that another site lists too, each with that site's name: allowed (a
    /// site and a section of it), but said, since it is most often a slip.
    shared: Vec<(String, String)>,
    /// What its snippet sent lately.
    reception: Reception,
}

#[derive(Template)]
#[template(path = "ui/sites.html")]
struct SitesPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    sites: Vec<SiteCard>,
    /// Lanterne's public URL, for the Content-Security-Policy a site needs.
    base: &'a str,
    /// The form that was refused: `None` for the form registering a site.
    refused: Option<i64>,
    /// What is wrong with the form refused, at its field.
    error: FormError,
    form: SiteForm,
    /// The viewer's time zone, which the times are written in.
    timezone: &'a str,
}

#[derive(Deserialize, Default)]
pub struct SiteForm {
    #[serde(default)]
    name: String,
    /// One per line (commas and spaces separate them too).
    #[serde(default)]
    domains: String,
}

impl SiteForm {
    fn domains(&self) -> Vec<String> {
        self.domains
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|d| !d.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

impl SitesPage<'_> {
    /// Whether the form of site `id` is the one refused (templates pass the id by reference).
    fn refused_is(&self, id: impl std::borrow::Borrow<i64>) -> bool {
        self.refused == Some(*id.borrow())
    }

    /// "Last event received on 07/12/2026 08:13."
    fn last_event(&self, at: &i64) -> String {
        let when = super::view::date_time(*at, self.timezone);
        i18n::t1("sites-last-event", "when", when)
    }

    /// A refused host, why, how many times and when last, in the page's language.
    fn refused_host(&self, r: &reception::Refusal) -> String {
        let key = match r.reason {
            Reason::Page => "sites-refused-page",
            Reason::Origin => "sites-refused-origin",
        };
        i18n::current().text_with(
            key,
            &[
                ("host", Arg::from(r.host.as_str())),
                ("n", Arg::from(r.count)),
                ("count", Arg::from(i18n::count(r.count))),
                (
                    "when",
                    Arg::from(super::view::date_time(r.last_at, self.timezone)),
                ),
            ],
        )
    }
}

/// Why a form was refused: a mistake in it (worded by the template), or the name taken.
enum Refusal {
    Problem(Problem),
    Taken(String),
}

impl Refusal {
    fn status(&self) -> StatusCode {
        match self {
            Refusal::Problem(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Refusal::Taken(_) => StatusCode::CONFLICT,
        }
    }

    /// In words, at its field of the form of site `id` (`None`: the form registering one).
    fn said(&self, id: Option<i64>) -> FormError {
        let t = i18n::t;
        let t1 = |key, given: &String| i18n::t1(key, "given", given.as_str());
        let (field, message) = match self {
            Refusal::Taken(name) => ("name", i18n::t1("site-taken", "name", name.as_str())),
            Refusal::Problem(problem) => match problem {
                Problem::NameMissing => ("name", t("site-name-missing")),
                Problem::NameTooLong => ("name", t("site-name-too-long")),
                Problem::NameControl => ("name", t("site-name-control")),
                Problem::NoDomain => ("domains", t("site-no-domain")),
                Problem::TooManyDomains => ("domains", t("site-too-many-domains")),
                Problem::Wildcard(given) => ("domains", t1("site-wildcard", given)),
                Problem::Credentials(given) => ("domains", t1("site-credentials", given)),
                Problem::HasPath(given) => ("domains", t1("site-has-path", given)),
                Problem::NotWeb(given) => ("domains", t1("site-not-web", given)),
                Problem::NotHost(given) => ("domains", t1("site-not-host", given)),
                Problem::NoDot(given) => ("domains", t1("site-no-dot", given)),
            },
        };
        match id {
            Some(id) => FormError::at(format!("{field}-{id}"), message),
            None => FormError::at(field, message),
        }
    }
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    refused: Option<(Option<i64>, Refusal)>,
    form: SiteForm,
) -> Result<Response, PageError> {
    let (status, refused, error) = match refused {
        None => (StatusCode::OK, None, FormError::default()),
        Some((id, refusal)) => (refusal.status(), id, refusal.said(id)),
    };
    let all = state.db.sites().await?;
    let shared_by = |site: &Site| -> Vec<(String, String)> {
        let others = all.iter().filter(|other| other.id != site.id);
        others
            .flat_map(|other| {
                let on_both = other.domains.iter().filter(|d| site.domains.contains(d));
                on_both.map(|d| (d.clone(), other.name.clone()))
            })
            .collect()
    };
    let receptions = state.sites.receptions(&all).await?;
    let sites = all
        .iter()
        .zip(receptions)
        .map(|(site, reception)| SiteCard {
            snippet: site.snippet(&state.base_url),
            snippet_with_options: site.snippet_with_options(&state.base_url),
            shared: shared_by(site),
            site: site.clone(),
            reception,
        })
        .collect();
    let page = SitesPage {
        section: "sites",
        viewer,
        sites,
        base: &state.base_url,
        refused,
        error,
        form,
        timezone: viewer.timezone(state),
    };
    Ok(render(status, &page))
}

/// The form's mistake, checked here (as the registry checks it again) so that the template
/// can word it; `None` when the form is right.
fn mistake(form: &SiteForm) -> Option<Refusal> {
    let checked = sites::name(&form.name).and_then(|_| sites::domains(&form.domains()));
    checked.err().map(Refusal::Problem)
}

/// A refusal of the registry as the form shows it: the only one the form itself can cause,
/// once checked, is a name another site has.
fn refusal(err: Error, form: &SiteForm) -> Result<Refusal, PageError> {
    match err {
        Error::Conflict(_) => Ok(Refusal::Taken(form.name.trim().to_owned())),
        err => Err(err.into()),
    }
}

pub async fn list(
    State(state): State<AppState>,
    AdminPage(viewer): AdminPage,
) -> Result<Response, PageError> {
    page(&state, &viewer, None, SiteForm::default()).await
}

pub async fn register(
    State(state): State<AppState>,
    AdminForm(viewer, form): AdminForm<SiteForm>,
) -> Result<Response, PageError> {
    if let Some(mistake) = mistake(&form) {
        return page(&state, &viewer, Some((None, mistake)), form).await;
    }
    match state.sites.register(&form.name, &form.domains()).await {
        Ok(site) => {
            let to = format!("/settings/sites#site-{}", site.id);
            Ok(flash::redirect(
                &viewer,
                &to,
                &Flash::SiteRegistered(site.name),
            ))
        }
        Err(err) => {
            let refused = refusal(err, &form)?;
            page(&state, &viewer, Some((None, refused)), form).await
        }
    }
}

pub async fn change(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm(viewer, form): AdminForm<SiteForm>,
) -> Result<Response, PageError> {
    let id = PageError::id_in_path(&id, "site")?;
    if let Some(mistake) = mistake(&form) {
        return page(&state, &viewer, Some((Some(id), mistake)), form).await;
    }
    let domains = form.domains();
    match state
        .sites
        .change(id, Some(&form.name), Some(&domains))
        .await
    {
        Ok(_) => {
            let to = format!("/settings/sites#site-{id}");
            Ok(flash::redirect(&viewer, &to, &Flash::SiteSaved))
        }
        Err(err) => {
            let refused = refusal(err, &form)?;
            page(&state, &viewer, Some((Some(id), refused)), form).await
        }
    }
}

pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm(viewer, _): AdminForm<CsrfForm>,
) -> Result<Response, PageError> {
    let id = PageError::id_in_path(&id, "site")?;
    let name = state.db.site(id).await?.map(|site| site.name);
    state.sites.remove(id).await?;
    let deleted = Flash::SiteDeleted(name.unwrap_or_default());
    Ok(flash::redirect(&viewer, "/settings/sites", &deleted))
}

#[derive(Deserialize)]
pub struct DomainForm {
    #[serde(default)]
    domain: String,
}

/// Adds one domain to a site: a host its events were refused from, in one click.
pub async fn add_domain(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm(viewer, form): AdminForm<DomainForm>,
) -> Result<Response, PageError> {
    let id = PageError::id_in_path(&id, "site")?;
    let site = state
        .db
        .site(id)
        .await?
        .ok_or_else(|| PageError::missing("site"))?;
    let mut domains = site.domains.clone();
    domains.push(form.domain.clone());
    // As if the site's form had been sent with the host on one more line: a mistake (a host
    // that is no host name, one domain too many) is said there.
    let as_typed = SiteForm {
        name: site.name.clone(),
        domains: domains.join("\n"),
    };
    if let Some(mistake) = mistake(&as_typed) {
        return page(&state, &viewer, Some((Some(id), mistake)), as_typed).await;
    }
    match state.sites.change(id, None, Some(&domains)).await {
        Ok(_) => {
            let host = sites::domain(&form.domain).unwrap_or(form.domain);
            let to = format!("/settings/sites#site-{id}");
            Ok(flash::redirect(&viewer, &to, &Flash::SiteDomainAdded(host)))
        }
        Err(err) => {
            let refused = refusal(err, &as_typed)?;
            page(&state, &viewer, Some((Some(id), refused)), as_typed).await
        }
    }
}
