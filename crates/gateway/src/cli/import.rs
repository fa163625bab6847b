//! `hcp-gateway import FILE`: a case, hall or department directory file (CSV
//! with a header row, or a JSON array) checked record by record and stored;
//! the bad records are named by line and nothing of them is kept.

use crate::cli::common::open_db;
use crate::config::ConfigArgs;
use crate::directory::{cases, halls, import, records};
use std::path::Path;
use std::process::ExitCode;

pub(crate) async fn import(args: &ConfigArgs, file: &Path) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("hcp-gateway import: cannot read {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let json = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let (kind, parsed) = match import::parse_import(&text, json) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("hcp-gateway import: {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let db = match open_db(args).await {
        Ok(db) => db,
        Err(code) => return code,
    };
    let (cases, halls) = (parsed.cases.clone(), parsed.halls.clone());
    let departments = parsed.departments.clone();
    let stored = db
        .write(move |c| {
            Ok(cases::upsert_cases(c, &cases)?
                + halls::upsert_halls(c, &halls)?
                + crate::directory::departments::upsert(c, &departments)?)
        })
        .await;
    let stored = match stored {
        Ok(n) => n,
        Err(e) => {
            eprintln!("hcp-gateway import: cannot store the records: {e:#}");
            return ExitCode::from(2);
        }
    };
    let workers: usize = parsed.halls.iter().map(|h| h.workers.len()).sum();
    let what = match kind {
        records::DirectoryKind::Cases => format!("{stored} cases"),
        records::DirectoryKind::Halls => format!("{stored} halls ({workers} workers)"),
        records::DirectoryKind::Departments => format!("{stored} departments"),
    };
    println!(
        "imported {what} from {}; {} rows refused",
        file.display(),
        parsed.errors.len()
    );
    for e in &parsed.errors {
        println!("  {e}");
    }
    if parsed.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
