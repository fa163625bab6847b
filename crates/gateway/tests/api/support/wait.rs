//! Waiting on a state another process (or task) changes: a database it
//! writes, a count of answers, an endpoint that reports it. Every such wait
//! goes through here, with a deadline and, on timeout, a panic naming what
//! was awaited and what was seen last; no test sleeps a fixed time instead.
//! A child process's output has an event to wait on:
//! [`crate::support::ChildGateway::wait_for`].

use std::fmt::Display;
use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

/// How often a state is looked at again.
const EVERY: Duration = Duration::from_millis(50);

/// Waits until the future `probe` makes gives `Ok`, and returns what it
/// gave. `Err` says what it saw instead; after `secs` the last of those is
/// in the panic, with `what` (the state awaited). (A closure that returns an
/// `async move` block rather than an async closure: what a spawned task
/// waits with must be `Send`, which an async closure's future cannot yet
/// promise for every borrow.)
pub async fn eventually_ok<T, E: Display, F: Future<Output = Result<T, E>>>(
    secs: u64,
    what: &str,
    mut probe: impl FnMut() -> F,
) -> T {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let seen = match probe().await {
            Ok(v) => return v,
            Err(seen) => seen,
        };
        if Instant::now() > deadline {
            panic!("timed out after {secs} s waiting for {what}; last seen: {seen}");
        }
        tokio::time::sleep(EVERY).await;
    }
}

/// Waits until `f` holds, or panics after `secs` naming `what`.
pub async fn eventually(secs: u64, what: &str, mut f: impl FnMut() -> bool) {
    let probe = || std::future::ready(if f() { Ok(()) } else { Err("not yet") });
    eventually_ok(secs, what, probe).await
}

/// `value` when `done` holds for it, else what it is (for [`eventually_ok`]).
pub fn when<T: std::fmt::Debug>(value: T, done: impl FnOnce(&T) -> bool) -> Result<T, String> {
    if done(&value) {
        Ok(value)
    } else {
        Err(format!("{value:?}"))
    }
}

#[tokio::test]
async fn eventually_returns_what_the_probe_gave_once_it_holds() {
    let mut n = 0;
    let got = eventually_ok(5, "the third look", || {
        n += 1;
        std::future::ready(when(n, |n| *n >= 3))
    })
    .await;
    assert_eq!(got, 3);
}

#[tokio::test]
#[should_panic(expected = "timed out after 0 s waiting for a state that never comes; last seen: 7")]
async fn eventually_names_what_it_waited_for_and_what_it_saw() {
    eventually_ok(0, "a state that never comes", || async {
        when(7, |_| false)
    })
    .await;
}
