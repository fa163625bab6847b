//! Live updates to the pads: one small fan-out component.
//!
//! Whoever learns something a window's pads must show (a hall system's
//! report, a rating by pad or by phone, a revoked pad) [`Hub::publish`]es it
//! under the window's topic (`pads::Window::topic`); every pad connection of
//! that window holds a [`Hub::subscribe`] receiver. The hub is an
//! in-process broadcast (one `tokio::sync::broadcast` channel per topic that
//! has a subscriber), fed by the store's notifications ([`follow`]): whoever
//! changes what a pad shows does it in a store write that also calls
//! [`notify`], so the event is heard after the commit, and by every gateway
//! on the store — in this process on SQLite, through PostgreSQL's
//! LISTEN/NOTIFY when several gateways share one database. A pad connected
//! to gateway B thus sees a case reported to gateway A, and a rating made
//! through A.
//!
//! A slow pad never holds anyone up: a receiver that falls more than
//! [`CAPACITY`] events behind is told so (`Lagged`) and the connection sends
//! a fresh snapshot instead.

use crate::store::{RESYNC, Store, Tx};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::{broadcast, watch};

/// Events kept per topic for a slow receiver.
pub const CAPACITY: usize = 16;

/// Something a window's pads must know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Event {
    /// A case was reported at the window: the pads fetch and show it.
    Reported {
        /// 办件编号.
        affair_serial_no: String,
        /// 评价阶段.
        eval_process: u8,
    },
    /// A case of the window was rated (on a pad, or by a phone).
    Rated {
        /// 办件编号.
        affair_serial_no: String,
        /// 评价阶段.
        eval_process: u8,
    },
    /// A pad of the window was revoked: its connection closes.
    Revoked {
        /// The pad's id.
        pad_id: String,
    },
    /// Notifications may have been missed (the PostgreSQL listener
    /// reconnected, or this gateway fell behind): every pad reads its state
    /// again. Never sent through the store.
    Resync,
}

/// The store channel the pads' events travel on.
pub const CHANNEL: &str = "hcp_pad_live";

/// An event as it travels through the store: its topic and itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Note {
    topic: String,
    event: Event,
}

/// Publishes `event` under `topic` when `tx` commits, to the pads of every
/// gateway on the store (never if it rolls back).
pub fn notify(tx: &mut dyn Tx, topic: &str, event: &Event) -> anyhow::Result<()> {
    let note = Note {
        topic: topic.to_string(),
        event: event.clone(),
    };
    tx.notify(CHANNEL, &serde_json::to_string(&note)?)
}

/// Subscribes to the store's [`CHANNEL`] (in place when this returns) and
/// feeds what it hears into `hub` until `stop`.
pub async fn follow(
    store: &Store,
    hub: Hub,
    mut stop: watch::Receiver<bool>,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let mut notes = store.subscribe(CHANNEL).await?;
    Ok(tokio::spawn(async move {
        loop {
            let heard = tokio::select! {
                heard = notes.recv() => heard,
                _ = async { let _ = stop.wait_for(|s| *s).await; } => return,
            };
            match heard {
                Ok(payload) if payload == RESYNC => hub.resync(),
                Ok(payload) => match serde_json::from_str::<Note>(&payload) {
                    Ok(note) => {
                        hub.publish(&note.topic, note.event);
                    }
                    Err(e) => tracing::warn!(error = %e, "a pad notification could not be read"),
                },
                Err(broadcast::error::RecvError::Lagged(_)) => hub.resync(),
                Err(broadcast::error::RecvError::Closed) => return,
            }
        }
    }))
}

/// The fan-out. Cheap to clone.
#[derive(Clone)]
pub struct Hub {
    topics: Arc<Mutex<HashMap<String, broadcast::Sender<Arc<Event>>>>>,
    /// Set when the gateway stops: every live connection closes.
    closing: Arc<watch::Sender<bool>>,
}

impl Default for Hub {
    fn default() -> Hub {
        Hub {
            topics: Arc::default(),
            closing: Arc::new(watch::channel(false).0),
        }
    }
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub")
            .field("topics", &self.topics.lock().map(|t| t.len()).unwrap_or(0))
            .finish()
    }
}

impl Hub {
    /// An empty hub.
    pub fn new() -> Hub {
        Hub::default()
    }

