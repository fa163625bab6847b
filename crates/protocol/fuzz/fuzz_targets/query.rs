//! Arbitrary bytes as a page's query string, parsed for every route, and as
//! page options. Nothing may panic, and a failure always names a field.

#![no_main]

use hcp_protocol::error::Lang;
use hcp_protocol::params::without_key;
use hcp_protocol::{PageOptions, PageParams, Route};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    for route in Route::ALL {
        match PageParams::parse(route, query) {
            Ok(page) => {
                // The accessors the widget and gateway call must not panic either.
                let _ = (
                    page.kind(),
                    page.app_code(),
                    page.channel(),
                    page.eval_entity_code(),
                );
                let _ = (page.needs_login(), page.offline_evaluator(), page.worker());
                let _ = (page.case_numbers(), page.eval_process());
                // Parsing is a function: the gateway's second parse agrees.
                assert_eq!(PageParams::parse(route, query).as_ref(), Ok(&page));
            }
            Err(errors) => {
                assert!(!errors.0.is_empty(), "an error without a field");
                for e in errors.iter() {
                    assert!(!e.field.is_empty());
                    let _ = (e.message(Lang::Zh), e.message(Lang::En));
                }
            }
        }
    }
    let _ = PageOptions::parse(query);
    let _ = without_key(query, "ticket");
});
