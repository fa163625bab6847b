//! The province's database: ratings (with decrypted personal fields, their
//! ciphertexts, and the x-rio headers that carried them), work orders, and the
//! nonces seen in the last ten minutes. SQLite in WAL mode, one file.

use std::path::Path;

use hcp_protocol::types::Personal;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::error::{Error, Result};

/// How long a nonce may not be reused (seed 000: 十分钟内不能重复).
pub(crate) const NONCE_WINDOW_SECS: i64 = 600;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS rio_nonce (
    paas_id  TEXT NOT NULL,
    nonce    TEXT NOT NULL,
    seen_at  INTEGER NOT NULL,
    PRIMARY KEY (paas_id, nonce)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rio_nonce_seen_at ON rio_nonce (seen_at);

CREATE TABLE IF NOT EXISTS rating (
    eval_id               TEXT PRIMARY KEY NOT NULL,
    kind                  TEXT NOT NULL,
    app_code              TEXT NOT NULL,
    eval_entity_code      TEXT NOT NULL,
    channel               TEXT NOT NULL,
    general_stars         INTEGER NOT NULL,
    remark                TEXT,
    eval_process          INTEGER,
    eval_time             TEXT NOT NULL,
    client_eval_time      TEXT,
    tag_ids               TEXT NOT NULL,
    affair_serial_no      TEXT,
    affair_code           TEXT,
    affair_name           TEXT,
    affair_deal_officer   TEXT,
    affair_apply_time     TEXT,
    affair_done_time      TEXT,
    department_code       TEXT,
    department_name       TEXT,
    hall_code             TEXT,
    hall_name             TEXT,
    hall_worker_name      TEXT,
    work_no               TEXT,
    user_id               TEXT,
    user_name             TEXT,
    user_type             INTEGER,
    certificate_type      INTEGER,
    passport_name         TEXT,
    contact_phone         TEXT,
    contact_phone_cipher  TEXT,
    certificate_no        TEXT,
    certificate_no_cipher TEXT,
    sub_business          TEXT,
    work_order_no         TEXT,
    rio_paasid            TEXT NOT NULL,
    rio_timestamp         TEXT NOT NULL,
    rio_nonce             TEXT NOT NULL,
    rio_signature         TEXT NOT NULL,
    signature_verified    INTEGER NOT NULL,
    body                  TEXT NOT NULL,
    created_at            INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS rating_case_stage
    ON rating (affair_serial_no, eval_process) WHERE affair_serial_no IS NOT NULL;
CREATE INDEX IF NOT EXISTS rating_user ON rating (user_id);

CREATE TABLE IF NOT EXISTS work_order (
    work_order_no TEXT PRIMARY KEY NOT NULL,
    eval_id       TEXT NOT NULL REFERENCES rating (eval_id),
    status        INTEGER NOT NULL,
    validity      INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS work_order_process (
    work_order_no TEXT NOT NULL REFERENCES work_order (work_order_no),
    process_time  TEXT NOT NULL,
    process_type  INTEGER NOT NULL,
    remark        TEXT,
    app_code      TEXT NOT NULL,
    received_at   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS work_order_process_no ON work_order_process (work_order_no);

PRAGMA user_version = 1;
"#;

/// Opens the file, creating its directory and the schema.
pub(crate) fn open(path: &Path) -> Result<Connection> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // journal_mode answers with a row, so it is read rather than executed.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
    conn.execute_batch(SCHEMA)?;
    Ok(conn)
}

/// Which interface a rating came through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RatingKind {
    /// 4.4 affair/hallworker/eval, 咨询评价.
    Consult,
    /// 4.5 affair/eval, 办件评价.
    Affair,
    /// 4.6 affair/multieval, one case of a batch.
    Multi,
    /// 4.7 affair/onethingeval, one case of a 一件事.
    OneThing,
    /// 4.8 guide/eval, 办事指南评价.
    Guide,
}

impl RatingKind {
    /// Its name in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            RatingKind::Consult => "consult",
            RatingKind::Affair => "affair",
            RatingKind::Multi => "multi",
            RatingKind::OneThing => "onething",
            RatingKind::Guide => "guide",
        }
    }

    fn parse(s: &str) -> Option<RatingKind> {
        Some(match s {
            "consult" => RatingKind::Consult,
            "affair" => RatingKind::Affair,
            "multi" => RatingKind::Multi,
            "onething" => RatingKind::OneThing,
            "guide" => RatingKind::Guide,
            _ => return None,
        })
    }

    /// Whether it rates a case (affairSerialNo and evalProcess are set).
    pub fn is_case(self) -> bool {
        matches!(
            self,
            RatingKind::Affair | RatingKind::Multi | RatingKind::OneThing
        )
    }
}

