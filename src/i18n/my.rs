//! Every text of 我的评价 and 一件事 beyond the shared ones
//! ([`super::shared`]: the frame, the rating form, the info blocks), in
//! Chinese and English.

use hcp_protocol::Lang;
use hcp_protocol::my::{EvalStatus, TimeRange};

/// The fixed texts of one language.
pub struct MyText {
    /// 我的评价's title.
    pub title_my: &'static str,
    /// 一件事's title.
    pub title_onething: &'static str,
    /// The views' navigation.
    pub tabs_label: &'static str,
    /// The cases view.
    pub tab_cases: &'static str,
    /// The guide ratings view.
    pub tab_guides: &'static str,
    /// The time filter's label.
    pub range_label: &'static str,
    /// While the cases load.
    pub loading_cases: &'static str,
    /// The cases did not load.
    pub failed_cases: &'static str,
    /// While the guide ratings load.
    pub loading_guides: &'static str,
    /// The guide ratings did not load.
    pub failed_guides: &'static str,
    /// While a case loads.
    pub loading_case: &'static str,
    /// A case did not load.
    pub failed_case: &'static str,
    /// No case in the period.
    pub empty_cases: &'static str,
    /// No guide rating in the period.
    pub empty_guides: &'static str,
    /// The pager.
    pub pager_label: &'static str,
    /// The previous page.
    pub prev: &'static str,
    /// The next page.
    pub next: &'static str,
    /// A rating on its way to the platform.
    pub delivering: &'static str,
    /// Rate a case.
    pub rate: &'static str,
    /// Open a case.
    pub details: &'static str,
    /// 申请时间.
    pub applied: &'static str,
    /// 办结时间.
    pub finished: &'static str,
    /// A case not finished yet.
    pub in_progress: &'static str,
    /// 评价状态.
    pub status: &'static str,
    /// 办理部门.
    pub department: &'static str,
    /// Back to the list.
    pub back_to_list: &'static str,
    /// A rated stage: its stars.
    pub stars: &'static str,
    /// Its tags.
    pub tags: &'static str,
    /// Its remark.
    pub remark: &'static str,
    /// When it was given.
    pub rated_at: &'static str,
    /// A stage not rated.
    pub not_rated: &'static str,
    /// A case that cannot be rated here.
    pub cannot_rate_here: &'static str,
    /// The follow-up of a 差评.
    pub work_order: &'static str,
    /// The 8890 hotline's step.
    pub step_hotline: &'static str,
    /// The department's step (its feedback).
    pub step_department: &'static str,
    /// A step of unknown kind.
    pub step_other: &'static str,
    /// No step reported yet.
    pub no_steps: &'static str,
    /// The 一件事's subject.
    pub subject: &'static str,
    /// The stage rated.
    pub stage: &'static str,
    /// The 一件事 block's heading.
    pub onething_info: &'static str,
}

static ZH: MyText = MyText {
    title_my: "我的评价",
    title_onething: "一件事评价",
    tabs_label: "我的评价内容",
    tab_cases: "我的办件",
    tab_guides: "办事指南评价",
    range_label: "时间范围",
    loading_cases: "正在加载您的办件…",
    failed_cases: "您的办件暂时无法加载。",
    loading_guides: "正在加载您的办事指南评价…",
    failed_guides: "您的办事指南评价暂时无法加载。",
    loading_case: "正在加载办件详情…",
    failed_case: "办件详情暂时无法加载。",
    empty_cases: "这段时间内没有您的办件。",
    empty_guides: "这段时间内您没有评价过办事指南。",
    pager_label: "翻页",
    prev: "上一页",
    next: "下一页",
    delivering: "评价已提交，正在送达好差评系统",
    rate: "去评价",
    details: "查看详情",
    applied: "申请时间",
    finished: "办结时间",
    in_progress: "办理中",
    status: "评价状态",
    department: "办理部门",
    back_to_list: "返回我的评价",
    stars: "评价星级",
    tags: "评价标签",
    remark: "评价意见",
    rated_at: "评价时间",
    not_rated: "尚未评价",
    cannot_rate_here: "此办件暂不能在这里评价。",
    work_order: "差评处理",
    step_hotline: "8890热线",
    step_department: "部门反馈",
    step_other: "处理信息",
    no_steps: "尚无处理信息。",
    subject: "主题业务",
    stage: "评价阶段",
    onething_info: "一件事",
};

