//! The rating pages' own texts (beyond the shared ones, [`super::shared`]).

use hcp_protocol::Lang;

/// The rating pages' own fixed texts.
pub struct RatingText {
    /// 办理事项 (guide).
    pub affair_item: &'static str,
    /// 事项编码.
    pub affair_code: &'static str,
    /// Consult online: hall select.
    pub pick_hall: &'static str,
    /// Consult online: worker select.
    pub pick_worker: &'static str,
    /// The empty option of a select.
    pub choose: &'static str,
    /// While the hall list loads.
    pub halls_loading: &'static str,
    /// A failed hall fetch.
    pub halls_failed: &'static str,
}

static RT_ZH: RatingText = RatingText {
    affair_item: "办理事项",
    affair_code: "事项编码",
    pick_hall: "选择办理大厅",
    pick_worker: "选择办理人员",
    choose: "请选择",
    halls_loading: "正在加载大厅列表…",
    halls_failed: "大厅列表加载失败。",
};

static RT_EN: RatingText = RatingText {
    affair_item: "Service item",
    affair_code: "Item code",
    pick_hall: "Choose the service hall",
    pick_worker: "Choose the staff member",
    choose: "Choose…",
    halls_loading: "Loading the halls…",
    halls_failed: "Could not load the list of halls.",
};

/// [`RatingText`] in `lang`.
pub fn rt(lang: Lang) -> &'static RatingText {
    match lang {
        Lang::Zh => &RT_ZH,
        Lang::En => &RT_EN,
    }
}

/// The heading of the batch's case list.
pub fn batch_cases(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => ["本次评价的办件（共 ", &n.to_string(), " 件）"].concat(),
        Lang::En => ["Cases rated together (", &n.to_string(), ")"].concat(),
    }
}
