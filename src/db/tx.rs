//! A transaction on either backend, for statements written once for both: the fold's, which
//! bind integers only and read values or rows that both backends decode, and the guarded
//! changes of users ([`Db::begin_locked`], [`on_tx!`] for other binds).

use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{FromRow, Postgres, SqlSafeStr, Sqlite, Transaction};

use super::Db;

pub(super) enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$tx` bound to the backend's own transaction.
macro_rules! on_tx {
    ($self:expr, $tx:ident => $body:expr) => {
        match $self {
            $crate::db::tx::Tx::Sqlite($tx) => $body,
            $crate::db::tx::Tx::Postgres($tx) => $body,
        }
    };
}
pub(super) use on_tx;

impl Db {
    /// Begins a write transaction that on PostgreSQL first runs `lock` (a `LOCK TABLE`, a
    /// `SELECT … FOR UPDATE`): for a change whose check and write must not interleave with
    /// another's. SQLite runs one writer at a time anyway.
    pub(super) async fn begin_locked(&self, lock: &'static str) -> sqlx::Result<Tx> {
        Ok(match self {
            Db::Sqlite(pool, _) => Tx::Sqlite(pool.begin().await?),
            Db::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query(lock).execute(&mut *tx).await?;
                Tx::Postgres(tx)
            }
        })
    }
}

impl Tx {
    /// Runs `sql` with `binds` as `$1`, `$2` …: how many rows it changed.
    pub async fn execute(&mut self, sql: impl SqlSafeStr, binds: &[i64]) -> sqlx::Result<u64> {
        on_tx!(self, tx => {
            let mut query = sqlx::query(sql);
            for bind in binds {
                query = query.bind(*bind);
            }
            Ok(query.execute(&mut **tx).await?.rows_affected())
        })
    }

    /// Runs each of `statements` with the same `binds`.
    pub async fn execute_all(
        &mut self,
        statements: &[&'static str],
        binds: &[i64],
    ) -> sqlx::Result<()> {
        for statement in statements {
            self.execute(*statement, binds).await?;
        }
        Ok(())
    }

    /// The one value `sql` selects.
    pub async fn scalar<T>(&mut self, sql: impl SqlSafeStr, binds: &[i64]) -> sqlx::Result<T>
    where
        (T,): for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow>,
        T: Send + Unpin,
    {
        on_tx!(self, tx => {
            let mut query = sqlx::query_scalar(sql);
            for bind in binds {
                query = query.bind(*bind);
            }
            query.fetch_one(&mut **tx).await
        })
    }

    /// Every value `sql` selects.
    pub async fn scalars<T>(&mut self, sql: impl SqlSafeStr) -> sqlx::Result<Vec<T>>
    where
        (T,): for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow>,
        T: Send + Unpin,
    {
        on_tx!(self, tx => sqlx::query_scalar(sql).fetch_all(&mut **tx).await)
    }

    /// The one row `sql` selects.
    pub async fn row<T>(&mut self, sql: impl SqlSafeStr) -> sqlx::Result<T>
    where
        T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
    {
        on_tx!(self, tx => sqlx::query_as(sql).fetch_one(&mut **tx).await)
    }

    pub async fn commit(self) -> sqlx::Result<()> {
        on_tx!(self, tx => tx.commit().await)
    }
}
