//! What a submission needs from the directories, read before the body is
//! built (so that building is a pure function): the cases it names, and the
//! hall and worker of its window.

use crate::directory::cases::find_with_department;
use crate::directory::halls;
use crate::directory::records::CaseRecord;
use crate::identity::evaluator::Evaluator;
use crate::store::Tx;
use hcp_protocol::PageParams;
use hcp_protocol::api::{HallChoice, Rating};
use std::collections::HashMap;

/// A submission as the gateway understood it.
#[derive(Debug, Clone, Copy)]
pub struct Submission<'a> {
    /// The page's parameters (re-parsed).
    pub params: &'a PageParams,
    /// The citizen's rating.
    pub rating: &'a Rating,
    /// The window picked on the consult-online page.
    pub choice: Option<&'a HallChoice>,
    /// Who rates.
    pub evaluator: &'a Evaluator,
}

/// What the directories say about a submission's cases and window.
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    /// The cases found, by number.
    pub cases: HashMap<String, CaseRecord>,
    /// The hall's name, if the hall is known (then its windows are checked).
    pub hall_name: Option<String>,
    /// The worker's name, if the worker is known.
    pub worker_name: Option<String>,
    /// Whether the directory holds halls for the page's appCode (its own or
    /// every app's): then a hall it does not hold is not a real one.
    pub halls_known: bool,
}

/// The window a submission is about: the page's, or (consult online) the citizen's pick.
pub(crate) fn window(params: &PageParams, choice: Option<&HallChoice>) -> Option<(String, String)> {
    match params {
        PageParams::ConsultOnline(_) => choice.map(|c| {
            (
                c.hall_code.as_str().to_string(),
                c.work_no.as_str().to_string(),
            )
        }),
        _ => params.worker().map(|w| {
            (
                w.hall_code.as_str().to_string(),
                w.work_no.as_str().to_string(),
            )
        }),
    }
}

/// Whether [`build`] needs anything from the directories: not for a guide
/// rating, nor for a page that names neither a case nor a window (the
/// caller then skips the database round trip altogether).
pub fn needs_lookup(params: &PageParams, choice: Option<&HallChoice>) -> bool {
    !params.case_numbers().is_empty() || window(params, choice).is_some()
}

/// Reads from the directories what [`build`] will need.
pub fn lookup(
    conn: &mut dyn Tx,
    params: &PageParams,
    choice: Option<&HallChoice>,
) -> anyhow::Result<Lookup> {
    let mut out = Lookup::default();
    for no in params.case_numbers() {
        if let Some(c) = find_with_department(conn, no.as_str())? {
            out.cases.insert(no.as_str().to_string(), c);
        }
    }
    if let Some((hall, work)) = window(params, choice) {
        out.hall_name = halls::hall_name(conn, &hall)?;
        out.worker_name = halls::worker_name(conn, &hall, &work)?;
        out.halls_known = halls::knows_halls(conn, params.app_code().as_str())?;
    }
    Ok(out)
}
