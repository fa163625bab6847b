//! The hall pad's texts beyond the shared ones ([`super::shared`]: the
//! frame, the stars, tags and comment box, the submit button), Chinese
//! (default) and English (`lang=en`).

use hcp_protocol::Lang;

/// The pad's fixed texts of one language.
pub struct PadText {
    /// The page title.
    pub title: &'static str,
    /// While connecting the first time.
    pub connecting: &'static str,
    /// The banner while the gateway cannot be reached.
    pub offline: &'static str,
    /// Idle: over the QR code.
    pub scan: &'static str,
    /// Idle: under the QR code.
    pub scan_hint: &'static str,
    /// Idle: the button to rate on the pad.
    pub rate_here: &'static str,
    /// 工号.
    pub work_no: &'static str,
    /// A case: heading.
    pub case_title: &'static str,
    /// 办理业务.
    pub affair: &'static str,
    /// 办理部门.
    pub department: &'static str,
    /// 办事人.
    pub citizen: &'static str,
    /// 受理 / 办结.
    pub stage_accepted: &'static str,
    /// 办结.
    pub stage_done: &'static str,
    /// 评价阶段.
    pub stage: &'static str,
    /// A case: over its QR code.
    pub case_scan: &'static str,
    /// The consultation form's heading.
    pub consult_title: &'static str,
    /// Back to idle.
    pub cancel: &'static str,
    /// Thanks.
    pub thanks: &'static str,
    /// Thanks: the rating waits on the pad.
    pub thanks_queued: &'static str,
    /// No credential in the link or on the device.
    pub no_credential: &'static str,
    /// Ratings waiting on the pad.
    pub waiting: &'static str,
}

static ZH: PadText = PadText {
    title: "政务服务好差评",
    connecting: "正在连接…",
    offline: "网络连接中断，正在自动重新连接…",
    scan: "扫码评价",
    scan_hint: "请用手机扫描二维码，对本窗口的服务进行评价",
    rate_here: "在此评价本次服务",
    work_no: "工号",
    case_title: "请对本次办件进行评价",
    affair: "办理业务",
    department: "办理部门",
    citizen: "办事人",
    stage_accepted: "受理",
    stage_done: "办结",
    stage: "评价阶段",
    case_scan: "也可用手机扫码评价",
    consult_title: "请对本次咨询服务进行评价",
    cancel: "返回",
    thanks: "感谢您的评价！",
    thanks_queued: "您的评价已保存在本机，网络恢复后将自动提交。",
    no_credential: "此评价器尚未开通：请用管理员提供的评价器链接打开本页面。",
    waiting: "条评价待网络恢复后提交",
};

static EN: PadText = PadText {
    title: "Rate our service",
    connecting: "Connecting…",
    offline: "Connection lost; reconnecting automatically…",
    scan: "Scan to rate",
    scan_hint: "Scan the code with your phone to rate this window's service",
    rate_here: "Rate this service here",
    work_no: "Staff no.",
    case_title: "Please rate this case",
    affair: "Service",
    department: "Department",
    citizen: "Applicant",
    stage_accepted: "accepted",
    stage_done: "completed",
    stage: "Stage",
    case_scan: "Or scan with your phone to rate",
    consult_title: "Please rate this consultation",
    cancel: "Back",
    thanks: "Thank you for your rating!",
    thanks_queued: "Your rating is saved on this pad and will be sent as soon as the network is back.",
    no_credential: "This pad is not set up: open this page with the pad link from the administrator.",
    waiting: " rating(s) waiting for the network",
};

/// The texts for `lang`.
pub fn pt(lang: Lang) -> &'static PadText {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}
