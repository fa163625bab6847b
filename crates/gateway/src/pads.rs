//! The pads' tables (the store, `crate::store`, either backend): pad
//! credentials and the cases hall systems report at a window. Every SQL
//! statement about them is here; the schema is in
//! `migrations/sqlite/004_pads.sql` and `migrations/postgres/V2__pads.sql`.
//!
//! - A **pad credential** (`hcp-gateway pad-link`) binds a pad to one window
//!   (appCode, hallCode, workNo). It is `<id>.<secret>`: the id names the
//!   row, the secret is 32 random bytes the gateway keeps only as a digest
//!   (SHA-256), so the store holds nothing a pad could be impersonated
//!   with. Revoking sets `revoked_at`; a revoked pad is refused and its open
//!   connection closed (`pad::watch_revocations`).
//! - A **reported case** is a case at a window, at a stage, with the
//!   evaluator the hall system named. The evaluator's phone and ID number
//!   are kept DES-encrypted (the platform's own field encryption, with
//!   `HCP_DES_KEY`) for [`CASE_TTL_SECS`] after the report, then erased.
//!   Not sooner once rated: a pad that sends its rating again (an answer
//!   lost, its offline queue replayed) must get the first answer, which
//!   takes the same outbox entry, built from the same evaluator.

use anyhow::Context as _;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::args;
use crate::store::{Row, Tx};

/// How long a reported case can be rated on a pad (a rating kept on the pad
/// while the gateway was unreachable is sent late, or again) and its
/// evaluator kept.
pub const CASE_TTL_SECS: i64 = 24 * 3600;

/// The window a pad is bound to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// 应用编码.
    pub app_code: String,
    /// 大厅编码.
    pub hall_code: String,
    /// 工号.
    pub work_no: String,
}

impl Window {
    /// The live-update topic of this window (`live::Hub`).
    pub fn topic(&self) -> String {
        ["window:", &self.hall_code, ":", &self.work_no].concat()
    }
}

/// A pad, as stored (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pad {
    /// The credential's id.
    pub id: String,
    /// Its window.
    pub window: Window,
    /// What the operator called it.
    pub label: Option<String>,
    /// When it was issued (Unix seconds).
    pub created_at: i64,
    /// When it was revoked (Unix seconds).
    pub revoked_at: Option<i64>,
}

/// A newly issued credential: the only time its secret exists in the clear.
#[derive(Debug)]
pub struct Issued {
    /// The pad.
    pub pad: Pad,
    /// `<id>.<secret>`, for the pad link. Never logged.
    pub credential: String,
}

/// The digest a credential's secret is kept as.
fn digest(secret: &str) -> String {
    hex_of(&Sha256::digest(["hcp-pad-v1:", secret].concat().as_bytes()))
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// 32 bytes from the system's random source (two v4 UUIDs: 244 random bits).
fn random_bytes() -> Vec<u8> {
    let mut out = Vec::with_capacity(32);
    out.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    out.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    out
}

/// Splits `<id>.<secret>`, checking the shapes only.
fn split(credential: &str) -> Option<(&str, &str)> {
    let (id, secret) = credential.split_once('.')?;
    let id_ok =
        id.len() == 13 && id.starts_with('p') && id[1..].bytes().all(|b| b.is_ascii_hexdigit());
    let secret_ok = (40..=64).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (id_ok && secret_ok).then_some((id, secret))
}

/// Issues a credential for `window`. `seed`, when given, makes it
/// deterministic (the sandbox's demo pad keeps its link across restarts);
/// it replaces a pad with the same id.
pub fn issue(
    tx: &mut dyn Tx,
    window: &Window,
    label: Option<&str>,
    now: i64,
    seed: Option<&[u8]>,
) -> anyhow::Result<Issued> {
    let bytes = match seed {
        Some(s) => Sha256::digest(s).to_vec(),
        None => random_bytes(),
    };
    let id_bytes = match seed {
        Some(s) => Sha256::digest([s, b":id"].concat()).to_vec(),
        None => random_bytes(),
    };
    let id = ["p", &hex_of(&id_bytes[..6])].concat();
    let secret = URL_SAFE_NO_PAD.encode(&bytes);
    tx.execute(
        "INSERT INTO pads (id, secret_digest, app_code, hall_code, work_no, label, created_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)
         ON CONFLICT(id) DO UPDATE SET secret_digest = excluded.secret_digest,
            app_code = excluded.app_code, hall_code = excluded.hall_code,
            work_no = excluded.work_no, label = excluded.label,
            created_at = excluded.created_at, revoked_at = NULL",
        args![
            &id,
            &digest(&secret),
            &window.app_code,
            &window.hall_code,
            &window.work_no,
            label,
            now
        ],
    )
    .context("cannot store the pad credential")?;
    Ok(Issued {
        credential: [id.as_str(), ".", &secret].concat(),
        pad: Pad {
            id,
            window: window.clone(),
            label: label.map(str::to_string),
            created_at: now,
            revoked_at: None,
        },
    })
}

fn pad_of(r: &Row) -> anyhow::Result<Pad> {
    Ok(Pad {
        id: r.get(0)?,
        window: Window {
            app_code: r.get(1)?,
            hall_code: r.get(2)?,
            work_no: r.get(3)?,
        },
        label: r.get(4)?,
        created_at: r.get(5)?,
        revoked_at: r.get(6)?,
    })
}

const PAD_COLUMNS: &str = "id, app_code, hall_code, work_no, label, created_at, revoked_at";

/// Why a credential was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a credential, unknown, or the wrong secret.
    Invalid,
    /// Revoked.
    Revoked,
}

