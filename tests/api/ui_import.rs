//! The web UI's import (an admin uploads a file, sees the first rows and the problems,
//! confirms, sees the result; in English and French) and the Links page's downloads.

use lanterne::auth::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::{Browser, TestApp};
use crate::import::fixture;

/// The upload form as a browser sends it: multipart, the file last.
async fn upload(browser: &Browser, csrf: &str, language: &str, file: &str) -> (u16, String) {
    let content = std::fs::read(fixture(file)).unwrap();
    upload_as(browser, csrf, language, "csv", &content).await
}

/// The upload form with `content` as a file of `format`.
async fn upload_as(
    browser: &Browser,
    csrf: &str,
    language: &str,
    format: &str,
    content: &[u8],
) -> (u16, String) {
    let fields = [("csrf", csrf), ("format", format), ("campaign", "moved")];
    upload_with(browser, language, &fields, content).await
}

/// The upload form with these `fields`, and `content` as the file.
async fn upload_with(
    browser: &Browser,
    language: &str,
    fields: &[(&str, &str)],
    content: &[u8],
) -> (u16, String) {
    let boundary = "----lanterne-import-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .bytes(),
        );
    }
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"links.csv\"\r\nContent-Type: text/csv\r\n\r\n")
            .bytes(),
    );
    body.extend(content);
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    let response = browser
        .request(Method::POST, "/links/import")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header("accept-language", language)
        .body(body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn csrf_of(html: &str) -> String {
    html.split(r#"name="csrf" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned()
}

async fn an_admin_previews_then_imports_a_file(app: &TestApp) {
    app.create_link(json!({ "url": "https://example.org/elsewhere", "slug": "taken" }))
        .await;
    let marketer = app.signed_in("marketer@example.com", Role::Marketer).await;
    assert_eq!(marketer.page("/links/import").await.0, 403);
    let admin = app.signed_in("admin@example.com", Role::Admin).await;
    let (status, links) = admin.page("/links").await;
    assert_eq!(status, 200);
    assert!(
        links.contains(r#"href="/links/import""#) && links.contains(r#"href="/links/export.csv""#)
    );
    let (status, form) = admin.page("/links/import").await;
    assert_eq!(status, 200);
    assert!(form.contains(r#"enctype="multipart/form-data""#));
    let csrf = csrf_of(&form);

    let (status, preview) = upload(&admin, &csrf, "fr-FR,fr;q=0.9", "lanterne.csv").await;
    assert_eq!(status, 200, "{preview}");
    assert!(preview.contains("3 nouveaux liens"), "{preview}");
    assert!(
        preview.contains("2 lignes impossibles à importer"),
        "{preview}"
    );
    // Each problem in French too.
    assert!(
        preview
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .contains("Ligne 4\u{a0}: l’identifiant «\u{a0}taken\u{a0}» est pris par une autre destination"),
        "{preview}"
    );
    assert!(
        preview.contains("Ligne 5\u{a0}: l’URL doit être complète"),
        "{preview}"
    );
    // A file of another format, refused whole in French: JSON chosen as Lanterne's CSV is
    // read as Lanterne's JSON export, which Kutt's is not.
    let (status, wrong) = upload(&admin, &csrf, "fr-FR,fr;q=0.9", "kutt.json").await;
    assert_eq!(status, 422, "{wrong}");
    assert!(
        wrong.contains("le fichier n’est pas l’export JSON de Lanterne")
            && wrong.contains("importez le JSON de Kutt en Kutt"),
        "{wrong}"
    );
    assert!(preview.contains("Importer 3 liens"), "{preview}");
    // The first rows' table says what it holds to a screen reader's list of tables.
    let caption = |text: &str| format!(r#"<caption class="visually-hidden">{text}</caption>"#);
    assert!(
        preview.replace("&#39;", "'").contains(&caption(
            "Premières lignes du fichier\u{a0}: la ligne, l’identifiant et la destination de chacune, et ce que l’import en ferait"
        )),
        "{preview}"
    );
    let (status, english) = upload(&admin, &csrf, "en", "lanterne.csv").await;
    assert_eq!(status, 200);
    assert!(
        english.contains("3 new links") && english.contains("Line 5: the URL must be absolute"),
        "{english}"
    );
    assert!(
        english.contains("<td><code>spring</code></td>") && english.contains("New link"),
        "{english}"
    );
    assert!(
        english.replace("&#39;", "'").contains(&caption(
            "The file's first rows: each one's line, slug and destination, and what importing it would do"
        )),
        "{english}"
    );
    assert!(
        english.contains("<textarea name=\"content\" hidden>\nurl,slug,campaign"),
        "the file goes back with the confirmation, whole"
    );
    assert_eq!(
        app.get("/spring").await.status(),
        404,
        "a preview writes nothing"
    );

    let content = std::fs::read_to_string(fixture("lanterne.csv")).unwrap();
    let confirm = [
        ("format", "csv"),
        ("campaign", "moved"),
        ("content", content.as_str()),
    ];
    let done = admin.post("/links/import/confirm", &confirm).await;
    assert_eq!(done.status(), 200);
    let done = done.text().await.unwrap();
    assert!(
        done.contains("3 links imported") && done.contains("2 rows not importable"),
        "{done}"
    );
    let answer = app.get("/spring").await;
    assert_eq!(answer.headers()["location"], "https://example.org/spring");
    let again = admin
        .post("/links/import/confirm", &confirm)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        again.contains("0 links imported") && again.contains("3 unchanged"),
        "{again}"
    );
    let refused = marketer.post("/links/import/confirm", &confirm).await;
    assert_eq!(refused.status(), 403);
}
both!(an_admin_previews_then_imports_a_file);

/// A Bitly export with a bad URL on line 3 and a date in no format read on line 4.
const BITLY_LF: &str = "link,long_url,created_at
bit.ly/printemps,https://boutique.example/printemps,2024-03-01
bit.ly/okLink2,ftp://boutique.example/y,2024-03-01
bit.ly/noel2,https://boutique.example/noel,01/03/24
";

async fn problems_are_on_the_file_s_own_lines_whatever_its_line_endings(app: &TestApp) {
    let admin = app.signed_in("admin@example.com", Role::Admin).await;
    let csrf = csrf_of(&admin.page("/links/import").await.1);
    // As saved on Linux, and as Excel exports it.
    for file in [BITLY_LF.to_owned(), BITLY_LF.replace('\n', "\r\n")] {
        let (status, preview) =
            upload_as(&admin, &csrf, "fr-FR,fr;q=0.9", "bitly", file.as_bytes()).await;
        assert_eq!(status, 200, "{preview}");
        assert!(
            preview.contains(
                "<li>Ligne 3\u{a0}: seules les URL http et https sont acceptées, pas ftp:</li>"
            ),
            "{file:?}: {preview}"
        );
        assert!(
            preview.contains("<li>Ligne 4\u{a0}: la date de création «\u{a0}01/03/24\u{a0}» n’est pas dans un format que Lanterne lit\u{a0}: écrivez-la année-mois-jour, par exemple 2024-03-01"),
            "the expected format is named: {preview}"
        );
        // The row with the bad date still shows what it holds.
        assert!(
            preview.contains(
                r#"<td>4</td><td><code>noel2</code></td><td class="url">https://boutique.example/noel</td>"#
            ),
            "{preview}"
        );
        // A browser sends a <textarea> back with CRLF, whatever the file had.
        let sent_back = file.replace("\r\n", "\n").replace('\n', "\r\n");
        let done = admin
            .post(
                "/links/import/confirm",
                &[
                    ("format", "bitly"),
                    ("campaign", ""),
                    ("content", &sent_back),
                ],
            )
            .await;
        assert_eq!(done.status(), 200);
        let done = done.text().await.unwrap();
        assert!(
            done.contains("<li>Line 3: only http and https URLs are allowed, not ftp:</li>")
                && done
                    .contains("<li>Line 4: the creation date &#34;01/03/24&#34; is in no format"),
            "{file:?}: {done}"
        );
    }
}
both!(problems_are_on_the_file_s_own_lines_whatever_its_line_endings);

async fn the_links_page_downloads_every_link(app: &TestApp) {
    app.create_link(json!({ "url": "https://example.org/one", "slug": "one", "campaign": "Soldes", "tags": ["a", "b"] }))
        .await;
    let analyst = app.signed_in("analyst@example.com", Role::Analyst).await;
    let csv = analyst.get("/links/export.csv").await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("lanterne-links.csv")
    );
    let csv = csv.text().await.unwrap();
    assert!(
        csv.starts_with("slug,url,campaign,channel,tags,created_at,domain,enabled,hits"),
        "{csv}"
    );
    assert!(
        csv.contains("one,https://example.org/one,Soldes,,a|b,"),
        "{csv}"
    );
    let json: Value = analyst
        .get("/links/export.json")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json[0]["slug"], "one");
    assert_eq!(json[0]["tags"], json!(["a", "b"]));
    assert_eq!(
        app.browser().get("/links/export.csv").await.status(),
        303,
        "signed out"
    );

    // In French, for French Excel: a BOM and ';', the same columns and the same keys (the
    // channel `email`, not the page's « E-mail »), so that it imports back.
    app.create_link(json!({ "url": "https://example.org/été", "slug": "ete", "campaign": "Été", "channel": "email" }))
        .await;
    let french = analyst
        .request(reqwest::Method::GET, "/links/export.csv")
        .header("accept-language", "fr-FR,fr;q=0.9")
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(french.starts_with(b"\xEF\xBB\xBFslug;url;campaign;channel;tags;created_at;"));
    let text = String::from_utf8(french[3..].to_vec()).unwrap();
    assert!(text.contains(";Été;email;"), "{text}");
    let rows = lanterne::import::read(lanterne::import::Format::Csv, &french).unwrap();
    assert_eq!(rows.len(), 2);
    let ete = rows
        .iter()
        .flatten()
        .find(|row| row.slug.as_deref() == Some("ete"))
        .expect("the link imports back");
    assert_eq!(ete.channel.as_deref(), Some("email"));
}
both!(the_links_page_downloads_every_link);

/// Bitly slugs imported onto the branded domain they used to live on: they answer there, not
/// on the base URL's host; a domain Lanterne does not serve is refused for the whole file.
async fn an_import_puts_its_links_on_the_branded_domain_chosen(app: &TestApp) {
    app.add_domain("lien.agence.fr", None).await;
    let admin = app.signed_in("admin@example.com", Role::Admin).await;
    let (_, form) = admin.page_in("fr-FR,fr;q=0.9", "/links/import").await;
    assert!(
        form.contains(r#"<select id="domain" name="domain">"#)
            && form.contains(r#"<option value="lien.agence.fr" >lien.agence.fr</option>"#),
        "{form}"
    );
    let csrf = csrf_of(&form);
    let file =
        b"link,long_url,created_at\nbit.ly/soldes,https://boutique.example/soldes,2024-03-01\n";
    let fields = [
        ("csrf", csrf.as_str()),
        ("format", "bitly"),
        ("domain", "lien.agence.fr"),
    ];
    let (status, preview) = upload_with(&admin, "fr-FR,fr;q=0.9", &fields, file).await;
    assert_eq!(status, 200, "{preview}");
    assert!(
        preview.contains("Les liens seront sur lien.agence.fr.")
            && preview.contains(r#"<input type="hidden" name="domain" value="lien.agence.fr">"#),
        "{preview}"
    );
    let unknown = [
        ("csrf", csrf.as_str()),
        ("format", "bitly"),
        ("domain", "go.elsewhere.example"),
    ];
    let (status, refused) = upload_with(&admin, "en", &unknown, file).await;
    assert_eq!(status, 422, "{refused}");
    assert!(refused.contains("go.elsewhere.example"), "{refused}");

    let content = String::from_utf8(file.to_vec()).unwrap();
    let confirm = [
        ("format", "bitly"),
        ("campaign", ""),
        ("domain", "lien.agence.fr"),
        ("content", content.as_str()),
    ];
    let done = admin.post("/links/import/confirm", &confirm).await;
    assert_eq!(done.status(), 200);
    let done = done.text().await.unwrap();
    assert!(done.contains("1 link imported"), "{done}");
    let branded = app
        .http
        .get(app.url("/soldes"))
        .header("host", "lien.agence.fr")
        .send()
        .await
        .unwrap();
    assert_eq!(branded.status(), 302);
    assert_eq!(
        branded.headers()["location"],
        "https://boutique.example/soldes"
    );
    assert_eq!(
        app.get("/soldes").await.status(),
        404,
        "not on the base host"
    );
}
both!(an_import_puts_its_links_on_the_branded_domain_chosen);

/// A Bitly export opened and saved again by French Excel ("CSV (séparateur : point-virgule)"):
/// Windows-1252, ';'-separated, CRLF, dates day first. Its accents and dates arrive whole;
/// Kutt chosen for a CSV says which format to pick, in the page's language.
async fn a_french_excel_csv_is_imported_with_its_accents(app: &TestApp) {
    let admin = app.signed_in("admin@example.com", Role::Admin).await;
    let csrf = csrf_of(&admin.page("/links/import").await.1);
    let mut file = b"link;long_url;title;created_at;tags\r\n".to_vec();
    file.extend(b"bit.ly/ete;https://boutique.example/soldes-\xe9t\xe9;Soldes d'\xe9t\xe9;02/05/2024 10:00;f\xeate\r\n");
    file.extend(
        b"bit.ly/noel;https://boutique.example/no\xebl;No\xebl;05/12/2023 09:30;f\xeate\r\n",
    );
    let fields = [
        ("csrf", csrf.as_str()),
        ("format", "bitly"),
        ("campaign", "Été"),
    ];
    let (status, preview) = upload_with(&admin, "fr-FR,fr;q=0.9", &fields, &file).await;
    assert_eq!(status, 200, "{preview}");
    assert!(
        preview.contains("https://boutique.example/soldes-été")
            && preview.contains("2 nouveaux liens")
            && !preview.contains("date de création"),
        "{preview}"
    );
    // What the preview sends back is UTF-8, accents included.
    let content = preview
        .split("<textarea name=\"content\" hidden>\n")
        .nth(1)
        .and_then(|rest| rest.split("</textarea>").next())
        .unwrap()
        .replace("&#39;", "'");
    let confirm = [
        ("format", "bitly"),
        ("campaign", "Été"),
        ("content", content.as_str()),
    ];
    let done = admin.post("/links/import/confirm", &confirm).await;
    assert_eq!(done.status(), 200);
    let link = app.link("ete").await;
    assert_eq!(
        link["url"], "https://boutique.example/soldes-%C3%A9t%C3%A9",
        "{link}"
    );
    assert_eq!(link["tags"], serde_json::json!(["fête"]));
    assert_eq!(
        link["created_at"], "2024-05-02T10:00:00.000Z",
        "the 2nd of May"
    );
    assert_eq!(
        app.link("noel").await["created_at"],
        "2023-12-05T09:30:00.000Z"
    );

    let (status, refused) = upload_with(
        &admin,
        "fr-FR,fr;q=0.9",
        &[("csrf", csrf.as_str()), ("format", "kutt")],
        &file,
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        refused.contains("le fichier n’est pas le JSON de Kutt")
            && refused.contains("(Bitly, Shlink, YOURLS, Dub), ou en Lanterne CSV")
            && !refused.contains("expected value"),
        "{refused}"
    );
}
both!(a_french_excel_csv_is_imported_with_its_accents);

/// The preview names destinations as they were typed (`été`, not `%C3%A9t%C3%A9`), and a
/// slug with a space is refused for its space.
async fn the_preview_reads_as_the_file_was_typed(app: &TestApp) {
    let admin = app.signed_in("admin@example.com", Role::Admin).await;
    let (_, form) = admin.page("/links/import").await;
    let csrf = csrf_of(&form);
    let file = "link,long_url,title,created_at\n\
                https://bit.ly/soldes-ete,https://www.exemple.fr/été/soldes?réf=news,Été,\n\
                https://bit.ly/espace dans,https://www.exemple.fr/x,Espace,\n";
    let (status, preview) =
        upload_as(&admin, &csrf, "fr-FR,fr;q=0.9", "bitly", file.as_bytes()).await;
    assert_eq!(status, 200, "{preview}");
    assert!(
        preview.contains("https://www.exemple.fr/été/soldes?réf=news"),
        "{preview}"
    );
    assert!(
        preview
            .replace("&#39;", "'")
            .contains("l’identifiant ne peut pas contenir d’espace"),
        "{preview}"
    );
}
both!(the_preview_reads_as_the_file_was_typed);

/// The Links page's download uploaded again: untouched, every link is unchanged; with a
/// link's click limit edited, the French preview lists that link by its line, and confirming
/// leaves it as it was.
async fn an_edited_download_uploaded_again_lists_the_link_it_would_change(app: &TestApp) {
    app.create_link(json!({ "url": "https://example.org/one", "slug": "one", "max_clicks": 40 }))
        .await;
    app.create_link(json!({ "url": "https://example.org/two", "slug": "two" }))
        .await;
    let admin = app.signed_in("admin@example.com", Role::Admin).await;
    let csv = admin.get("/links/export.csv").await.text().await.unwrap();
    let csrf = csrf_of(&admin.page("/links/import").await.1);
    let fields = [("csrf", csrf.as_str()), ("format", "csv")];
    let (status, untouched) = upload_with(&admin, "en", &fields, csv.as_bytes()).await;
    assert_eq!(status, 200, "{untouched}");
    assert!(
        untouched.contains("0 new links · 2 unchanged · 0 rows not importable"),
        "{untouched}"
    );

    let edited = csv.replace(",40,false,", ",41,false,");
    assert_ne!(edited, csv);
    let (status, preview) = upload_with(&admin, "fr-FR,fr;q=0.9", &fields, edited.as_bytes()).await;
    assert_eq!(status, 200, "{preview}");
    let preview = preview.replace("&#39;", "'").replace('\u{a0}', " ");
    assert!(
        preview.contains(
            "Ligne 2 : l’identifiant « one » existe déjà avec d’autres options (max_clicks) : non modifié"
        ),
        "{preview}"
    );
    assert!(
        preview.contains("1 inchangé") && preview.contains("1 ligne impossible à importer"),
        "{preview}"
    );
    let confirm = [("format", "csv"), ("content", edited.as_str())];
    let done = admin.post("/links/import/confirm", &confirm).await;
    let done = done.text().await.unwrap();
    assert!(
        done.contains("0 links imported")
            && done.contains("1 unchanged")
            && done.contains("1 row not importable"),
        "{done}"
    );
    assert_eq!(app.link("one").await["max_clicks"], 40);
}
both!(an_edited_download_uploaded_again_lists_the_link_it_would_change);
