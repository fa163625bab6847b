//! What the pad shows, and when: idle, a case, the consultation form,
//! thanks; a banner while the gateway cannot be reached; a notice instead
//! of everything when the pad has no valid credential.

use std::time::Duration;

use hcp_protocol::Lang;
use hcp_protocol::pad::{PadCase, PadCaseRef, PadEvent, PadEventKind, PadWindow};
use hcp_protocol::types::AppCode;
use hcp_widget::api::Inflight;
use hcp_widget::env::Env;
use hcp_widget::frame::notice::{Notice, NoticeView};
use hcp_widget::i18n::pad::pt;
use hcp_widget::start::Screen;
use leptos::either::{Either, EitherOf5};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::form::{PadForm, Sent};
use crate::live::{self, Conn};
use crate::qr::QrCode;
use crate::queue;

/// How long the thanks stay before idle.
pub const THANKS: Duration = Duration::from_secs(8);

/// Where the pad's credential is kept on the device.
const STORED: &str = "hcp-pad-credential";

/// What the pad shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Showing {
    /// Before the first answer.
    Connecting,
    /// The window and its QR code.
    Idle,
    /// The consultation form.
    Consult,
    /// A reported case.
    Case(PadCase),
    /// After a rating.
    Thanks(Sent),
    /// The credential was refused (why).
    Refused(String),
}

/// The pad's credential: from the link's fragment (`#pad=…`), which is then
/// kept on the device and taken out of the address bar (a shared screen),
/// or from the device.
fn credential() -> Option<String> {
    let w = web_sys::window()?;
    let storage = w.local_storage().ok().flatten();
    let hash = w.location().hash().unwrap_or_default();
    if let Some(c) = hash.strip_prefix("#pad=").filter(|c| !c.is_empty()) {
        if let Some(s) = &storage {
            let _ = s.set_item(STORED, c);
        }
        let loc = w.location();
        let url = [
            loc.pathname().unwrap_or_default(),
            loc.search().unwrap_or_default(),
        ]
        .concat();
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
        return Some(c.to_string());
    }
    storage?
        .get_item(STORED)
        .ok()
        .flatten()
        .filter(|c| !c.is_empty())
}

fn forget_credential() {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.remove_item(STORED);
    }
}

