//! The hall directory in the store: halls and their windows (workers), the
//! names a rating must carry, the list the consult-online page picks from,
//! and the appCodes the halls belong to.

use crate::args;
use crate::clock::now_ms;
use crate::directory::records::HallRecord;
use crate::store::Tx;
use hcp_protocol::api;

/// Stores halls and their workers (insert or update; nothing is removed)
/// within the caller's job. Returns how many halls.
pub fn upsert_halls(tx: &mut dyn Tx, halls: &[HallRecord]) -> anyhow::Result<usize> {
    let now = now_ms();
    for h in halls {
        tx.execute(
            "INSERT INTO halls (hall_code, hall_name, app_code, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT(hall_code) DO UPDATE SET hall_name = excluded.hall_name,
                app_code = COALESCE(excluded.app_code, halls.app_code), updated_at = excluded.updated_at",
            args![&h.hall_code, &h.hall_name, &h.app_code, now],
        )?;
        for w in &h.workers {
            tx.execute(
                "INSERT INTO workers (hall_code, work_no, name, updated_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT(hall_code, work_no) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at",
                args![&h.hall_code, &w.work_no, &w.name, now],
            )?;
        }
    }
    Ok(halls.len())
}

/// Whether the directory holds any hall for `app_code` (its own or every app's).
pub fn knows_halls(tx: &mut dyn Tx, app_code: &str) -> anyhow::Result<bool> {
    Ok(tx
        .query_opt(
            "SELECT 1 FROM halls WHERE app_code IS NULL OR app_code = $1 LIMIT 1",
            args![app_code],
        )?
        .is_some())
}

/// A hall's name.
pub fn hall_name(tx: &mut dyn Tx, hall_code: &str) -> anyhow::Result<Option<String>> {
    tx.query_opt(
        "SELECT hall_name FROM halls WHERE hall_code = $1",
        args![hall_code],
    )?
    .map(|r| r.get(0))
    .transpose()
}

/// A worker's name.
pub fn worker_name(
    tx: &mut dyn Tx,
    hall_code: &str,
    work_no: &str,
) -> anyhow::Result<Option<String>> {
    tx.query_opt(
        "SELECT name FROM workers WHERE hall_code = $1 AND work_no = $2",
        args![hall_code, work_no],
    )?
    .map(|r| r.get(0))
    .transpose()
}

/// The halls (of `app_code` and of every app), with their workers, for `GET /api/halls`.
pub fn list_halls(tx: &mut dyn Tx, app_code: Option<&str>) -> anyhow::Result<Vec<api::Hall>> {
    let halls = tx.query(
        "SELECT hall_code, hall_name FROM halls
         WHERE CAST($1 AS TEXT) IS NULL OR app_code IS NULL OR app_code = $1 ORDER BY hall_code",
        args![app_code],
    )?;
    let mut out = Vec::with_capacity(halls.len());
    for h in halls {
        let code: String = h.get(0)?;
        let workers = tx
            .query(
                "SELECT work_no, name FROM workers WHERE hall_code = $1 ORDER BY work_no",
                args![&code],
            )?
            .iter()
            .map(|r| {
                Ok(api::Worker {
                    work_no: r.get(0)?,
                    name: r.get(1)?,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        out.push(api::Hall {
            hall_code: code,
            name: h.get(1)?,
            workers,
        });
    }
    Ok(out)
}

/// The appCodes the hall directory names.
pub fn app_codes(tx: &mut dyn Tx) -> anyhow::Result<Vec<String>> {
    tx.query(
        "SELECT DISTINCT app_code FROM halls WHERE app_code IS NOT NULL ORDER BY app_code",
        args![],
    )?
    .iter()
    .map(|r| r.get(0))
    .collect()
}

/// How many cases, halls and workers the directory holds.
pub fn counts(tx: &mut dyn Tx) -> anyhow::Result<(i64, i64, i64)> {
    Ok((
        tx.value("SELECT COUNT(*) FROM cases", args![])?,
        tx.value("SELECT COUNT(*) FROM halls", args![])?,
        tx.value("SELECT COUNT(*) FROM workers", args![])?,
    ))
}

#[cfg(all(test, feature = "sandbox"))]
mod tests {
    use super::*;
    use crate::directory::cases::find_case;
    use crate::sandbox::demo_data::seed_demo;

    #[test]
    fn stored_and_found() {
        let (_dir, db) = crate::store::Db::temp();
        db.blocking(|c| {
            seed_demo(c)?;
            seed_demo(c)?;
            let case = find_case(c, "210000-210100009000-20200603093755953")?.expect("case");
            assert_eq!(case.affair_code, "11210000001099516A2210100009000");
            assert_eq!(
                worker_name(c, "39357010579292161", "0204")?.as_deref(),
                Some("张三")
            );
            assert_eq!(hall_name(c, "nope")?, None);
            let halls = list_halls(c, Some("cTPyv9r6"))?;
            assert_eq!(halls.len(), hcp_sandbox::demo::HALLS.len());
            let (cases, _, _) = counts(c)?;
            assert_eq!(
                usize::try_from(cases).unwrap_or(0),
                hcp_sandbox::demo::CASES.len()
            );
            Ok(())
        })
        .expect("db work");
    }
}
