//! A card changed while its link or campaign is being deleted: the image the card names when
//! the row goes is the one removed, not the one it named when the deletion began.

use lanterne::auth::Role;
use lanterne::db::Db;
use lanterne::links::media;
use reqwest::Method;
use serde_json::json;
use std::time::Duration;

use crate::both;
use crate::card_images::{campaign_made, card_form, edit_form, media_path, png, served};
use crate::helpers::{Browser, TestApp};

/// The name an image is stored under.
fn image_id(bytes: &[u8]) -> String {
    media::check(bytes).unwrap().id
}

/// A change of a card by another session, left open: a deletion that starts meanwhile reads
/// the card before it, then waits for it.
enum Held {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Held {
    /// Runs `sql` with `old` and `new` (the images' names) in a transaction left open.
    async fn change(db: &Db, sql: &'static str, old: &[u8], new: &[u8]) -> Held {
        let (old, new) = (image_id(old), image_id(new));
        match db {
            Db::Sqlite(pool, _) => {
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
                let query = sqlx::query(sql).bind(old).bind(new);
                query.execute(&mut *tx).await.unwrap();
                Held::Sqlite(tx)
            }
            Db::Postgres(pool) => {
                let mut tx = pool.begin().await.unwrap();
                let query = sqlx::query(sql).bind(old).bind(new);
                query.execute(&mut *tx).await.unwrap();
                Held::Postgres(tx)
            }
        }
    }

    /// Commits once a statement starting with `waiting` waits for this transaction's lock
    /// (PostgreSQL says so; SQLite's waiting writer is given a second, well within its busy
    /// timeout).
    async fn commit_once_waited(self, db: &Db, waiting: &str) {
        match self {
            Held::Sqlite(tx) => {
                tokio::time::sleep(Duration::from_secs(1)).await;
                tx.commit().await.unwrap();
            }
            Held::Postgres(tx) => {
                let Db::Postgres(pool) = db else {
                    unreachable!("one backend")
                };
                let sql = "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() \
                           AND wait_event_type = 'Lock' AND query LIKE $1";
                let mut n = 0_i64;
                for _ in 0..200 {
                    n = sqlx::query_scalar(sql)
                        .bind(format!("{waiting}%"))
                        .fetch_one(pool)
                        .await
                        .unwrap();
                    if n == 1 {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                assert_eq!(n, 1, "no statement came to wait: {waiting}");
                tx.commit().await.unwrap();
            }
        }
    }
}

/// A deletion through the API while the test changes the card it deletes.
struct Race<'a> {
    /// The form that uploads the card's first image, and its fields.
    page: &'a str,
    form: &'a [(&'a str, &'a str)],
    /// Swaps the first image's name (`$1`) for the second's (`$2`) in the card.
    change: &'static str,
    /// The API's deletion, and how its statement that waits for the change begins.
    delete: &'a str,
    waiting: &'a str,
}

/// Runs `race`: the image the card names once the change is committed goes with the row.
async fn deleted_while_its_card_changes(app: &TestApp, b: &Browser, race: Race<'_>) {
    let (old, new) = (png("old"), png("new"));
    let saved = b
        .post_with_file(race.page, race.form, "card.png", &old)
        .await;
    assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
    let db = Db::connect(&app.database_url).await.unwrap();
    media::store(&db, &new)
        .await
        .unwrap()
        .release(&db, true)
        .await;

    let held = Held::change(&db, race.change, &old, &new).await;
    let ((status, body), ()) = tokio::join!(
        app.api(Method::DELETE, race.delete, None),
        held.commit_once_waited(&db, race.waiting),
    );
    assert_eq!(status, 204, "{body}");
    assert!(
        !served(app, &new).await,
        "the image the card named when {} went is gone: {}",
        race.delete,
        media_path(&new)
    );
    db.close().await;
}

async fn a_card_changed_while_its_link_is_deleted_leaves_no_image(app: &TestApp) {
    app.create_link(json!({"url": "https://example.org/landing", "slug": "spring"}))
        .await;
    let b = app.signed_in("mia@example.com", Role::Marketer).await;
    let race = Race {
        page: "/links/spring/edit",
        form: &edit_form(""),
        change: "UPDATE links SET options = REPLACE(options, $1, $2) WHERE slug = 'spring'",
        delete: "/links/spring",
        waiting: "DELETE FROM links",
    };
    deleted_while_its_card_changes(app, &b, race).await;
}
both!(a_card_changed_while_its_link_is_deleted_leaves_no_image);

async fn a_card_changed_while_its_campaign_is_deleted_leaves_no_image(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let winter = "https://shop.example/winter";
    let settings = campaign_made(&b, "Winter", winter).await;
    let race = Race {
        page: &settings,
        form: &card_form(winter),
        change: "UPDATE campaigns SET preview = REPLACE(preview, $1, $2) WHERE name = 'Winter'",
        // Its kit's link (made before the card, so without one) goes with it.
        delete: &format!("{settings}?links=delete"),
        waiting: "SELECT name FROM campaigns",
    };
    deleted_while_its_card_changes(app, &b, race).await;
}
both!(a_card_changed_while_its_campaign_is_deleted_leaves_no_image);
