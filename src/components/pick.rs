//! The window the citizen picks on the consult-online page (hall code and
//! work number): what the rating form submits as its `hall`, and keeps in
//! its draft. The rating entry's hall picker fills it in.

use leptos::prelude::*;

use crate::draft::Picked;

/// The window picked on the consult-online page: hall code and work number,
/// each empty until chosen.
#[derive(Clone, Copy)]
pub struct Pick {
    /// 大厅编码.
    pub hall: RwSignal<String>,
    /// 工作人员编号.
    pub worker: RwSignal<String>,
}

impl Pick {
    /// Nothing picked yet. (No `Default`: making one creates signals owned
    /// by the current reactive owner, which a default should not.)
    #[allow(clippy::new_without_default)]
    pub fn new() -> Pick {
        Pick {
            hall: RwSignal::new(String::new()),
            worker: RwSignal::new(String::new()),
        }
    }

    /// What is picked, not tracked.
    pub fn get_untracked(self) -> Picked {
        Picked {
            hall: self.hall.get_untracked(),
            worker: self.worker.get_untracked(),
        }
    }

    /// Picks a hall and worker (a restored draft).
    pub fn set(self, p: Picked) {
        self.hall.set(p.hall);
        self.worker.set(p.worker);
    }
}
