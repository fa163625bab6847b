//! One way to read from the gateway: [`Fetch`], a keyed read owned by the
//! component that shows it. It fetches when its key is there, again when the
//! key changes or on the retry button of its [`Fetch::status_view`], aborts the
//! request it no longer needs (a newer key, or the component went away), and
//! never shows an answer for another key than the current one.
//!
//! Why not Leptos's `LocalResource` (the house style for reads): in its place
//! the rating pages' first load grew by 8.4 KB brotli (the async-derived
//! machinery: suspense bookkeeping, async locks, send wrappers), and it does
//! not abort what it drops (docs/ARCHITECTURE.md, "Widget"). This is the
//! same contract in a few signals.

use std::future::Future;

use hcp_protocol::Lang;
use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortSignal;

use crate::api::{ApiFailure, Inflight};
use crate::i18n::shared::read;

/// The answer for a key, once it is in.
type Answer<K, T> = Option<(K, Result<T, ApiFailure>)>;

/// A keyed read: `K` names what is read (the chosen stars, …), `T` is the answer.
pub struct Fetch<K: Send + Sync + 'static, T: 'static> {
    key: StoredValue<Box<dyn Fn() -> Option<K> + Send + Sync>>,
    answer: RwSignal<Answer<K, T>, LocalStorage>,
    retry: Trigger,
}

impl<K: Send + Sync + 'static, T: 'static> Clone for Fetch<K, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K: Send + Sync + 'static, T: 'static> Copy for Fetch<K, T> {}

/// Where a read is, for the status view in place of its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// No key: nothing to read (yet).
    Idle,
    /// In flight.
    Loading,
    /// Failed.
    Failed(ApiFailure),
    /// Answered.
    Ready,
}

impl<K, T> Fetch<K, T>
where
    K: Clone + PartialEq + Send + Sync + 'static,
    T: 'static,
{
    /// Reads `fetch(key)` whenever `key()` is `Some`, owned by the current
    /// reactive owner (cleaned up, and aborted, with it).
    pub fn new<F, Fut>(key: impl Fn() -> Option<K> + Send + Sync + 'static, fetch: F) -> Self
    where
        F: Fn(K, Option<AbortSignal>) -> Fut + 'static,
        Fut: Future<Output = Result<T, ApiFailure>> + 'static,
    {
        let f = Fetch {
            key: StoredValue::new(Box::new(key)),
            answer: RwSignal::new_local(None),
            retry: Trigger::new(),
        };
        let inflight = Inflight::new();
        Effect::new(move || {
            f.retry.track();
            f.answer.set(None);
            let Some(k) = f.key.with_value(|k| k()) else {
                return;
            };
            let request = fetch(k.clone(), inflight.next());
            spawn_local(async move {
                let r = request.await;
                if !matches!(r, Err(ApiFailure::Aborted)) {
                    f.answer.try_set(Some((k, r)));
                }
            });
        });
        f
    }

    /// Reads the answer for the current key (tracked): `None` while there is none.
    pub fn with<R>(&self, f: impl FnOnce(Option<&T>) -> R) -> R {
        let key = self.key.with_value(|k| k());
        self.answer.with(|a| match a {
            Some((k, Ok(v))) if key.as_ref() == Some(k) => f(Some(v)),
            _ => f(None),
        })
    }

    /// Where the read for the current key is (tracked).
    pub fn status(&self) -> Status {
        let key = self.key.with_value(|k| k());
        self.answer.with(|a| match (key, a) {
            (None, _) => Status::Idle,
            (Some(cur), Some((k, r))) if cur == *k => match r {
                Ok(_) => Status::Ready,
                Err(e) => Status::Failed(e.clone()),
            },
            (Some(_), _) => Status::Loading,
        })
    }

    /// The view in place of the answer while it is not there: `loading`
    /// (`role="status"`), or `failed`, why, and a retry button (`role="alert"`).
    pub fn status_view(
        self,
        lang: Lang,
        loading: &'static str,
        failed: &'static str,
    ) -> impl IntoView {
        let retry = self.retry;
        move || status_view(lang, loading, failed, self.status(), retry)
    }
}

/// One status view for every read, so its code is shipped once.
fn status_view(
    lang: Lang,
    loading: &'static str,
    failed: &'static str,
    status: Status,
    retry: Trigger,
) -> impl IntoView {
    match status {
        Status::Loading => {
            EitherOf3::A(view! { <p class="hcp-loading" role="status">{loading}</p> })
        }
        Status::Failed(why) => EitherOf3::B(view! {
            <div class="hcp-failed" role="alert">
                <p>{failed} " " {why.message(lang)}</p>
                <button type="button" class="hcp-btn" on:click=move |_| retry.notify()>
                    {read(lang).retry}
                </button>
            </div>
        }),
        Status::Idle | Status::Ready => EitherOf3::C(()),
    }
}
