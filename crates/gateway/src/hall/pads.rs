//! Pad credentials in the store (either backend; schema
//! `migrations/*/…pads.sql`). A credential (`hcp-gateway pad-link`) binds a
//! pad to one window (appCode, hallCode, workNo). It is `<id>.<secret>`: the
//! id names the row, the secret is 32 random bytes the gateway keeps only as
//! a digest (SHA-256), so the store holds nothing a pad could be
//! impersonated with. Revoking sets `revoked_at`; a revoked pad is refused
//! and its open connection closed (`revocations`). The cases reported at a
//! window are `reported`.

use crate::args;
use crate::store::{Row, Tx};
use anyhow::Context as _;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

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
pub(crate) fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(["hcp-pad-v1:", secret].concat().as_bytes()))
}

/// 32 bytes from the system's random source (two v4 UUIDs: 244 random bits).
fn random_bytes() -> Vec<u8> {
    let mut out = Vec::with_capacity(32);
    out.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    out.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    out
}

/// Splits `<id>.<secret>`, checking the shapes only.
pub(crate) fn split(credential: &str) -> Option<(&str, &str)> {
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
    let id = ["p", &hex::encode(&id_bytes[..6])].concat();
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
        crate::hall::live::notify(
            tx,
            &w.topic(),
            &crate::hall::live::Event::Revoked {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hall::reported::Reported;
    use crate::hall::reported::Stored;
    use crate::hall::reported::expire;
    use crate::hall::reported::find;
    use crate::hall::reported::mark_rated;
    use crate::hall::reported::report;
    use crate::hall::reported::showing;

    fn db() -> (tempfile::TempDir, crate::store::Db) {
        crate::store::Db::temp()
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
