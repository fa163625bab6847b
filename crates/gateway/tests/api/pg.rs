//! The throwaway PostgreSQL cluster the PostgreSQL tests run on.
//!
//! `make test` runs them inside Debian's `pg_virtualenv`, which starts a
//! cluster, exports `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD` and
//! `PGDATABASE`, and removes the cluster afterwards; it also sets
//! `HCP_TEST_POSTGRES=required`, so that a cluster missing there fails the
//! run instead of skipping. A plain `cargo test` without a cluster skips
//! these tests, saying so.

use tokio_postgres::NoTls;

/// Whether the environment names a cluster.
fn cluster() -> Option<(String, u16, String, String, String)> {
    let host = std::env::var("PGHOST").ok()?;
    let port = std::env::var("PGPORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(5432);
    let user = std::env::var("PGUSER").unwrap_or_else(|_| "postgres".into());
    let password = std::env::var("PGPASSWORD").unwrap_or_default();
    let db = std::env::var("PGDATABASE").unwrap_or_else(|_| "postgres".into());
    Some((host, port, user, password, db))
}

fn url_of(host: &str, port: u16, user: &str, password: &str, db: &str) -> String {
    let mut u = url::Url::parse("postgres://localhost/").expect("url");
    u.set_host(Some(host)).expect("host");
    u.set_port(Some(port)).expect("port");
    u.set_username(user).expect("user");
    if !password.is_empty() {
        u.set_password(Some(password)).expect("password");
    }
    u.set_path(db);
    u.to_string()
}

/// A new, empty database on the test cluster and its URL; `None` (with a
/// line saying the test was skipped) when there is no cluster and none is
/// required.
pub async fn fresh_database(test: &str) -> Option<String> {
    let Some((host, port, user, password, admin_db)) = cluster() else {
        assert!(
            std::env::var("HCP_TEST_POSTGRES").as_deref() != Ok("required"),
            "HCP_TEST_POSTGRES=required but no PGHOST: run under pg_virtualenv (make test)"
        );
        eprintln!("{test}: skipped, no PostgreSQL cluster (make test runs it in pg_virtualenv)");
        return None;
    };
    let admin = url_of(&host, port, &user, &password, &admin_db);
    let (client, conn) = tokio_postgres::connect(&admin, NoTls)
        .await
        .expect("connect to the test cluster");
    tokio::spawn(conn);
    let name = format!("hcp_{}", uuid::Uuid::new_v4().simple());
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create database");
    Some(url_of(&host, port, &user, &password, &name))
}

/// Runs SQL on the database at `url` (to set up or look behind the store).
pub async fn psql(url: &str, sql: &str) {
    let (client, conn) = tokio_postgres::connect(url, NoTls).await.expect("connect");
    tokio::spawn(conn);
    client.batch_execute(sql).await.expect("sql");
}