/// The pad entry's decision: with a credential, the pad; without, a notice.
pub fn decide(env: &'static Env) -> Screen<Option<&'static str>> {
    // A kiosk faces everyone: large print by default (the toggle stays).
    env.elder.set(true);
    Screen {
        title: pt(env.lang).title.to_string(),
        shown: credential().map(|c| &*Box::leak(c.into_boxed_str())),
    }
}

/// Renders the pad (or the notice of a missing credential).
pub fn render(env: &'static Env, credential: Option<&'static str>) -> impl IntoView {
    match credential {
        None => Either::Left(
            view! { <NoticeView n=Notice::alert(pt(env.lang).no_credential, Vec::new()) /> },
        ),
        Some(c) => Either::Right(view! { <Pad env=env credential=c /> }),
    }
}

/// The pad itself.
#[component]
fn Pad(env: &'static Env, credential: &'static str) -> impl IntoView {
    let lang = env.lang;
    let ptx = pt(lang);
    let window = RwSignal::new(None::<PadWindow>);
    let showing = RwSignal::new(Showing::Connecting);
    // Each change of screen gets a number: a timer acts only if its screen is still shown.
    let generation = StoredValue::new(0u64);
    let waiting = RwSignal::new(queue::all().len());
    let show = move |s: Showing| {
        generation.update_value(|g| *g += 1);
        let g = generation.get_value();
        let back_after = match &s {
            Showing::Case(c) => Some(Duration::from_millis(u64::from(c.show_ms))),
            Showing::Thanks(_) => Some(THANKS),
            _ => None,
        };
        showing.set(s);
        if let Some(after) = back_after {
            set_timeout(
                move || {
                    if generation.get_value() == g {
                        generation.update_value(|g| *g += 1);
                        showing.set(Showing::Idle);
                    }
                },
                after,
            );
        }
    };
    let base = &env.config.api_base;
    let flushing = StoredValue::new(false);
    let flush = move || {
        if flushing.get_value() || queue::all().is_empty() {
            return;
        }
        flushing.set_value(true);
        spawn_local(async move {
            let left = queue::flush(base, credential).await;
            waiting.set(left);
            flushing.set_value(false);
        });
    };
    let on_event = move |e: PadEvent| match e.event {
        PadEventKind::Hello => {
            window.set(e.window);
            match e.case {
                Some(c) => {
                    if showing.with_untracked(|s| !matches!(s, Showing::Case(x) if x.affair_serial_no == c.affair_serial_no && x.eval_process == c.eval_process)) {
                        show(Showing::Case(c));
                    }
                }
                None => {
                    if showing.with_untracked(|s| matches!(s, Showing::Connecting | Showing::Case(_))) {
                        show(Showing::Idle);
                    }
                }
            }
            flush();
        }
        PadEventKind::Case => {
            if let Some(c) = e.case {
                show(Showing::Case(c));
            }
        }
        PadEventKind::Rated => {
            let shown = showing.with_untracked(|s| match (s, &e.rated) {
                (Showing::Case(c), Some(r)) => {
                    c.affair_serial_no == r.affair_serial_no && c.eval_process == r.eval_process
                }
                _ => false,
            });
            if shown {
                show(Showing::Thanks(Sent::Sent));
            }
        }
        PadEventKind::Refused => {
            forget_credential();
            let why = match lang {
                Lang::Zh => e.zh,
                Lang::En => e.en,
            };
            show(Showing::Refused(why.unwrap_or_default()));
        }
    };
    let conn = live::connect(base, credential, on_event);
    let _keep = Inflight::new();
    let on_sent = move |s: Sent| {
        if s == Sent::Queued {
            waiting.set(queue::all().len());
        }
        show(Showing::Thanks(s));
    };
    let banner = move || {
        matches!(conn.get(), Conn::Lost).then(|| {
            view! { <p class="pad-banner" role="alert">{ptx.offline}</p> }
        })
    };
    let pending = move || {
        let n = waiting.get();
        (n > 0).then(
            || view! { <p class="pad-waiting" role="status">{n.to_string()} " " {ptx.waiting}</p> },
        )
    };
    let app_code = move || {
        window.with(|w| {
            w.as_ref()
                .and_then(|w| AppCode::new(w.app_code.as_str()).ok())
        })
    };
    let body = move || {
        let s = showing.get();
        match s {
            Showing::Connecting => EitherOf5::A(
                view! { <p class="hcp-status pad-connecting" role="status">{ptx.connecting}</p> },
            ),
            Showing::Idle | Showing::Consult => {
                let consult = s == Showing::Consult;
                EitherOf5::B(window.get().map(|w| {
                    view! { <IdleView env=env credential=credential w=w consult=consult app_code=app_code() on_sent=on_sent on_pick=move |c| show(if c { Showing::Consult } else { Showing::Idle }) /> }
                }))
            }
            Showing::Case(c) => EitherOf5::C(
                view! { <CaseView env=env credential=credential case=c app_code=app_code() on_sent=on_sent /> },
            ),
            Showing::Thanks(sent) => EitherOf5::D(view! {
                <section class="pad-thanks" aria-labelledby="pad-thanks-title">
                    <h2 id="pad-thanks-title" class="pad-thanks__title">{ptx.thanks}</h2>
                    {(sent == Sent::Queued).then(|| view! { <p class="pad-thanks__queued">{ptx.thanks_queued}</p> })}
                </section>
            }),
            Showing::Refused(why) => EitherOf5::E(view! {
                <div class="hcp-problem" role="alert"><p>{why}</p></div>
            }),
        }
    };
    view! {
        <div class="pad">
            {banner}
            {pending}
            {body}
        </div>
    }
}

/// Idle: the window and its consult QR code, or the consultation form.
#[component]
fn IdleView(
    env: &'static Env,
    credential: &'static str,
    w: PadWindow,
    consult: bool,
    app_code: Option<AppCode>,
    on_sent: impl Fn(Sent) + Copy + 'static,
    on_pick: impl Fn(bool) + Copy + 'static,
) -> impl IntoView {
    let ptx = pt(env.lang);
    let who = view! {
        <div class="pad-window">
            <p class="pad-window__hall">{w.hall_name.clone()}</p>
            <p class="pad-window__worker">{w.worker_name.clone()}</p>
            <p class="pad-window__no">{ptx.work_no} " " {w.work_no.clone()}</p>
        </div>
    };
    let main = match (consult, app_code) {
        (true, Some(app)) => Either::Left(view! {
            <section class="pad-consult" aria-labelledby="pad-consult-title">
                <h2 id="pad-consult-title" class="pad-section__title">{ptx.consult_title}</h2>
                <PadForm env=env credential=credential app_code=app case=None on_sent=on_sent />
                <button type="button" class="hcp-btn pad-cancel" on:click=move |_| on_pick(false)>{ptx.cancel}</button>
            </section>
        }),
        _ => Either::Right(view! {
            <section class="pad-idle" aria-labelledby="pad-scan-title">
                <h2 id="pad-scan-title" class="pad-scan__title">{ptx.scan}</h2>
                <QrCode text=w.consult_link.clone() label=ptx.scan />
                <p class="pad-scan__hint">{ptx.scan_hint}</p>
                <button type="button" class="hcp-btn hcp-btn--primary pad-rate-here" on:click=move |_| on_pick(true)>{ptx.rate_here}</button>
            </section>
        }),
    };
    view! { <div class="pad-layout">{who}{main}</div> }
}

/// A reported case: what it is, the form, and its QR code.
#[component]
fn CaseView(
    env: &'static Env,
    credential: &'static str,
    case: PadCase,
    app_code: Option<AppCode>,
    on_sent: impl Fn(Sent) + Copy + 'static,
) -> impl IntoView {
    let ptx = pt(env.lang);
    let stage = if case.eval_process == 1 {
        ptx.stage_accepted
    } else {
        ptx.stage_done
    };
    let reference = PadCaseRef {
        affair_serial_no: case.affair_serial_no.clone(),
        eval_process: case.eval_process,
    };
    let form = app_code.map(|app| view! { <PadForm env=env credential=credential app_code=app case=Some(reference) on_sent=on_sent /> });
    view! {
        <div class="pad-layout pad-layout--case">
            <section class="pad-case" aria-labelledby="pad-case-title">
                <h2 id="pad-case-title" class="pad-section__title">{ptx.case_title}</h2>
                <dl class="pad-case__info">
                    <div class="hcp-info__row"><dt class="hcp-info__label">{ptx.affair}</dt><dd class="hcp-info__value">{case.affair_name.clone()}</dd></div>
                    <div class="hcp-info__row"><dt class="hcp-info__label">{ptx.department}</dt><dd class="hcp-info__value">{case.department_name.clone()}</dd></div>
                    <div class="hcp-info__row"><dt class="hcp-info__label">{ptx.citizen}</dt><dd class="hcp-info__value">{case.citizen.clone()}</dd></div>
                    <div class="hcp-info__row"><dt class="hcp-info__label">{ptx.stage}</dt><dd class="hcp-info__value">{stage}</dd></div>
                </dl>
                {form}
            </section>
            <aside class="pad-case__qr" aria-labelledby="pad-case-scan">
                <p id="pad-case-scan" class="pad-scan__title">{ptx.case_scan}</p>
                <QrCode text=case.dynamic_link.clone() label=ptx.case_scan />
            </aside>
        </div>
    }
}
