//! The store's notification hook: a job publishes on a channel
//! ([`super::Tx::notify`]) and, once it commits, every subscriber of that
//! channel hears it — in this process (SQLite: this process's subscribers alone), or in every
//! gateway on the same PostgreSQL (the subscribers are fed by a `LISTEN` connection,
//! `NOTIFY` being sent inside the committing transaction).
//!
//! A subscriber gets a `tokio::sync::broadcast::Receiver<String>` of payloads.
//! A payload may be missed (a subscriber too slow, lagging behind 1,024
//! messages, or the PostgreSQL listener reconnecting): every subscriber is then sent
//! [`RESYNC`], and the subscriber re-reads what it shows from the store.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::broadcast;

/// The payload that means "something may have been missed: read again".
pub const RESYNC: &str = "";

/// How many payloads a slow subscriber may fall behind.
const CAPACITY: usize = 1024;

/// Channels and their subscribers; cheap to clone.
#[derive(Clone, Default)]
pub struct Subscribers {
    channels: Arc<Mutex<HashMap<String, broadcast::Sender<String>>>>,
}

impl std::fmt::Debug for Subscribers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscribers").finish_non_exhaustive()
    }
}

/// Whether `name` is a channel name both backends take (PostgreSQL folds an
/// unquoted identifier's case; we keep to `[a-z_]{1,48}`).
pub fn valid_channel(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 48
        && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

impl Subscribers {
    /// A receiver of `channel`'s payloads; the bool says whether the channel is new.
    pub fn subscribe(&self, channel: &str) -> (broadcast::Receiver<String>, bool) {
        let mut map = self
            .channels
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match map.get(channel) {
            Some(tx) => (tx.subscribe(), false),
            None => {
                let (tx, rx) = broadcast::channel(CAPACITY);
                map.insert(channel.to_string(), tx);
                (rx, true)
            }
        }
    }

    /// Hands `payload` to `channel`'s subscribers (none: dropped).
    pub fn publish(&self, channel: &str, payload: &str) {
        let map = self
            .channels
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(tx) = map.get(channel) {
            let _ = tx.send(payload.to_string());
        }
    }

    /// Every channel with subscribers (the PostgreSQL listener LISTENs to them).
    pub fn channels(&self) -> Vec<String> {
        self.channels
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .keys()
            .cloned()
            .collect()
    }

    /// Tells every channel's subscribers to read again.
    pub fn resync_all(&self) {
        for c in self.channels() {
            self.publish(&c, RESYNC);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn subscribers_of_a_channel_hear_it_and_others_do_not() {
        let subscribers = Subscribers::default();
        let (mut a, new) = subscribers.subscribe("pads");
        assert!(new);
        let (mut b, new) = subscribers.subscribe("pads");
        assert!(!new);
        let (mut other, _) = subscribers.subscribe("catalogs");
        subscribers.publish("pads", "p1");
        assert_eq!(a.recv().await.expect("a"), "p1");
        assert_eq!(b.recv().await.expect("b"), "p1");
        assert!(other.try_recv().is_err());
        assert!(valid_channel("hcp_pads"));
        assert!(!valid_channel("Pads; DROP"));
    }
}