    /// Receives what is published under `topic` from now on.
    pub fn subscribe(&self, topic: &str) -> broadcast::Receiver<Arc<Event>> {
        let mut topics = self.topics.lock().unwrap_or_else(|p| p.into_inner());
        // Topics whose every receiver has gone are dropped on the way.
        topics.retain(|_, tx| tx.receiver_count() > 0);
        topics
            .entry(topic.to_string())
            .or_insert_with(|| broadcast::channel(CAPACITY).0)
            .subscribe()
    }

    /// Publishes `event` under `topic`; returns how many receivers it reached
    /// (0 when no pad of that window is connected).
    pub fn publish(&self, topic: &str, event: Event) -> usize {
        let topics = self.topics.lock().unwrap_or_else(|p| p.into_inner());
        match topics.get(topic) {
            Some(tx) => tx.send(Arc::new(event)).unwrap_or(0),
            None => 0,
        }
    }

    /// Tells every connected pad to read its state again ([`Event::Resync`]).
    pub fn resync(&self) {
        let topics = self.topics.lock().unwrap_or_else(|p| p.into_inner());
        for tx in topics.values() {
            let _ = tx.send(Arc::new(Event::Resync));
        }
    }

    /// Tells every live connection to close (the gateway is stopping).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Becomes `true` when the gateway is stopping.
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// How many receivers `topic` has (the pads connected to a window).
    pub fn receivers(&self, topic: &str) -> usize {
        let topics = self.topics.lock().unwrap_or_else(|p| p.into_inner());
        topics
            .get(topic)
            .map_or(0, broadcast::Sender::receiver_count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rated(n: u8) -> Event {
        Event::Rated {
            affair_serial_no: "A-1".into(),
            eval_process: n,
        }
    }

    #[tokio::test]
    async fn an_event_reaches_the_topics_receivers_only() {
        let hub = Hub::new();
        let mut a = hub.subscribe("window:h:1");
        let mut a2 = hub.subscribe("window:h:1");
        let mut b = hub.subscribe("window:h:2");
        assert_eq!(hub.publish("window:h:1", rated(2)), 2);
        assert_eq!(hub.publish("window:h:3", rated(2)), 0);
        assert_eq!(*a.recv().await.expect("a"), rated(2));
        assert_eq!(*a2.recv().await.expect("a2"), rated(2));
        assert!(b.try_recv().is_err());
        drop((a, a2));
        assert_eq!(hub.receivers("window:h:1"), 0);
        // Emptied topics are dropped when the next pad subscribes.
        let _c = hub.subscribe("window:h:9");
        assert_eq!(hub.topics.lock().map(|t| t.len()).unwrap_or(0), 2);
    }

    #[tokio::test]
    async fn a_receiver_that_falls_behind_is_told_so() {
        let hub = Hub::new();
        let mut slow = hub.subscribe("t");
        for i in 0..(CAPACITY + 3) {
            hub.publish("t", rated(u8::try_from(i % 2 + 1).unwrap_or(1)));
        }
        assert!(matches!(
            slow.recv().await,
            Err(broadcast::error::RecvError::Lagged(3))
        ));
    }

    #[tokio::test]
    async fn what_a_store_write_notifies_reaches_the_hub_after_its_commit_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open_sqlite(&dir.path().join("g.db"))
            .await
            .expect("store");
        let hub = Hub::new();
        let mut pad = hub.subscribe("window:h:1");
        let (_stop, stopped) = watch::channel(false);
        let _task = follow(&store, hub.clone(), stopped).await.expect("follow");
        let rolled_back: anyhow::Result<()> = store
            .write(|tx| {
                notify(tx, "window:h:1", &rated(1))?;
                anyhow::bail!("rolled back")
            })
            .await;
        assert!(rolled_back.is_err());
        store
            .write(|tx| notify(tx, "window:h:1", &rated(2)))
            .await
            .expect("write");
        let heard = tokio::time::timeout(std::time::Duration::from_secs(10), pad.recv())
            .await
            .expect("within 10 s")
            .expect("open");
        assert_eq!(*heard, rated(2), "the rolled-back event was never heard");
        hub.resync();
        assert_eq!(*pad.recv().await.expect("resync"), Event::Resync);
    }

    #[test]
    fn events_are_plain_data() {
        let e = Event::Revoked {
            pad_id: "p1".into(),
        };
        let json = serde_json::to_string(&e).expect("json");
        assert_eq!(json, r#"{"type":"revoked","padId":"p1"}"#);
        assert_eq!(serde_json::from_str::<Event>(&json).expect("back"), e);
    }
}
