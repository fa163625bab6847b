//! The bridge to whatever embeds the widget (SPEC §6).
//!
//! - iframe in a portal: `parent.postMessage({source:"hcp", type, …}, origin)`
//!   for each allowed origin only (the browser drops a message whose target
//!   origin does not match the parent, so nothing leaks to other embedders);
//! - WeChat mini-program web-view: jweixin is loaded only there, and after a
//!   submission `wx.miniProgram.postMessage` + `navigateBack`;
//! - Alipay mini-program web-view: the same through `my`.
//!
//! Messages carry page kind, stars and evaluation id, never personal data.
//! Host objects are reached through `js_sys::Reflect`, so a missing SDK is a
//! no-op, not a panic.

use std::cell::{Cell, RefCell};

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

const WECHAT_SDK: &str = "https://res.wx.qq.com/open/js/jweixin-1.6.0.js";
const ALIPAY_SDK: &str = "https://appx/web-view.min.js";

/// Where the widget runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// A top-level page (mobile H5, QR scan, direct link).
    Top,
    /// An iframe in a portal.
    Iframe,
    /// A WeChat mini-program web-view.
    WeChat,
    /// An Alipay mini-program web-view.
    Alipay,
}

impl Host {
    /// Whether the host can take the page away (so a 关闭 button makes sense).
    pub fn embedded(self) -> bool {
        self != Host::Top
    }
}

/// The resize observer and its callback, kept alive for the page's life.
type Observer = (web_sys::ResizeObserver, Closure<dyn FnMut()>);

thread_local! {
    static ORIGINS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static HOST: Cell<Host> = const { Cell::new(Host::Top) };
    static LAST_HEIGHT: Cell<i32> = const { Cell::new(-1) };
    static SCRIPT: RefCell<Option<web_sys::HtmlScriptElement>> = const { RefCell::new(None) };
    static OBSERVER: RefCell<Option<Observer>> = const { RefCell::new(None) };
}

fn detect() -> Host {
    let Some(w) = web_sys::window() else {
        return Host::Top;
    };
    let ua = w.navigator().user_agent().unwrap_or_default();
    let wx_env = Reflect::get(&w, &JsValue::from_str("__wxjs_environment"))
        .ok()
        .and_then(|v| v.as_string());
    if ua_has(&ua, "miniProgram") || wx_env.as_deref() == Some("miniprogram") {
        return Host::WeChat;
    }
    if ua_has(&ua, "AlipayClient") {
        return Host::Alipay;
    }
    match w.parent() {
        Ok(Some(p)) if !Object::is(&p, &w) => Host::Iframe,
        _ => Host::Top,
    }
}

/// Whether the user agent contains `token`. A scan of byte windows rather
/// than `str::contains`, whose two-way searcher these two checks alone would
/// ship (about 1.2 KB of raw wasm).
fn ua_has(ua: &str, token: &str) -> bool {
    ua.as_bytes()
        .windows(token.len())
        .any(|w| w == token.as_bytes())
}

/// Detects the host, remembers the allowed origins and loads the
/// mini-program SDK when (and only when) the page runs in one.
pub fn init(allowed_origins: &[String]) -> Host {
    let host = detect();
    HOST.set(host);
    ORIGINS.with_borrow_mut(|o| *o = allowed_origins.to_vec());
    match host {
        Host::WeChat => load_script(WECHAT_SDK),
        Host::Alipay => load_script(ALIPAY_SDK),
        _ => {}
    }
    host
}

fn load_script(src: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(el) = doc.create_element("script") else {
        return;
    };
    let Ok(script) = el.dyn_into::<web_sys::HtmlScriptElement>() else {
        return;
    };
    script.set_src(src);
    if let Some(head) = doc.head() {
        let _ = head.append_child(&script);
    }
    SCRIPT.with_borrow_mut(|s| *s = Some(script));
}

