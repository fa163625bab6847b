//! The texts of what the entries share, in Chinese (the default) and
//! English (`lang=en`), one struct for each group of pieces that are shown
//! together: an entry's bundle carries only the groups it shows (the pad,
//! for one, has no rating-form result and no info blocks). As one struct
//! they were all in every bundle: the pad's first load is 0.8 KB smaller
//! this way, 我的评价's 0.3 KB, the rating pages' the same.

use hcp_protocol::{Lang, Stars};

/// The frame every entry has: the document, its header's tools, and the notice
/// when the page cannot start.
pub struct FrameText {
    /// `<html lang>`.
    pub html_lang: &'static str,
    /// The product name, in the document title.
    pub product: &'static str,
    /// The page cannot start (its configuration does not read): heading.
    pub broken_title: &'static str,
    /// The page cannot start: explanation.
    pub broken_body: &'static str,
    /// The 适老化 toggle.
    pub elder_toggle: &'static str,
    /// 关闭 (iframe / mini-program).
    pub close: &'static str,
}

static FRAME_ZH: FrameText = FrameText {
    html_lang: "zh-CN",
    product: "政务服务好差评",
    broken_title: "页面暂时无法使用",
    broken_body: "评价页面的配置有误，暂时无法评价。请稍后再试，或联系提供链接的单位。",
    elder_toggle: "长辈模式",
    close: "关闭",
};

static FRAME_EN: FrameText = FrameText {
    html_lang: "en",
    product: "Government Service Rating",
    broken_title: "This page is unavailable",
    broken_body: "The rating page is misconfigured and cannot take ratings now. Please try again later, or contact whoever gave you the link.",
    elder_toggle: "Larger text",
    close: "Close",
};

/// [`FrameText`] in `lang`.
pub fn frame(lang: Lang) -> &'static FrameText {
    match lang {
        Lang::Zh => &FRAME_ZH,
        Lang::En => &FRAME_EN,
    }
}

/// What an entry that reads its URL shows instead of a page (the rating pages,
/// 我的评价 and 一件事).
pub struct NoticeText {
    /// Shown while the login redirect happens.
    pub redirecting_login: &'static str,
    /// Unknown path: heading.
    pub not_found_title: &'static str,
    /// Unknown path: explanation.
    pub not_found_body: &'static str,
    /// Bad parameters: heading.
    pub bad_link_title: &'static str,
    /// Bad parameters: explanation above the list.
    pub bad_link_body: &'static str,
}

static NOTICE_ZH: NoticeText = NoticeText {
    redirecting_login: "正在跳转登录…",
    not_found_title: "页面不存在",
    not_found_body: "请检查评价链接是否完整。",
    bad_link_title: "评价链接有误",
    bad_link_body: "无法打开评价页面，请联系提供链接的单位。链接中的以下参数有误：",
};

static NOTICE_EN: NoticeText = NoticeText {
    redirecting_login: "Redirecting to sign in…",
    not_found_title: "Page not found",
    not_found_body: "Please check that the rating link is complete.",
    bad_link_title: "This rating link is not valid",
    bad_link_body: "The rating page cannot open. Please contact whoever gave you the link. These parameters are wrong:",
};

/// [`NoticeText`] in `lang`.
pub fn notice(lang: Lang) -> &'static NoticeText {
    match lang {
        Lang::Zh => &NOTICE_ZH,
        Lang::En => &NOTICE_EN,
    }
}

/// A read's failure and its retry, and why a call failed.
pub struct ReadText {
    /// Retry button.
    pub retry: &'static str,
    /// A network failure.
    pub network_error: &'static str,
    /// A server answer that is not an `ApiError`.
    pub server_error: &'static str,
}

static READ_ZH: ReadText = ReadText {
    retry: "重试",
    network_error: "网络异常，请检查网络后重试。",
    server_error: "服务暂时不可用，请稍后重试。",
};

static READ_EN: ReadText = ReadText {
    retry: "Try again",
    network_error: "Network problem. Please check your connection and try again.",
    server_error: "The service is unavailable. Please try again later.",
};

/// [`ReadText`] in `lang`.
pub fn read(lang: Lang) -> &'static ReadText {
    match lang {
        Lang::Zh => &READ_ZH,
        Lang::En => &READ_EN,
    }
}

