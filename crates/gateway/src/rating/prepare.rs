//! A submission's plan as a handler gets it: what the directories know of
//! its case and window (read only when it names one), then its body and
//! keys built. The one path from page parameters to a plan, for the rating
//! pages and the pads alike.

use crate::error::AppError;
use crate::rating::body;
use crate::rating::lookup::{self, Lookup, Submission};
use crate::rating::plan::Plan;
use crate::state::AppState;

/// Reads what `sub` needs from the directories and builds its plan at `now`
/// (Unix seconds).
pub async fn plan(state: &AppState, sub: &Submission<'_>, now: i64) -> Result<Plan, AppError> {
    let lookup = if lookup::needs_lookup(sub.params, sub.choice) {
        let (params, choice) = (sub.params.clone(), sub.choice.cloned());
        state
            .db
            .read(move |c| lookup::lookup(c, &params, choice.as_ref()))
            .await?
    } else {
        Lookup::default()
    };
    body::build(
        sub,
        &state.config.des_key,
        &lookup,
        now,
        &state.config.periods,
    )
}
