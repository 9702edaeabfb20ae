//! The shared store behaviours, on a fresh SQLite file per test.

use store_sqlite::SqliteStore;

struct FreshSqlite {
    store: SqliteStore,
    _directory: tempfile::TempDir,
}

impl std::ops::Deref for FreshSqlite {
    type Target = SqliteStore;
    fn deref(&self) -> &SqliteStore {
        &self.store
    }
}

async fn fresh_sqlite() -> Option<FreshSqlite> {
    let directory = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}", directory.path().join("store.db").display());
    let store = SqliteStore::connect(&url).await.expect("sqlite store");
    Some(FreshSqlite {
        store,
        _directory: directory,
    })
}

store::conformance_suite!(fresh_sqlite);
