//! A valid rating page: its route and its parsed parameters, kept for the
//! page's life. It is what the page's form rates ([`Rated`]: the route and
//! query it submits, its tag catalog), and it names the hall directory its
//! info blocks read.

use crate::api;
use crate::components::info::Halls;
use crate::components::rating_form::Rated;
use crate::env::Env;
use crate::fetch::Fetch;
use hcp_protocol::{PageKind, PageParams, Route};

/// A valid rating page: its route and parameters.
#[derive(Debug)]
pub struct Page {
    /// The route.
    pub route: Route,
    /// The parsed parameters.
    pub params: PageParams,
}

impl Page {
    /// Which variant.
    pub fn kind(&self) -> PageKind {
        self.params.kind()
    }
}

/// A rating page rates itself: its route and query, its catalog.
impl Rated for Page {
    fn route(&self) -> &'static str {
        self.route.path()
    }

    fn query<'a>(&'a self, env: &'a Env) -> &'a String {
        &env.query
    }

    fn app_code(&self) -> &hcp_protocol::types::AppCode {
        self.params.app_code()
    }

    fn entity(&self) -> hcp_protocol::EvalEntityCode {
        self.params.eval_entity_code()
    }

    fn tag_type(&self) -> hcp_protocol::types::TagType {
        self.kind().tag_type()
    }

    fn name(&self) -> &'static str {
        self.params.kind().as_str()
    }

    fn ticket<'a>(&self, env: &'a Env) -> Option<&'a str> {
        if self.params.needs_login() {
            env.options.ticket.as_deref()
        } else {
            None
        }
    }
}

/// Starts reading the hall directory of the page's app (owned by the caller).
pub fn hall_directory(env: &'static Env, page: &'static Page) -> Halls {
    let base = &env.config.api_base;
    let app = page.params.app_code();
    Fetch::new(|| Some(()), move |(), signal| api::halls(base, app, signal))
}