/// The pad a credential belongs to, if it is good and not revoked.
pub fn authenticate(tx: &mut dyn Tx, credential: &str) -> anyhow::Result<Result<Pad, Refusal>> {
    let Some((id, secret)) = split(credential) else {
        return Ok(Err(Refusal::Invalid));
    };
    let row = tx.query_opt(
        &[
            "SELECT ",
            PAD_COLUMNS,
            ", secret_digest FROM pads WHERE id = $1",
        ]
        .concat(),
        args![id],
    )?;
    let Some(row) = row else {
        return Ok(Err(Refusal::Invalid));
    };
    let (pad, stored) = (pad_of(&row)?, row.get::<String>(7)?);
    // Digests of a 256-bit secret: comparing them reveals nothing usable.
    if stored != digest(secret) {
        return Ok(Err(Refusal::Invalid));
    }
    if pad.revoked_at.is_some() {
        return Ok(Err(Refusal::Revoked));
    }
    Ok(Ok(pad))
}

/// Revokes a pad; `false` when there is no such pad or it was revoked
/// already. Its window's pads hear of it when this commits (`live`), at
/// every gateway on the store.
pub fn revoke(tx: &mut dyn Tx, id: &str, now: i64) -> anyhow::Result<bool> {
    let rows = tx.query(
        "UPDATE pads SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL
         RETURNING app_code, hall_code, work_no",
        args![id, now],
    )?;
    for r in &rows {
        let w = Window {
            app_code: r.get(0)?,
            hall_code: r.get(1)?,
            work_no: r.get(2)?,
        };
        crate::live::notify(
            tx,
            &w.topic(),
            &crate::live::Event::Revoked {
                pad_id: id.to_string(),
            },
        )?;
    }
    Ok(rows.len() == 1)
}

/// Every pad, newest first.
pub fn list(tx: &mut dyn Tx) -> anyhow::Result<Vec<Pad>> {
    tx.query(
        &[
            "SELECT ",
            PAD_COLUMNS,
            " FROM pads ORDER BY created_at DESC, id",
        ]
        .concat(),
        args![],
    )?
    .iter()
    .map(pad_of)
    .collect()
}