static EN: MyText = MyText {
    title_my: "My ratings",
    title_onething: "Rate a one-stop service",
    tabs_label: "What to show",
    tab_cases: "My cases",
    tab_guides: "Guide ratings",
    range_label: "Period",
    loading_cases: "Loading your cases…",
    failed_cases: "Your cases could not be loaded.",
    loading_guides: "Loading your guide ratings…",
    failed_guides: "Your guide ratings could not be loaded.",
    loading_case: "Loading the case…",
    failed_case: "The case could not be loaded.",
    empty_cases: "You have no cases in this period.",
    empty_guides: "You rated no service guide in this period.",
    pager_label: "Pages",
    prev: "Previous",
    next: "Next",
    delivering: "Your rating is on its way to the rating platform",
    rate: "Rate",
    details: "Details",
    applied: "Applied",
    finished: "Finished",
    in_progress: "In progress",
    status: "Rating",
    department: "Department",
    back_to_list: "Back to my ratings",
    stars: "Stars",
    tags: "Tags",
    remark: "Comment",
    rated_at: "Rated",
    not_rated: "Not rated yet",
    cannot_rate_here: "This case cannot be rated here yet.",
    work_order: "Follow-up of a low rating",
    step_hotline: "8890 hotline",
    step_department: "Department's feedback",
    step_other: "Follow-up",
    no_steps: "Nothing reported yet.",
    subject: "Service",
    stage: "Stage",
    onething_info: "One-stop service",
};

/// The texts for `lang`.
pub fn m(lang: Lang) -> &'static MyText {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// A time range's name.
pub fn range_name(lang: Lang, r: TimeRange) -> &'static str {
    let (zh, en) = match r {
        TimeRange::All => ("全部", "All"),
        TimeRange::Month => ("近一月", "Last month"),
        TimeRange::Quarter => ("近三月", "Last 3 months"),
        TimeRange::Year => ("近一年", "Last year"),
    };
    lang.pick(zh, en)
}

/// A case's rating status.
pub fn status_name(lang: Lang, s: EvalStatus) -> &'static str {
    let (zh, en) = match s {
        EvalStatus::Unrated => ("未评价", "Not rated"),
        EvalStatus::AcceptedRated => ("受理已评价", "Rated on acceptance"),
        EvalStatus::DoneRated => ("办结已评价", "Rated on completion"),
        EvalStatus::BothRated => ("都已评价", "Rated at both stages"),
    };
    lang.pick(zh, en)
}

/// A stage (1 受理, 2 办结).
pub fn stage_name(lang: Lang, stage: u8) -> &'static str {
    if stage == 1 {
        lang.pick("受理阶段", "On acceptance")
    } else {
        lang.pick("办结阶段", "On completion")
    }
}

/// The heading of a stage's rating.
pub fn stage_rating(lang: Lang, stage: u8) -> &'static str {
    if stage == 1 {
        lang.pick("受理阶段的评价", "Rating on acceptance")
    } else {
        lang.pick("办结阶段的评价", "Rating on completion")
    }
}

/// The heading above the rating form: what is rated.
pub fn rate_stage(lang: Lang, stage: u8) -> &'static str {
    if stage == 1 {
        lang.pick("评价受理阶段", "Rate the acceptance")
    } else {
        lang.pick("评价办结阶段", "Rate the completion")
    }
}

/// A work order's status (seed 000 §4.5 currentWorkOrderStatus).
pub fn order_status(lang: Lang, s: u8) -> &'static str {
    let (zh, en) = match s {
        0 => ("工单已生成", "Work order opened"),
        1 => ("8890热线处理中", "With the 8890 hotline"),
        2 => ("部门处理中", "With the department"),
        _ => ("已办结", "Closed"),
    };
    lang.pick(zh, en)
}

/// The hotline's verdict on a 差评 (seed 000 §4.13).
pub fn validity(lang: Lang, v: u8) -> &'static str {
    if v == 1 {
        lang.pick("经核实属实", "Verified as valid")
    } else {
        lang.pick("经核实不属实", "Found not valid")
    }
}

/// "第 2 / 3 页" / "Page 2 of 3".
pub fn page_of(lang: Lang, no: u32, total: u32) -> String {
    let (no, total) = (no.to_string(), total.max(1).to_string());
    match lang {
        Lang::Zh => ["第 ", &no, " / ", &total, " 页"].concat(),
        Lang::En => ["Page ", &no, " of ", &total].concat(),
    }
}

/// The end of a list: how many there are in all.
pub fn end_of_list(lang: Lang, total: u32) -> String {
    let n = total.to_string();
    match lang {
        Lang::Zh => ["已显示全部 ", &n, " 项"].concat(),
        Lang::En => ["That is all: ", &n, " in total"].concat(),
    }
}

/// The heading of a 一件事's cases.
pub fn onething_cases(lang: Lang, n: usize) -> String {
    let n = n.to_string();
    match lang {
        Lang::Zh => ["一起评价的办件（共 ", &n, " 件）"].concat(),
        Lang::En => ["Cases rated together (", &n, ")"].concat(),
    }
}

/// Stars as text: "★★★★☆".
pub fn star_glyphs(n: u8) -> String {
    (1..=5).map(|i| if i <= n { '★' } else { '☆' }).collect()
}
