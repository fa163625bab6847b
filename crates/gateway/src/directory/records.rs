//! The directory's records as the gateway keeps them (a case, a hall with its
//! workers), which kind a file or push holds, and how a bad record is named.

/// A case in the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    /// 办件编号.
    pub affair_serial_no: String,
    /// 实施清单编码.
    pub affair_code: String,
    /// 事项名称.
    pub affair_name: String,
    /// 部门编码.
    pub department_code: String,
    /// 部门名称.
    pub department_name: Option<String>,
    /// 事项受理人姓名.
    pub affair_deal_officer: String,
    /// 受理时间 yyyyMMddHHmmss.
    pub affair_apply_time: String,
    /// 办结时间 yyyyMMddHHmmss, once done.
    pub affair_done_time: Option<String>,
    /// The applicant the hall system reported (`certificateNo` in a record),
    /// kept as its digest (`identity::applicant_digest`), never the number:
    /// only that person may rate the case.
    pub applicant_digest: Option<String>,
}

/// A hall window worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerRecord {
    /// 工作人员编号.
    pub work_no: String,
    /// 姓名.
    pub name: String,
}

/// A hall with (some of) its workers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallRecord {
    /// 大厅编码.
    pub hall_code: String,
    /// 大厅名称.
    pub hall_name: String,
    /// The appCode it belongs to; `None` means every app.
    pub app_code: Option<String>,
    /// Workers to add or update (none are removed).
    pub workers: Vec<WorkerRecord>,
}

/// A department.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentRecord {
    /// 部门编码.
    pub code: String,
    /// 部门名称.
    pub name: String,
}

/// What a directory file or push holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectoryKind {
    /// Case records.
    Cases,
    /// Hall (and worker) records.
    Halls,
    /// Department records (`departments`).
    Departments,
}

impl DirectoryKind {
    /// `cases` or `halls`.
    pub fn as_str(self) -> &'static str {
        match self {
            DirectoryKind::Cases => "cases",
            DirectoryKind::Halls => "halls",
            DirectoryKind::Departments => "departments",
        }
    }
}

/// A problem with one record: where (record index or file line) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// "line 5" or "data[3]".
    pub place: String,
    /// The message, naming the field, in both languages.
    pub message: String,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}
