//! A notice shown instead of an entry's content: a bad link (every
//! parameter error, named), an unknown path, the login redirect, a page
//! that cannot start.

use leptos::prelude::*;

/// What a notice says.
pub struct Notice {
    /// The text.
    pub text: &'static str,
    /// Items listed under it (parameter errors).
    pub items: Vec<String>,
    /// An error (`role="alert"`) rather than a status.
    pub alert: bool,
}

impl Notice {
    /// An error, announced.
    pub fn alert(text: &'static str, items: Vec<String>) -> Notice {
        Notice {
            text,
            items,
            alert: true,
        }
    }

    /// A status message.
    pub fn status(text: &'static str) -> Notice {
        Notice {
            text,
            items: Vec::new(),
            alert: false,
        }
    }
}

/// Renders a [`Notice`].
#[component]
pub fn NoticeView(
    /// What to say.
    n: Notice,
) -> impl IntoView {
    let items = (!n.items.is_empty()).then(|| {
        let li = n
            .items
            .into_iter()
            .map(|m| view! { <li class="hcp-problem__item">{m}</li> })
            .collect_view();
        view! { <ul class="hcp-problem__list">{li}</ul> }
    });
    view! {
        <div
            class=if n.alert { "hcp-problem" } else { "hcp-status" }
            role=if n.alert { "alert" } else { "status" }
        >
            <p>{n.text}</p>
            {items}
        </div>
    }
}
