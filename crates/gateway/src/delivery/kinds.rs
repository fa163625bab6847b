//! The outbox's vocabulary: an entry's [`State`] and [`Kind`], the kinds of
//! key it holds, how an unknown outcome was settled ([`Recovery`]), a case's
//! status in a batch and the one rule for a batch's overall state. Their
//! names are what the database, /metrics and `hcp-gateway outbox` show.

use std::fmt;

/// An entry's state: pending until the platform answers, then closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// Waiting for (another) attempt.
    Pending,
    /// Recorded by the platform.
    Delivered,
    /// The platform had it already.
    AlreadyRated,
    /// Refused by the platform: kept for an operator; its keys are released.
    Refused,
}

impl State {
    /// Every state, as /metrics and `hcp-gateway outbox` list them.
    pub const ALL: [State; 4] = [
        State::Pending,
        State::Delivered,
        State::AlreadyRated,
        State::Refused,
    ];

    /// Its name in the database, /metrics and the `outbox` command.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Delivered => "delivered",
            State::AlreadyRated => "already_rated",
            State::Refused => "refused",
        }
    }

    /// The state named `s`.
    pub fn parse(s: &str) -> anyhow::Result<State> {
        State::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| anyhow::anyhow!("the outbox holds an unknown state {s:?}"))
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an entry is: which platform interface it goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// 4.4: a guide (办事指南) rating.
    Guide,
    /// 4.5: one case.
    Affair,
    /// 4.6: several cases of one applicant (a batch).
    Multi,
    /// 4.7: a window (hall worker) rating.
    Consult,
    /// 一件事: the cases of one bundle, in one entry.
    OneThing,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 5] = [
        Kind::Guide,
        Kind::Affair,
        Kind::Multi,
        Kind::Consult,
        Kind::OneThing,
    ];

    /// Its name in the database, logs and /metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Guide => "guide",
            Kind::Affair => "affair",
            Kind::Multi => "multi",
            Kind::Consult => "consult",
            Kind::OneThing => "onething",
        }
    }

    /// The kind named `s`.
    pub fn parse(s: &str) -> anyhow::Result<Kind> {
        Kind::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| anyhow::anyhow!("the outbox holds an unknown kind {s:?}"))
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kinds of key in `outbox_keys`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// What makes two ratings the same rating at the platform: a case and
    /// stage, or a citizen's guide or window rating (see `rating::plan`).
    Rating,
    /// A client's idempotency key: the same attempt, sent again.
    Client,
}

impl KeyKind {
    /// Its name in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::Rating => "rating",
            KeyKind::Client => "client",
        }
    }
}

/// How an entry whose attempt had an unknown outcome was settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// The platform's query showed the rating: closed without sending again.
    Confirmed,
    /// The query showed it was not there: sent again, and answered.
    Resent,
}

impl Recovery {
    /// Every value, as stored and shown.
    pub const ALL: [Recovery; 2] = [Recovery::Confirmed, Recovery::Resent];

    /// Its name in the database, `hcp-gateway outbox` and /metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            Recovery::Confirmed => "confirmed",
            Recovery::Resent => "resent",
        }
    }
}

/// What happened to one case of a batch (and to a key of any entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseStatus {
    /// Recorded by the platform.
    Delivered,
    /// Rated before.
    AlreadyRated,
    /// Refused by the platform.
    Refused,
}

impl CaseStatus {
    /// Its name in `outbox_keys.status` (the name of the state it closes as).
    pub fn as_str(self) -> &'static str {
        self.state().as_str()
    }

    /// The state an entry of this one case closes as.
    pub fn state(self) -> State {
        match self {
            CaseStatus::Delivered => State::Delivered,
            CaseStatus::AlreadyRated => State::AlreadyRated,
            CaseStatus::Refused => State::Refused,
        }
    }

    /// The status named `s`.
    pub fn parse(s: &str) -> anyhow::Result<CaseStatus> {
        [
            CaseStatus::Delivered,
            CaseStatus::AlreadyRated,
            CaseStatus::Refused,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
        .ok_or_else(|| anyhow::anyhow!("the outbox holds an unknown key status {s:?}"))
    }
}

/// A batch's overall state from its cases' (`None`: still pending), the one
/// rule for the stored entry, /metrics and the citizen's answer: already
/// rated when every case was; else pending while any case waits; else
/// delivered when any case was; else (refused and already-rated cases
/// only, or no case) refused.
pub fn batch_state(cases: impl IntoIterator<Item = Option<CaseStatus>>) -> State {
    let (mut n, mut all_already, mut pending, mut delivered) = (0, true, false, false);
    for c in cases {
        n += 1;
        all_already &= c == Some(CaseStatus::AlreadyRated);
        pending |= c.is_none();
        delivered |= c == Some(CaseStatus::Delivered);
    }
    if n > 0 && all_already {
        State::AlreadyRated
    } else if pending {
        State::Pending
    } else if delivered {
        State::Delivered
    } else {
        State::Refused
    }
}

/// How one attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Code 0.
    Delivered {
        /// affairEvalId, when given.
        eval_id: Option<String>,
        /// The answer as received.
        response: String,
    },
    /// Code -1 with the platform's already-rated words.
    AlreadyRated {
        /// The platform's message.
        message: String,
        /// The answer as received.
        response: String,
    },
    /// Any other refusal (code 2 and the like): closed, kept for an operator.
    Refused {
        /// The platform's code.
        code: i64,
        /// The platform's message.
        message: String,
        /// The answer as received.
        response: String,
    },
    /// A batch answered case by case.
    Batch {
        /// Per case: number, status, the platform's message.
        cases: Vec<(String, CaseStatus, String)>,
        /// The answer as received.
        response: String,
    },
    /// No usable answer (network, timeout, 5xx, code 3): try again later.
    Retry {
        /// Why.
        error: String,
        /// Whether the rating may have landed (a timeout, a connection lost
        /// after sending): then it is confirmed before it is sent again.
        unknown: bool,
    },
}

impl Outcome {
    /// The metrics label.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Delivered { .. } => "delivered",
            Outcome::AlreadyRated { .. } => "already_rated",
            Outcome::Refused { .. } => "refused",
            Outcome::Batch { cases, .. } => batch_state(cases.iter().map(|c| Some(c.1))).as_str(),
            Outcome::Retry { .. } => "retry",
        }
    }
}