/// `{source:"hcp", type, …fields}`.
fn message(kind: &str, fields: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    let _ = Reflect::set(&o, &"source".into(), &"hcp".into());
    let _ = Reflect::set(&o, &"type".into(), &kind.into());
    for (k, v) in fields {
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    o
}

/// Posts to the parent frame, once per allowed origin.
fn post_parent(msg: &Object) {
    if HOST.get() != Host::Iframe {
        return;
    }
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else {
        return;
    };
    ORIGINS.with_borrow(|origins| {
        for o in origins {
            // A target origin the parent does not have is dropped by the browser.
            let _ = parent.post_message(msg, o);
        }
    });
}

/// `ready`, after the first render.
pub fn ready() {
    post_parent(&message("ready", &[]));
}

/// Reports `el`'s height to the parent whenever it changes.
pub fn observe_height(el: &web_sys::Element) {
    if HOST.get() != Host::Iframe {
        return;
    }
    let target = el.clone();
    let send = move || {
        let h = target.get_bounding_client_rect().height().ceil() as i32;
        if h != LAST_HEIGHT.get() {
            LAST_HEIGHT.set(h);
            post_parent(&message("resize", &[("height", JsValue::from(h))]));
        }
    };
    send();
    let cb = Closure::<dyn FnMut()>::new(send);
    if let Ok(obs) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        obs.observe(el);
        OBSERVER.with_borrow_mut(|o| *o = Some((obs, cb)));
    }
}

/// After a rating went through: tell the host (no personal data).
pub fn submitted(page: &str, stars: u8, eval_id: Option<&str>) {
    let fields = [
        ("page", JsValue::from_str(page)),
        ("stars", JsValue::from(stars)),
        ("evalId", eval_id.map_or(JsValue::NULL, JsValue::from_str)),
    ];
    let msg = message("submitted", &fields);
    match HOST.get() {
        Host::Iframe => post_parent(&msg),
        Host::WeChat | Host::Alipay => back_to_mini_program(Some(msg)),
        Host::Top => {}
    }
}

/// The citizen pressed 关闭.
pub fn close() {
    match HOST.get() {
        Host::Iframe => post_parent(&message("close", &[])),
        Host::WeChat | Host::Alipay => back_to_mini_program(None),
        Host::Top => {}
    }
}

/// In a mini-program web-view: posts `msg` (if any) to the mini-program,
/// then navigates back, now if the SDK is there or once its script has
/// loaded. (One callback for both hosts and both uses: each distinct closure
/// handed to JS costs its own glue in the wasm.)
fn back_to_mini_program(msg: Option<Object>) {
    let run = move || {
        let wechat = HOST.get() == Host::WeChat;
        if let Some(msg) = &msg {
            if wechat {
                let data = Object::new();
                let _ = Reflect::set(&data, &"data".into(), msg);
                call_path(&["wx", "miniProgram", "postMessage"], &data);
            } else {
                call_path(&["my", "postMessage"], msg);
            }
        }
        let back: &[&str] = if wechat {
            &["wx", "miniProgram", "navigateBack"]
        } else {
            &["my", "navigateBack"]
        };
        call_path(back, &JsValue::UNDEFINED);
    };
    if sdk_loaded() {
        run();
        return;
    }
    let Some(script) = SCRIPT.with_borrow(Clone::clone) else {
        return;
    };
    let cb = Closure::once_into_js(run);
    let opts = web_sys::AddEventListenerOptions::new();
    opts.set_once(true);
    let _ = script.add_event_listener_with_callback_and_add_event_listener_options(
        "load",
        cb.unchecked_ref(),
        &opts,
    );
}

/// The global SDK object of this host, if loaded.
fn sdk_loaded() -> bool {
    let name = if HOST.get() == Host::WeChat {
        "wx"
    } else {
        "my"
    };
    web_sys::window()
        .and_then(|w| Reflect::get(&w, &name.into()).ok())
        .is_some_and(|v| v.is_object())
}

/// Calls `window.a.b.c(arg)` if every step exists and the last is a function.
fn call_path(path: &[&str], arg: &JsValue) {
    let Some(w) = web_sys::window() else {
        return;
    };
    let mut this: JsValue = w.into();
    let mut cur = this.clone();
    for name in path {
        if !cur.is_object() {
            return;
        }
        let Ok(next) = Reflect::get(&cur, &(*name).into()) else {
            return;
        };
        this = cur;
        cur = next;
    }
    if let Some(f) = cur.dyn_ref::<Function>() {
        let _ = f.call1(&this, arg);
    }
}