/// The x-rio headers a request arrived with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RioHeaders {
    /// x-rio-paasid.
    pub paasid: String,
    /// x-rio-timestamp.
    pub timestamp: String,
    /// x-rio-nonce.
    pub nonce: String,
    /// x-rio-signature.
    pub signature: String,
}

/// A rating as the platform stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRating {
    /// 好差评系统评价信息流水号 (affairEvalId / evalId).
    pub eval_id: String,
    /// The interface it came through.
    pub kind: RatingKind,
    /// 系统编码.
    pub app_code: String,
    /// 评价对象编码.
    pub eval_entity_code: String,
    /// 渠道标识.
    pub channel: String,
    /// 整体评价星级, 1..=5.
    pub general_stars: u8,
    /// 附加评论 as sent.
    pub remark: Option<String>,
    /// 评价阶段 1 / 2 (case ratings; consultations when sent).
    pub eval_process: Option<u8>,
    /// The platform's evaluation time, yyyyMMddHHmmss Beijing time.
    pub eval_time: String,
    /// The evalTime the client sent, if any.
    pub client_eval_time: Option<String>,
    /// The tag ids, as sent.
    pub tag_ids: Vec<String>,
    /// 办件编号.
    pub affair_serial_no: Option<String>,
    /// 实施清单编码.
    pub affair_code: Option<String>,
    /// 事项名称.
    pub affair_name: Option<String>,
    /// 事项受理人姓名.
    pub affair_deal_officer: Option<String>,
    /// 事项受理时间.
    pub affair_apply_time: Option<String>,
    /// 事项办结时间.
    pub affair_done_time: Option<String>,
    /// 部门编码.
    pub department_code: Option<String>,
    /// 部门名称.
    pub department_name: Option<String>,
    /// 大厅编码.
    pub hall_code: Option<String>,
    /// 大厅名字.
    pub hall_name: Option<String>,
    /// 窗口服务人员姓名.
    pub hall_worker_name: Option<String>,
    /// 窗口服务人员工号.
    pub work_no: Option<String>,
    /// 统一身份认证系统uid (trimmed).
    pub user_id: Option<String>,
    /// 评价人姓名.
    pub user_name: Option<String>,
    /// 评价者类型.
    pub user_type: Option<i64>,
    /// 证件类型.
    pub certificate_type: Option<i64>,
    /// 评价者登录账号.
    pub passport_name: Option<String>,
    /// 手机号码, decrypted.
    pub contact_phone: Option<Personal>,
    /// 手机号码 as received (DES hex).
    pub contact_phone_cipher: Option<String>,
    /// 证件编号, decrypted.
    pub certificate_no: Option<Personal>,
    /// 证件编号 as received (DES hex).
    pub certificate_no_cipher: Option<String>,
    /// 主题业务 of a 一件事 rating.
    pub sub_business: Option<String>,
    /// The work order a 差评 opened.
    pub work_order_no: Option<String>,
    /// The x-rio headers of the request.
    pub rio: RioHeaders,
    /// Whether the request's x-rio signature verified: true for every rating
    /// received (others are refused); false only for the demo history
    /// seeded at start, which never came over HTTP (`history`).
    pub signature_verified: bool,
    /// The request body (the whole request; for a batch, the whole batch).
    pub body: String,
    /// When it was stored (Unix seconds).
    pub created_at: i64,
}

/// A 差评工单 and what the 8890 hotline reported on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkOrder {
    /// 差评工单编号 (evalWorkOrderNo).
    pub work_order_no: String,
    /// The rating that opened it.
    pub eval_id: String,
    /// 0 工单已生成, 1 热线处理中, 2 部门处理中, 3 已办结.
    pub status: i64,
    /// 有效性 1 有效 / 3 无效, once the hotline verified it.
    pub validity: Option<i64>,
    /// 4.14 steps, in the order received.
    pub processes: Vec<WorkOrderProcess>,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub updated_at: i64,
}

/// One 4.14 step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkOrderProcess {
    /// yyyyMMddHHmmss.
    pub process_time: String,
    /// 1 热线处理, 2 部门处理.
    pub process_type: i64,
    /// 处理信息.
    pub remark: Option<String>,
    /// Who reported it.
    pub app_code: String,
}

/// Work order status: 工单已生成.
pub(crate) const WO_CREATED: i64 = 0;
/// Work order status: 已办结.
pub(crate) const WO_DONE: i64 = 3;

