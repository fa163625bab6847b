//! A rating's tags checked against the platform's list for its stars before
//! anything is kept (a made-up tag id would only be refused later); when the
//! list cannot be had in time the platform judges them.

use crate::directory::tag_lists::tag_list;
use crate::error::AppError;
use crate::state::AppState;
use hcp_protocol::PageParams;
use hcp_protocol::api::Rating;
use hcp_protocol::error::{FieldError, Problem};

/// Checks the rating's tags against the platform's catalog for its stars,
/// before anything is kept: a made-up tag id would only be refused by the
/// platform later. The page fetched that list a moment ago, so it is
/// normally cached. When the catalog cannot be had in time (the platform
/// down or slow and nothing cached), the rating is not held up: the
/// platform judges it.
pub(crate) async fn check_tags(
    state: &AppState,
    params: &PageParams,
    rating: &Rating,
) -> Result<(), AppError> {
    check_tag_ids(
        state,
        params.app_code(),
        params.eval_entity_code(),
        params.kind().tag_type(),
        rating,
    )
    .await
}

/// [`check_tags`] for a page of `app_code` rating an `entity` with the
/// `tag_type` catalog (a 一件事's, `onething`).
pub(crate) async fn check_tag_ids(
    state: &AppState,
    app_code: &hcp_protocol::types::AppCode,
    entity: hcp_protocol::EvalEntityCode,
    tag_type: hcp_protocol::types::TagType,
    rating: &Rating,
) -> Result<(), AppError> {
    if rating.tags.is_empty() {
        return Ok(());
    }
    let fetch = tag_list(state, app_code, entity, rating.stars, Some(tag_type));
    let catalog = tokio::time::timeout(state.config.submit_wait, fetch)
        .await
        .unwrap_or_else(|_| {
            Err(AppError::Upstream(
                "tag list: no answer in time".to_string(),
            ))
        });
    let catalog = match catalog {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(
                error = %crate::redact::safe_text(&format!("{e:?}"), 200),
                "tag catalog unavailable; the rating's tags are left to the platform"
            );
            return Ok(());
        }
    };
    if rating
        .tags
        .iter()
        .all(|t| catalog.iter().any(|c| c.id == t.as_str()))
    {
        Ok(())
    } else {
        Err(AppError::Param(FieldError::new(
            "rating.tags",
            Problem::Shape(
                "含有不属于所选星级评价标签目录的标签",
                "holds a tag that is not in the tag list for the chosen stars",
            ),
        )))
    }
}