/// The pieces every rating form shows (the rating form's and the pad's): the
/// stars, the tags, the comment box, the submit button, and what stops a
/// submission.
pub struct FormText {
    /// The stars' group label.
    pub stars_label: &'static str,
    /// The tag group's label.
    pub tags_label: &'static str,
    /// While tags load.
    pub tags_loading: &'static str,
    /// A failed tag fetch.
    pub tags_failed: &'static str,
    /// Remark label (optional).
    pub remark_label: &'static str,
    /// Remark label when a 差评 needs a reason.
    pub remark_label_bad: &'static str,
    /// Remark placeholder.
    pub remark_placeholder: &'static str,
    /// A 差评 hint shown under the stars.
    pub bad_hint: &'static str,
    /// Submit without stars.
    pub need_stars: &'static str,
    /// A 差评 without a reason.
    pub bad_needs_reason: &'static str,
    /// The submit button.
    pub submit: &'static str,
    /// The submit button while in flight.
    pub submitting: &'static str,
}

static FORM_ZH: FormText = FormText {
    stars_label: "整体评价",
    tags_label: "评价标签",
    tags_loading: "正在加载评价标签…",
    tags_failed: "评价标签加载失败。",
    remark_label: "评价内容（选填）",
    remark_label_bad: "评价内容",
    remark_placeholder: "请写下您的意见或建议",
    bad_hint: "差评请选择标签或填写评价内容，以便改进服务。",
    need_stars: "请先选择星级",
    bad_needs_reason: "差评请至少选择一个标签或填写评价内容",
    submit: "提交评价",
    submitting: "正在提交…",
};

static FORM_EN: FormText = FormText {
    stars_label: "Overall rating",
    tags_label: "Tags",
    tags_loading: "Loading tags…",
    tags_failed: "Could not load the tags.",
    remark_label: "Comment (optional)",
    remark_label_bad: "Comment",
    remark_placeholder: "Your comments or suggestions",
    bad_hint: "For a low rating, please choose a tag or write a comment so the service can improve.",
    need_stars: "Please choose a star rating first",
    bad_needs_reason: "A low rating needs a reason: choose a tag or write a comment",
    submit: "Submit rating",
    submitting: "Submitting…",
};

/// [`FormText`] in `lang`.
pub fn form(lang: Lang) -> &'static FormText {
    match lang {
        Lang::Zh => &FORM_ZH,
        Lang::En => &FORM_EN,
    }
}

/// The rating form's own (the rating pages, 我的评价 and 一件事): consult online's
/// missing window, the login round trip, and the result.
pub struct RatingFormText {
    /// Consult online without a hall.
    pub need_hall: &'static str,
    /// Consult online without a worker.
    pub need_worker: &'static str,
    /// Shown while a 401 sends the citizen to log in again.
    pub login_expired: &'static str,
    /// Result: delivered.
    pub done_title: &'static str,
    /// Result: delivered, explanation.
    pub done_body: &'static str,
    /// Result: queued.
    pub queued_title: &'static str,
    /// Result: queued, explanation.
    pub queued_body: &'static str,
    /// Result: already rated.
    pub already_title: &'static str,
    /// Result: already rated, explanation.
    pub already_body: &'static str,
    /// Result: refused by the platform (batch cases).
    pub refused_title: &'static str,
    /// Result: refused, explanation.
    pub refused_body: &'static str,
    /// Heading of the per-case outcomes.
    pub cases_result: &'static str,
    /// 返回 (to an allowed returnUrl).
    pub back: &'static str,
}

static RATING_FORM_ZH: RatingFormText = RatingFormText {
    need_hall: "请选择办理大厅",
    need_worker: "请选择办理人员",
    login_expired: "登录已失效，正在跳转登录…",
    done_title: "评价成功",
    done_body: "感谢您的评价！",
    queued_title: "已收到，将尽快提交",
    queued_body: "您的评价已保存，将尽快提交到好差评系统，无需重复评价。",
    already_title: "您已评价过",
    already_body: "此项已有您的评价，无需重复提交。",
    refused_title: "未被受理",
    refused_body: "好差评系统未受理本次评价，原因见下。如有疑问，请联系办理部门。",
    cases_result: "各办件评价结果",
    back: "返回",
};

