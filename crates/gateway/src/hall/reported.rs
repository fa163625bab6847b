//! The cases hall systems report at a window (the store, either backend):
//! the evaluator the hall system named, kept DES-encrypted for
//! [`CASE_TTL_SECS`](crate::hall::pads::CASE_TTL_SECS) and then erased; what a window is showing; a case
//! rated once (one `UPDATE … WHERE rated_at IS NULL`, whichever gateway).

use crate::args;
use crate::hall::pads::Window;
use crate::store::{Row, Tx};

/// A case a hall system reported at a window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    /// Its window.
    pub window: Window,
    /// 办件编号.
    pub affair_serial_no: String,
    /// 评价阶段.
    pub eval_process: u8,
    /// The evaluator's name (erased once rated).
    pub user_name: Option<String>,
    /// Their phone, DES-encrypted (erased once rated).
    pub contact_phone_des: Option<String>,
    /// Their ID number, DES-encrypted (erased once rated).
    pub certificate_no_des: Option<String>,
    /// When reported (Unix seconds).
    pub reported_at: i64,
    /// When rated, if it was.
    pub rated_at: Option<i64>,
}

const CASE_COLUMNS: &str = "app_code, hall_code, work_no, affair_serial_no, eval_process, user_name, contact_phone, certificate_no, reported_at, rated_at";

fn reported_of(r: &Row) -> anyhow::Result<Reported> {
    Ok(Reported {
        window: Window {
            app_code: r.get(0)?,
            hall_code: r.get(1)?,
            work_no: r.get(2)?,
        },
        affair_serial_no: r.get(3)?,
        eval_process: u8::try_from(r.get::<i64>(4)?)
            .map_err(|_| anyhow::anyhow!("pad_cases holds an evaluation stage out of range"))?,
        user_name: r.get(5)?,
        contact_phone_des: r.get(6)?,
        certificate_no_des: r.get(7)?,
        reported_at: r.get(8)?,
        rated_at: r.get(9)?,
    })
}

/// What storing a report found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// Stored (new, or reported again: its window and evaluator replaced).
    Fresh,
    /// This case and stage was rated already: nothing changed.
    AlreadyRated,
}

/// Stores a report (inside the caller's transaction). One statement, so
/// that a rating committed by another gateway at the same moment is never
/// overwritten: a rated row is left alone, and nothing is returned for it.
pub fn report(tx: &mut dyn Tx, case: &Reported) -> anyhow::Result<Stored> {
    let rows = tx.query(
        "INSERT INTO pad_cases (app_code, hall_code, work_no, affair_serial_no, eval_process,
            user_name, contact_phone, certificate_no, reported_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (app_code, affair_serial_no, eval_process) DO UPDATE SET
            hall_code = excluded.hall_code, work_no = excluded.work_no,
            user_name = excluded.user_name, contact_phone = excluded.contact_phone,
            certificate_no = excluded.certificate_no, reported_at = excluded.reported_at
         WHERE pad_cases.rated_at IS NULL
         RETURNING id",
        args![
            &case.window.app_code,
            &case.window.hall_code,
            &case.window.work_no,
            &case.affair_serial_no,
            case.eval_process,
            &case.user_name,
            &case.contact_phone_des,
            &case.certificate_no_des,
            case.reported_at
        ],
    )?;
    Ok(if rows.is_empty() {
        Stored::AlreadyRated
    } else {
        Stored::Fresh
    })
}

/// The case a window's pads show at `now`: the newest one reported there
/// since `since` and not rated.
pub fn showing(tx: &mut dyn Tx, window: &Window, since: i64) -> anyhow::Result<Option<Reported>> {
    tx.query_opt(
        &[
            "SELECT ",
            CASE_COLUMNS,
            " FROM pad_cases WHERE hall_code = $1 AND work_no = $2 AND app_code = $3
              AND reported_at >= $4 AND rated_at IS NULL
              ORDER BY reported_at DESC, id DESC LIMIT 1",
        ]
        .concat(),
        args![&window.hall_code, &window.work_no, &window.app_code, since],
    )?
    .as_ref()
    .map(reported_of)
    .transpose()
}

/// A reported case by its number and stage.
pub fn find(
    tx: &mut dyn Tx,
    app_code: &str,
    serial: &str,
    stage: u8,
) -> anyhow::Result<Option<Reported>> {
    tx.query_opt(
        &[
            "SELECT ",
            CASE_COLUMNS,
            " FROM pad_cases WHERE app_code = $1 AND affair_serial_no = $2 AND eval_process = $3",
        ]
        .concat(),
        args![app_code, serial, stage],
    )?
    .as_ref()
    .map(reported_of)
    .transpose()
}

/// Marks reported cases rated (by `by`: `pad` or `link`); returns the
/// windows whose case it was, for the live update. Cases that were not
/// reported are not touched.
pub fn mark_rated(
    tx: &mut dyn Tx,
    app_code: &str,
    serials: &[&str],
    stage: u8,
    by: &str,
    now: i64,
) -> anyhow::Result<Vec<(Window, String)>> {
    let mut out = Vec::new();
    for serial in serials {
        let rows = tx.query(
            "UPDATE pad_cases SET rated_at = $4, rated_by = $5
             WHERE app_code = $1 AND affair_serial_no = $2 AND eval_process = $3 AND rated_at IS NULL
             RETURNING hall_code, work_no",
            args![app_code, *serial, stage, now, by],
        )?;
        for r in rows {
            let w = Window {
                app_code: app_code.to_string(),
                hall_code: r.get(0)?,
                work_no: r.get(1)?,
            };
            out.push((w, (*serial).to_string()));
        }
    }
    Ok(out)
}

/// Erases the evaluator of cases reported before `before`, rated or not
/// (they can no longer be rated on a pad). Returns how many.
pub fn expire(tx: &mut dyn Tx, before: i64) -> anyhow::Result<u64> {
    tx.execute(
        "UPDATE pad_cases SET user_name = NULL, contact_phone = NULL, certificate_no = NULL
         WHERE reported_at < $1 AND certificate_no IS NOT NULL",
        args![before],
    )
}