// ---------------------------------------------------------------- nonces

/// Records a nonce; `false` if it was seen within the window (a replay).
/// Prunes the expired ones at most once a minute.
pub(crate) fn use_nonce(
    conn: &mut Connection,
    paas_id: &str,
    nonce: &str,
    now: i64,
    prune: bool,
) -> Result<bool> {
    let cutoff = now - NONCE_WINDOW_SECS;
    if prune {
        conn.execute("DELETE FROM rio_nonce WHERE seen_at < ?1", [cutoff])?;
    }
    // A conflicting row older than the window is refreshed; a recent one is
    // left alone, and then nothing changed: the nonce is a replay.
    let changed = conn.execute(
        "INSERT INTO rio_nonce (paas_id, nonce, seen_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (paas_id, nonce) DO UPDATE SET seen_at = excluded.seen_at
         WHERE rio_nonce.seen_at < ?4",
        params![paas_id, nonce, now, cutoff],
    )?;
    Ok(changed == 1)
}

pub(crate) fn nonce_count(conn: &mut Connection) -> Result<u64> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM rio_nonce", [], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

// ---------------------------------------------------------------- ratings

/// Whether the case was already rated at this stage.
pub(crate) fn case_rated(tx: &Transaction<'_>, serial: &str, process: u8) -> Result<bool> {
    Ok(tx
        .query_row(
            "SELECT 1 FROM rating WHERE affair_serial_no = ?1 AND eval_process = ?2",
            params![serial, process],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Whether a rating with this evaluation id is stored.
pub(crate) fn rating_exists(tx: &Transaction<'_>, eval_id: &str) -> Result<bool> {
    Ok(tx
        .query_row("SELECT 1 FROM rating WHERE eval_id = ?1", [eval_id], |_| {
            Ok(())
        })
        .optional()?
        .is_some())
}

/// Stores a rating and, when it carries one, its work order.
pub(crate) fn insert_rating(tx: &Transaction<'_>, r: &StoredRating) -> Result<()> {
    let tag_ids = serde_json::to_string(&r.tag_ids).map_err(|e| Error::Corrupt(e.to_string()))?;
    tx.execute(
        "INSERT INTO rating (
            eval_id, kind, app_code, eval_entity_code, channel, general_stars, remark,
            eval_process, eval_time, client_eval_time, tag_ids,
            affair_serial_no, affair_code, affair_name, affair_deal_officer,
            affair_apply_time, affair_done_time, department_code, department_name,
            hall_code, hall_name, hall_worker_name, work_no,
            user_id, user_name, user_type, certificate_type, passport_name,
            contact_phone, contact_phone_cipher, certificate_no, certificate_no_cipher,
            sub_business, work_order_no,
            rio_paasid, rio_timestamp, rio_nonce, rio_signature, signature_verified,
            body, created_at
        ) VALUES (
            ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32,
            ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41
        )",
        params![
            r.eval_id,
            r.kind.as_str(),
            r.app_code,
            r.eval_entity_code,
            r.channel,
            r.general_stars,
            r.remark,
            r.eval_process,
            r.eval_time,
            r.client_eval_time,
            tag_ids,
            r.affair_serial_no,
            r.affair_code,
            r.affair_name,
            r.affair_deal_officer,
            r.affair_apply_time,
            r.affair_done_time,
            r.department_code,
            r.department_name,
            r.hall_code,
            r.hall_name,
            r.hall_worker_name,
            r.work_no,
            r.user_id,
            r.user_name,
            r.user_type,
            r.certificate_type,
            r.passport_name,
            r.contact_phone.as_ref().map(Personal::expose),
            r.contact_phone_cipher,
            r.certificate_no.as_ref().map(Personal::expose),
            r.certificate_no_cipher,
            r.sub_business,
            r.work_order_no,
            r.rio.paasid,
            r.rio.timestamp,
            r.rio.nonce,
            r.rio.signature,
            r.signature_verified,
            r.body,
            r.created_at,
        ],
    )?;
    if let Some(no) = &r.work_order_no {
        tx.execute(
            "INSERT INTO work_order (work_order_no, eval_id, status, validity, created_at, updated_at)
             VALUES (?1, ?2, ?3, NULL, ?4, ?4)",
            params![no, r.eval_id, WO_CREATED, r.created_at],
        )?;
    }
    Ok(())
}

const RATING_COLUMNS: &str = "eval_id, kind, app_code, eval_entity_code, channel, general_stars,
    remark, eval_process, eval_time, client_eval_time, tag_ids,
    affair_serial_no, affair_code, affair_name, affair_deal_officer,
    affair_apply_time, affair_done_time, department_code, department_name,
    hall_code, hall_name, hall_worker_name, work_no,
    user_id, user_name, user_type, certificate_type, passport_name,
    contact_phone, contact_phone_cipher, certificate_no, certificate_no_cipher,
    sub_business, work_order_no,
    rio_paasid, rio_timestamp, rio_nonce, rio_signature, signature_verified,
    body, created_at";

fn conversion(msg: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, msg.into())
}

fn personal(v: Option<String>) -> rusqlite::Result<Option<Personal>> {
    v.map(|s| Personal::new(s).map_err(|p| conversion(format!("personal value: {p:?}"))))
        .transpose()
}

fn row_to_rating(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredRating> {
    let kind: String = row.get(1)?;
    let kind = RatingKind::parse(&kind).ok_or_else(|| conversion(format!("kind {kind}")))?;
    let tag_ids: String = row.get(10)?;
    let tag_ids: Vec<String> =
        serde_json::from_str(&tag_ids).map_err(|e| conversion(format!("tag_ids: {e}")))?;
    Ok(StoredRating {
        eval_id: row.get(0)?,
        kind,
        app_code: row.get(2)?,
        eval_entity_code: row.get(3)?,
        channel: row.get(4)?,
        general_stars: row.get(5)?,
        remark: row.get(6)?,
        eval_process: row.get(7)?,
        eval_time: row.get(8)?,
        client_eval_time: row.get(9)?,
        tag_ids,
        affair_serial_no: row.get(11)?,
        affair_code: row.get(12)?,
        affair_name: row.get(13)?,
        affair_deal_officer: row.get(14)?,
        affair_apply_time: row.get(15)?,
        affair_done_time: row.get(16)?,
        department_code: row.get(17)?,
        department_name: row.get(18)?,
        hall_code: row.get(19)?,
        hall_name: row.get(20)?,
        hall_worker_name: row.get(21)?,
        work_no: row.get(22)?,
        user_id: row.get(23)?,
        user_name: row.get(24)?,
        user_type: row.get(25)?,
        certificate_type: row.get(26)?,
        passport_name: row.get(27)?,
        contact_phone: personal(row.get(28)?)?,
        contact_phone_cipher: row.get(29)?,
        certificate_no: personal(row.get(30)?)?,
        certificate_no_cipher: row.get(31)?,
        sub_business: row.get(32)?,
        work_order_no: row.get(33)?,
        rio: RioHeaders {
            paasid: row.get(34)?,
            timestamp: row.get(35)?,
            nonce: row.get(36)?,
            signature: row.get(37)?,
        },
        signature_verified: row.get(38)?,
        body: row.get(39)?,
        created_at: row.get(40)?,
    })
}

fn query_ratings(
    conn: &Connection,
    where_clause: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<StoredRating>> {
    let sql = format!("SELECT {RATING_COLUMNS} FROM rating {where_clause} ORDER BY rowid");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(args, row_to_rating)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn all_ratings(conn: &mut Connection) -> Result<Vec<StoredRating>> {
    query_ratings(conn, "", &[])
}

pub(crate) fn rating_by_id(conn: &mut Connection, eval_id: &str) -> Result<Option<StoredRating>> {
    Ok(query_ratings(conn, "WHERE eval_id = ?1", &[&eval_id])?
        .into_iter()
        .next())
}

/// A user's ratings of one kind set, oldest first.
pub(crate) fn ratings_of_user(
    conn: &mut Connection,
    user_id: &str,
    kinds: &[RatingKind],
) -> Result<Vec<StoredRating>> {
    let all = query_ratings(conn, "WHERE user_id = ?1", &[&user_id])?;
    Ok(all
        .into_iter()
        .filter(|r| kinds.contains(&r.kind))
        .collect())
}

// ---------------------------------------------------------------- work orders

pub(crate) fn all_work_orders(conn: &mut Connection) -> Result<Vec<WorkOrder>> {
    let mut stmt = conn.prepare(
        "SELECT work_order_no, eval_id, status, validity, created_at, updated_at
         FROM work_order ORDER BY rowid",
    )?;
    let orders = stmt
        .query_map([], |r| {
            Ok(WorkOrder {
                work_order_no: r.get(0)?,
                eval_id: r.get(1)?,
                status: r.get(2)?,
                validity: r.get(3)?,
                processes: Vec::new(),
                created_at: r.get(4)?,
                updated_at: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    drop(stmt);
    orders
        .into_iter()
        .map(|mut o| {
            o.processes = processes(conn, &o.work_order_no)?;
            Ok(o)
        })
        .collect()
}

fn processes(conn: &Connection, no: &str) -> Result<Vec<WorkOrderProcess>> {
    let mut stmt = conn.prepare(
        "SELECT process_time, process_type, remark, app_code FROM work_order_process
         WHERE work_order_no = ?1 ORDER BY rowid",
    )?;
    let rows = stmt
        .query_map([no], |r| {
            Ok(WorkOrderProcess {
                process_time: r.get(0)?,
                process_type: r.get(1)?,
                remark: r.get(2)?,
                app_code: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The work order with this number.
pub(crate) fn work_order(conn: &Connection, no: &str) -> Result<Option<WorkOrder>> {
    let order = conn
        .query_row(
            "SELECT work_order_no, eval_id, status, validity, created_at, updated_at
             FROM work_order WHERE work_order_no = ?1",
            [no],
            |r| {
                Ok(WorkOrder {
                    work_order_no: r.get(0)?,
                    eval_id: r.get(1)?,
                    status: r.get(2)?,
                    validity: r.get(3)?,
                    processes: Vec::new(),
                    created_at: r.get(4)?,
                    updated_at: r.get(5)?,
                })
            },
        )
        .optional()?;
    match order {
        Some(mut o) => {
            o.processes = processes(conn, no)?;
            Ok(Some(o))
        }
        None => Ok(None),
    }
}

/// 4.13: records the hotline's verdict. `false` if there is no such work order.
pub(crate) fn set_validity(
    conn: &mut Connection,
    no: &str,
    validity: i64,
    status: i64,
    now: i64,
) -> Result<bool> {
    let n = conn.execute(
        "UPDATE work_order SET validity = ?2, status = ?3, updated_at = ?4 WHERE work_order_no = ?1",
        params![no, validity, status, now],
    )?;
    Ok(n == 1)
}

/// 4.14: appends the steps and sets the status. `false` if there is no such work order.
pub(crate) fn add_processes(
    conn: &mut Connection,
    no: &str,
    app_code: &str,
    steps: &[WorkOrderProcess],
    status: i64,
    now: i64,
) -> Result<bool> {
    let tx = conn.transaction()?;
    let n = tx.execute(
        "UPDATE work_order SET status = ?2, updated_at = ?3 WHERE work_order_no = ?1",
        params![no, status, now],
    )?;
    if n != 1 {
        return Ok(false);
    }
    for s in steps {
        tx.execute(
            "INSERT INTO work_order_process (work_order_no, process_time, process_type, remark, app_code, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![no, s.process_time, s.process_type, s.remark, app_code, now],
        )?;
    }
    tx.commit()?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_db(name: &str) -> (std::path::PathBuf, Connection) {
        let dir = std::env::temp_dir().join(format!(
            "hcp-sandbox-store-{name}-{}-{}",
            std::process::id(),
            crate::clock::now_secs()
        ));
        let path = dir.join("nested").join("sandbox.db");
        let conn = open(&path).expect("open");
        (dir, conn)
    }

    #[test]
    fn nonces_are_refused_within_ten_minutes_and_accepted_after() {
        let (dir, mut conn) = temp_db("nonce");
        let t = 1_700_000_000;
        assert!(use_nonce(&mut conn, "p", "n1", t, false).expect("first"));
        assert!(!use_nonce(&mut conn, "p", "n1", t + 599, false).expect("replay"));
        assert!(use_nonce(&mut conn, "other", "n1", t + 1, false).expect("other paasid"));
        assert!(use_nonce(&mut conn, "p", "n1", t + 601, false).expect("after window"));
        assert!(!use_nonce(&mut conn, "p", "n1", t + 602, false).expect("replay again"));
        // Pruning forgets only what is older than the window.
        assert!(use_nonce(&mut conn, "p", "n2", t + 1300, true).expect("prune"));
        assert_eq!(nonce_count(&mut conn).expect("count"), 1);
        drop(conn);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn opening_twice_keeps_the_data_and_uses_wal() {
        let (dir, conn) = temp_db("reopen");
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .expect("mode");
        assert_eq!(mode, "wal");
        conn.execute(
            "INSERT INTO rio_nonce (paas_id, nonce, seen_at) VALUES ('p', 'n', 1)",
            [],
        )
        .expect("insert");
        drop(conn);
        let mut again = open(&dir.join("nested").join("sandbox.db")).expect("reopen");
        assert_eq!(nonce_count(&mut again).expect("count"), 1);
        drop(again);
        let _ = std::fs::remove_dir_all(dir);
    }
}