static RATING_FORM_EN: RatingFormText = RatingFormText {
    need_hall: "Please choose the service hall",
    need_worker: "Please choose the staff member",
    login_expired: "Your sign-in has expired. Redirecting to sign in…",
    done_title: "Rating submitted",
    done_body: "Thank you for your rating!",
    queued_title: "Received, will be delivered shortly",
    queued_body: "Your rating is saved and will be delivered to the rating platform shortly. No need to rate again.",
    already_title: "You have already rated this",
    already_body: "Your earlier rating stands; there is nothing more to submit.",
    refused_title: "Not accepted",
    refused_body: "The rating platform did not accept this rating; the reason is below. For questions, contact the department that handled it.",
    cases_result: "Result for each case",
    back: "Back",
};

/// [`RatingFormText`] in `lang`.
pub fn rating_form(lang: Lang) -> &'static RatingFormText {
    match lang {
        Lang::Zh => &RATING_FORM_ZH,
        Lang::En => &RATING_FORM_EN,
    }
}

/// What is rated (the info blocks): 业务信息 and 大厅信息.
pub struct InfoText {
    /// Heading of the 业务信息 block.
    pub business_info: &'static str,
    /// Heading of the 大厅信息 block.
    pub hall_info: &'static str,
    /// 办理业务 (cases).
    pub affair: &'static str,
    /// 办理部门.
    pub department: &'static str,
    /// 办理大厅.
    pub hall: &'static str,
    /// 办理人员.
    pub worker: &'static str,
    /// 办件编号.
    pub case_no: &'static str,
    /// 工号, in front of a worker number.
    pub work_no: &'static str,
}

static INFO_ZH: InfoText = InfoText {
    business_info: "业务信息",
    hall_info: "大厅信息",
    affair: "办理业务",
    department: "办理部门",
    hall: "办理大厅",
    worker: "办理人员",
    case_no: "办件编号",
    work_no: "工号",
};

static INFO_EN: InfoText = InfoText {
    business_info: "Service",
    hall_info: "Service hall",
    affair: "Service",
    department: "Department",
    hall: "Service hall",
    worker: "Staff member",
    case_no: "Case number",
    work_no: "Staff no.",
};

/// [`InfoText`] in `lang`.
pub fn info(lang: Lang) -> &'static InfoText {
    match lang {
        Lang::Zh => &INFO_ZH,
        Lang::En => &INFO_EN,
    }
}

// The texts with numbers in them are put together with `concat` and
// `to_string` rather than `format!`: with no `format!` anywhere, the wasm
// ships without core's formatting machinery.

/// A star's accessible name: "5星 非常满意" / "5 stars Very satisfied".
pub fn star_name(lang: Lang, s: Stars) -> String {
    let n = s.get();
    let label = s.label(lang);
    match lang {
        Lang::Zh => [&n.to_string(), "星 ", label].concat(),
        Lang::En if n == 1 => ["1 star ", label].concat(),
        Lang::En => [&n.to_string(), " stars ", label].concat(),
    }
}

/// The remark counter's accessible description.
pub fn remark_count(lang: Lang, n: usize, max: usize) -> String {
    match lang {
        Lang::Zh => [
            "已输入 ",
            &n.to_string(),
            " 字，最多 ",
            &max.to_string(),
            " 字",
        ]
        .concat(),
        Lang::En => [&n.to_string(), " of ", &max.to_string(), " characters"].concat(),
    }
}

/// The remark is too long.
pub fn remark_too_long(lang: Lang, max: usize, over: usize) -> String {
    match lang {
        Lang::Zh => [
            "评价内容最多 ",
            &max.to_string(),
            " 个字，已超出 ",
            &over.to_string(),
            " 个字",
        ]
        .concat(),
        Lang::En => [
            "A comment can have at most ",
            &max.to_string(),
            " characters; this one has ",
            &over.to_string(),
            " too many",
        ]
        .concat(),
    }
}

/// A worker shown by number only (the Guangdong QR carries no name).
pub fn worker_by_no(lang: Lang, no: &str) -> String {
    [info(lang).work_no, " ", no].concat()
}
