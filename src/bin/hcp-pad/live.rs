//! The pad's live connection: a WebSocket to `{apiBase}/pad/live`. The
//! first message is the credential (`PadHello`: in no URL, so in no access
//! log); then every `PadEvent` goes to the pad. A lost connection is
//! retried by itself with exponential backoff (1 s doubling to 30 s, with
//! jitter so that a hall's pads do not come back all at once); a refusal
//! (close code 4001: the credential is forged or revoked) is final.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use hcp_protocol::pad::{PadEvent, PadHello};
use hcp_widget::codec;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

/// The close code of a refused credential (the gateway's).
pub const CLOSE_REFUSED: u16 = 4001;

/// Where the connection is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conn {
    /// Opening (the first time, or again after a loss).
    Connecting,
    /// Connected and answered.
    Online,
    /// Lost; the next try is scheduled.
    Lost,
    /// Refused for good.
    Refused,
}

struct Socket {
    ws: WebSocket,
    // Kept alive as long as the socket; dropped with it.
    _open: Closure<dyn FnMut()>,
    _message: Closure<dyn FnMut(MessageEvent)>,
    _close: Closure<dyn FnMut(CloseEvent)>,
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}

struct Inner {
    url: String,
    hello: String,
    attempt: u32,
    socket: Option<Socket>,
    on_event: Box<dyn Fn(PadEvent)>,
    conn: RwSignal<Conn>,
}

/// The backoff before try `attempt` (0-based): 1 s doubling to 30 s, less up to half at random.
pub fn backoff(attempt: u32) -> Duration {
    let full = 1000f64 * f64::from(1u32 << attempt.min(5)).min(30.0);
    let jittered = full * (1.0 - 0.5 * js_sys::Math::random());
    Duration::from_millis(jittered as u64)
}

fn open(inner: &Rc<RefCell<Inner>>) {
    let (url, hello, conn) = {
        let i = inner.borrow();
        (i.url.clone(), i.hello.clone(), i.conn)
    };
    conn.set(if conn.get_untracked() == Conn::Online {
        Conn::Lost
    } else {
        Conn::Connecting
    });
    let Ok(ws) = WebSocket::new(&url) else {
        return retry(inner);
    };
    let on_open = {
        let ws = ws.clone();
        Closure::<dyn FnMut()>::new(move || {
            let _ = ws.send_with_str(&hello);
        })
    };
    let on_message = {
        let inner = Rc::downgrade(inner);
        Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let Some(inner) = inner.upgrade() else {
                return;
            };
            let Some(event) = e
                .data()
                .as_string()
                .and_then(|t| codec::from_text::<PadEvent>(&t))
            else {
                return;
            };
            {
                let mut i = inner.borrow_mut();
                i.attempt = 0;
                i.conn.set(Conn::Online);
            }
            (inner.borrow().on_event)(event);
        })
    };
    let on_close = {
        let inner = Rc::downgrade(inner);
        Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
            let Some(inner) = inner.upgrade() else {
                return;
            };
            if e.code() == CLOSE_REFUSED {
                inner.borrow().conn.set(Conn::Refused);
                return;
            }
            inner.borrow().conn.set(Conn::Lost);
            retry(&inner);
        })
    };
    ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    inner.borrow_mut().socket = Some(Socket {
        ws,
        _open: on_open,
        _message: on_message,
        _close: on_close,
    });
}

fn retry(inner: &Rc<RefCell<Inner>>) {
    let wait = {
        let mut i = inner.borrow_mut();
        let w = backoff(i.attempt);
        i.attempt = i.attempt.saturating_add(1);
        w
    };
    let inner = Rc::clone(inner);
    set_timeout(
        move || {
            if inner.borrow().conn.get_untracked() != Conn::Refused {
                open(&inner);
            }
        },
        wait,
    );
}

/// Connects (for the life of the page) and hands every event to `on_event`;
/// the returned signal says where the connection is.
pub fn connect(
    api_base: &str,
    credential: &str,
    on_event: impl Fn(PadEvent) + 'static,
) -> RwSignal<Conn> {
    let conn = RwSignal::new(Conn::Connecting);
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return conn;
    };
    let scheme = if loc.protocol().ok().as_deref() == Some("https:") {
        "wss://"
    } else {
        "ws://"
    };
    let host = loc.host().unwrap_or_default();
    let hello = codec::to_text(&PadHello {
        credential: credential.to_string(),
    })
    .unwrap_or_default();
    let inner = Rc::new(RefCell::new(Inner {
        url: [scheme, &host, api_base, "/pad/live"].concat(),
        hello,
        attempt: 0,
        socket: None,
        on_event: Box::new(on_event),
        conn,
    }));
    open(&inner);
    // The connection lives as long as the page.
    std::mem::forget(inner);
    conn
}
