//! 咨询评价 (`/front/hallworker/`): in a hall (the URL names the window, so
//! 大厅信息 is shown) or online (the citizen picks the hall, then the worker).

use hcp_protocol::Lang;
use hcp_protocol::params::ConsultHallParams;

use crate::api::Halls;
use crate::components::hall_picker::Pick;
use crate::components::info::hall_section;
use crate::pages::Described;

/// 咨询评价(大厅).
pub fn describe_hall(lang: Lang, p: &ConsultHallParams, halls: Halls) -> Described {
    Described {
        sections: vec![hall_section(lang, p.worker.clone(), halls)],
        pick: None,
    }
}

/// 咨询评价(网上): no blocks, a picker.
pub fn describe_online() -> Described {
    Described {
        sections: Vec::new(),
        pick: Some(Pick::new()),
    }
}
