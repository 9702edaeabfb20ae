//! The shared store behaviours, on a fresh PostgreSQL database per test.

use store_postgres::PostgresStore;
use store_postgres::test_support::{fresh_database_url, server_url};

/// Boxed so that the suite's `&*store` reaches the store.
async fn fresh_postgres() -> Option<Box<PostgresStore>> {
    let url = fresh_database_url(&server_url()?).await;
    Some(Box::new(
        PostgresStore::connect(&url).await.expect("postgres store"),
    ))
}

store::conformance_suite!(fresh_postgres);