/// Pads revoked at or after `since` (Unix seconds): their connections are closed.
pub fn revoked_since(tx: &mut dyn Tx, since: i64) -> anyhow::Result<Vec<(String, Window)>> {
    tx.query(
        "SELECT id, app_code, hall_code, work_no FROM pads WHERE revoked_at IS NOT NULL AND revoked_at >= $1",
        args![since],
    )?
    .iter()
    .map(|r| {
        Ok((
            r.get(0)?,
            Window {
                app_code: r.get(1)?,
                hall_code: r.get(2)?,
                work_no: r.get(3)?,
            },
        ))
    })
    .collect()
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> (tempfile::TempDir, crate::db::Db) {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = crate::db::Db::open(&dir.path().join("g.db")).expect("db");
        (dir, db)
    }

    fn window(work_no: &str) -> Window {
        Window {
            app_code: "cTPyv9r6".into(),
            hall_code: "56417234343428097".into(),
            work_no: work_no.into(),
        }
    }

    #[test]
    fn a_credential_is_its_secret_and_a_revoked_one_is_refused() {
        let (_d, db) = db();
        db.blocking(|c| {
            let issued = issue(c, &window("1212"), Some("窗口 3"), 100, None)?;
            let cred = issued.credential.clone();
            assert_eq!(authenticate(c, &cred)?, Ok(issued.pad.clone()));
            // The database holds the digest, not the secret.
            let stored: String = c.query_row("SELECT secret_digest FROM pads", [], |r| r.get(0))?;
            let secret = cred.split_once('.').map(|(_, s)| s).unwrap_or_default();
            assert!(!stored.contains(secret));
            // Another secret for the same id, garbage, an unknown id.
            let (id, _) = cred.split_once('.').unwrap_or_default();
            let forged = [id, ".", &"A".repeat(43)].concat();
            assert_eq!(authenticate(c, &forged)?, Err(Refusal::Invalid));
            assert_eq!(authenticate(c, "nonsense")?, Err(Refusal::Invalid));
            assert_eq!(
                authenticate(c, &["p000000000000.", secret].concat())?,
                Err(Refusal::Invalid)
            );
            assert!(revoke(c, id, 200)?);
            assert!(!revoke(c, id, 201)?);
            assert_eq!(authenticate(c, &cred)?, Err(Refusal::Revoked));
            assert_eq!(revoked_since(c, 150)?.len(), 1);
            assert!(revoked_since(c, 201)?.is_empty());
            // A seeded credential is the same every time, and unrevoked by reissuing.
            let a = issue(c, &window("1212"), None, 300, Some(b"seed"))?;
            let b = issue(c, &window("1212"), None, 301, Some(b"seed"))?;
            assert_eq!(a.credential, b.credential);
            assert_eq!(list(c)?.len(), 2);
            Ok(())
        })
        .expect("db");
    }

    #[test]
    fn a_window_shows_its_newest_unrated_case_and_expiry_erases_the_evaluator() {
        let (_d, db) = db();
        db.blocking(|c| {
            let case = |serial: &str, at: i64| Reported {
                window: window("1212"),
                affair_serial_no: serial.into(),
                eval_process: 2,
                user_name: Some("王小明".into()),
                contact_phone_des: Some("aa".into()),
                certificate_no_des: Some("bb".into()),
                reported_at: at,
                rated_at: None,
            };
            assert_eq!(report(c, &case("A-1", 1000))?, Stored::Fresh);
            assert_eq!(report(c, &case("A-2", 1010))?, Stored::Fresh);
            let shown = showing(c, &window("1212"), 900)?.expect("a case");
            assert_eq!(shown.affair_serial_no, "A-2");
            assert!(showing(c, &window("1212"), 1011)?.is_none());
            assert!(showing(c, &window("9999"), 0)?.is_none());
            let rated = mark_rated(c, "cTPyv9r6", &["A-2", "X-9"], 2, "pad", 1020)?;
            assert_eq!(rated, vec![(window("1212"), "A-2".to_string())]);
            // Once only.
            assert!(mark_rated(c, "cTPyv9r6", &["A-2"], 2, "link", 1021)?.is_empty());
            let after = find(c, "cTPyv9r6", "A-2", 2)?.expect("kept");
            assert_eq!(after.rated_at, Some(1020));
            // Kept for a repeat of the same rating, until it expires.
            assert!(after.certificate_no_des.is_some());
            assert_eq!(
                showing(c, &window("1212"), 900)?.map(|r| r.affair_serial_no),
                Some("A-1".into())
            );
            // Reported again once rated: nothing changes.
            assert_eq!(report(c, &case("A-2", 1030))?, Stored::AlreadyRated);
            assert_eq!(expire(c, 1005)?, 1);
            assert_eq!(
                find(c, "cTPyv9r6", "A-1", 2)?.and_then(|r| r.certificate_no_des),
                None
            );
            Ok(())
        })
        .expect("db");
    }
}
