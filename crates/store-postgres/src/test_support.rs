//! Throw-away databases for tests: each test gets its own database on the server named by
//! `BOOKABLE_TEST_POSTGRES_URL`; databases left by test processes that have ended are dropped.

use sqlx::{Connection, PgConnection};
use std::sync::atomic::{AtomicU32, Ordering};

pub const URL_VARIABLE: &str = "BOOKABLE_TEST_POSTGRES_URL";
const PREFIX: &str = "bookable_t_";

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The server URL for tests, or `None` (with a printed notice) when the variable is unset.
pub fn server_url() -> Option<String> {
    match std::env::var(URL_VARIABLE) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            eprintln!("notice: {URL_VARIABLE} is not set; skipping this PostgreSQL test");
            None
        }
    }
}

fn with_database(server_url: &str, database: &str) -> String {
    let (base, query) = match server_url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (server_url, String::new()),
    };
    let root = match base.rfind('/') {
        Some(slash) if slash > "postgres://".len() => &base[..slash],
        _ => base,
    };
    format!("{root}/{database}{query}")
}

fn process_is_alive(pid: u32) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// Creates an empty database and returns its URL.
pub async fn fresh_database_url(server_url: &str) -> String {
    let mut admin = PgConnection::connect(server_url)
        .await
        .expect("connect to the PostgreSQL test server");
    let stale: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'bookable\\_t\\_%'")
            .fetch_all(&mut admin)
            .await
            .expect("list test databases");
    for name in stale {
        let owner_pid = name
            .trim_start_matches(PREFIX)
            .split('_')
            .next()
            .and_then(|pid| pid.parse().ok());
        if owner_pid.is_some_and(|pid| pid != std::process::id() && !process_is_alive(pid)) {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&mut admin)
                .await;
        }
    }
    let name = format!(
        "{PREFIX}{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    sqlx::query(&format!("CREATE DATABASE \"{name}\""))
        .execute(&mut admin)
        .await
        .expect("create test database");
    with_database(server_url, &name)
}
