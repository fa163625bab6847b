//! The appCodes whose tag catalogs are fetched at start and kept fresh
//! (`HCP_APP_CODES`; the demo appCode in sandbox mode).

use hcp_protocol::types::AppCode;

use super::sandbox::dev_value;
use super::{Mode, Problems};
use crate::config::ConfigArgs;

/// The appCodes, each checked, duplicates dropped.
pub(super) fn app_codes(args: &ConfigArgs, mode: Mode, p: &mut Problems) -> Vec<AppCode> {
    let mut app_codes = Vec::new();
    let configured = match args.app_codes.clone() {
        Some(list) => list.0,
        None if mode.sandbox => vec![dev_value("HCP_APP_CODES").to_string()],
        None => vec![],
    };
    for code in configured {
        match AppCode::new(code.as_str()) {
            Ok(c) if !app_codes.contains(&c) => app_codes.push(c),
            Ok(_) => {}
            Err(problem) => p.invalid(format!(
                "HCP_APP_CODES: {}",
                hcp_protocol::FieldError::new("appCode", problem).message(hcp_protocol::Lang::En)
            )),
        }
    }
    app_codes
}
