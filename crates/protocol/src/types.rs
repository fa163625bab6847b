//! Value types that cannot hold a bad value. Each has one parser (`FromStr` or
//! `parse`), and serde goes through it, so validation lives in one place.
//!
//! Deserializers accept the spec's loose typing where its own examples use it:
//! numbers may arrive as strings (`"generalStars": "5"`) and codes as numbers
//! (`"hallCode": 56417234343428097`). Serializers always write the strict form.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::error::Problem;

/// Declares a closed set of string codes with `as_str`, `FromStr`, serde and `ALL`.
macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $s:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every value, as the spec spells it.
            pub const ALL: &'static [&'static str] = &[$($s),+];

            /// The value as the spec spells it.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::error::Problem;
            fn from_str(s: &str) -> Result<Self, $crate::error::Problem> {
                match s {
                    $($s => Ok($name::$variant),)+
                    "" => Err($crate::error::Problem::Empty),
                    _ => Err($crate::error::Problem::NotOneOf(Self::ALL)),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as ::serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(|_| <D::Error as ::serde::de::Error>::custom(format!(
                    "expected one of {}", Self::ALL.join(", "))))
            }
        }
    };
}

string_enum! {
    /// 渠道标识: where the rating was given.
    Channel {
        /// PC web portal.
        Web = "web",
        /// Android app.
        Android = "android",
        /// iOS app.
        Ios = "ios",
        /// WeChat/Alipay mini-program.
        MiniApp = "miniApp",
        /// Mobile H5 page.
        H5 = "h5",
        /// QR code in a service hall.
        HallQr = "hallQr",
        /// Rating pad at a hall window.
        HallPad = "hallPad",
        /// Other hall device.
        HallOther = "hallOther",
        /// Anything else.
        Other = "other",
    }
}

string_enum! {
    /// 评价对象编码: what kind of thing is rated.
    EvalEntityCode {
        /// 政务网办事指南: an online service guide.
        EgovGuide = "egovGuide",
        /// 政务网办件: a case handled online.
        EgovAffair = "egovAffair",
        /// 大厅办件: a case handled in a service hall (also hall consultations).
        HallAffair = "hallAffair",
        /// App办件: a case handled in an app.
        AppAffair = "appAffair",
    }
}

/// Deserializes an integer given as a JSON number or a numeric string.
fn loose_int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = i64;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer or a string holding one")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v).map_err(|_| E::custom("integer out of range"))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
            v.trim()
                .parse()
                .map_err(|_| E::custom("expected an integer"))
        }
    }
    d.deserialize_any(V)
}

/// A whole number that the spec's examples send either as a number or as a
/// string (`"userType": "1"`); always serialized as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LooseInt(pub i64);

impl Serialize for LooseInt {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for LooseInt {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        loose_int(d).map(LooseInt)
    }
}

/// A code that the spec's examples send either as a string or as a bare number
/// (`"hallCode": 56417234343428097`); always serialized as a string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LooseString(pub String);

impl LooseString {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for LooseString {
    fn from(s: &str) -> Self {
        LooseString(s.to_string())
    }
}

impl From<String> for LooseString {
    fn from(s: String) -> Self {
        LooseString(s)
    }
}

impl fmt::Display for LooseString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for LooseString {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for LooseString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LooseString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LooseString, E> {
                Ok(LooseString(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<LooseString, E> {
                Ok(LooseString(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<LooseString, E> {
                Ok(LooseString(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<LooseString, E> {
                Ok(LooseString(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Implements serde for a small-integer newtype through its `TryFrom<i64>`.
macro_rules! int_serde {
    ($name:ident, $expect:literal) => {
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u8(self.get())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let n = loose_int(d)?;
                $name::try_from(n).map_err(|_| de::Error::custom($expect))
            }
        }

        impl FromStr for $name {
            type Err = Problem;
            fn from_str(s: &str) -> Result<Self, Problem> {
                if s.is_empty() {
                    return Err(Problem::Empty);
                }
                // Only the plain decimal form ("2", not "02" or "+2"), so that a
                // parsed value writes back exactly as it was read (QR `msg`s).
                if !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0')) {
                    return Err(Self::shape());
                }
                let n: i64 = s.parse().map_err(|_| Self::shape())?;
                $name::try_from(n).map_err(|_| Self::shape())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.get())
            }
        }
    };
}

/// 整体评价星级, 1..=5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stars(u8);

impl Stars {
    /// Five stars, 非常满意.
    pub const MAX: Stars = Stars(5);

    /// The number of stars.
    pub fn get(self) -> u8 {
        self.0
    }

    /// 1–2 stars is a 差评, which must say why (SPEC §3).
    pub fn is_bad(self) -> bool {
        self.0 <= 2
    }

    /// The label of SPEC §3 (5 非常满意 … 1 非常不满意).
    pub fn label(self, lang: crate::Lang) -> &'static str {
        let (zh, en) = match self.0 {
            5 => ("非常满意", "Very satisfied"),
            4 => ("满意", "Satisfied"),
            3 => ("基本满意", "Fairly satisfied"),
            2 => ("不满意", "Dissatisfied"),
            _ => ("非常不满意", "Very dissatisfied"),
        };
        lang.pick(zh, en)
    }

    /// All five values, from 1 to 5.
    pub const ALL: [Stars; 5] = [Stars(1), Stars(2), Stars(3), Stars(4), Stars(5)];

    /// All five values, from 1 to 5.
    pub fn all() -> impl DoubleEndedIterator<Item = Stars> {
        Stars::ALL.into_iter()
    }

    fn shape() -> Problem {
        Problem::Shape("必须是 1 到 5 的整数", "must be a whole number from 1 to 5")
    }
}

impl TryFrom<i64> for Stars {
    type Error = Problem;
    fn try_from(n: i64) -> Result<Self, Problem> {
        if (1..=5).contains(&n) {
            Ok(Stars(n as u8))
        } else {
            Err(Stars::shape())
        }
    }
}
int_serde!(Stars, "generalStars must be 1..=5");

/// 评价阶段: 1 受理阶段 (on acceptance), 2 办结阶段 (on completion).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EvalProcess {
    /// 受理阶段.
    Accepted,
    /// 办结阶段.
    Done,
}

impl EvalProcess {
    /// The spec's number: 1 or 2.
    pub fn get(self) -> u8 {
        match self {
            EvalProcess::Accepted => 1,
            EvalProcess::Done => 2,
        }
    }

    fn shape() -> Problem {
        Problem::NotOneOf(&["1", "2"])
    }
}

impl TryFrom<i64> for EvalProcess {
    type Error = Problem;
    fn try_from(n: i64) -> Result<Self, Problem> {
        match n {
            1 => Ok(EvalProcess::Accepted),
            2 => Ok(EvalProcess::Done),
            _ => Err(EvalProcess::shape()),
        }
    }
}
int_serde!(EvalProcess, "evalProcess must be 1 or 2");

/// 附加评论: at most 500 characters (not bytes). May be empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct Remark(String);

impl Remark {
    /// The limit of seed 000 §4.5: 不能超过500个字.
    pub const MAX_CHARS: usize = 500;

    /// Checks the length and control characters (line breaks are allowed).
    pub fn new(text: impl Into<String>) -> Result<Remark, Problem> {
        let text = text.into();
        let n = text.chars().count();
        if n > Self::MAX_CHARS {
            return Err(Problem::TooLong {
                max: Self::MAX_CHARS,
                actual: n,
            });
        }
        if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r')
        {
            return Err(Problem::ControlChars);
        }
        if let Some(c) = text.chars().find(|&c| is_direction_control(c)) {
            return Err(Problem::ForbiddenChar(c));
        }
        Ok(Remark(text))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it says anything (not empty, not only whitespace).
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// How many characters it has (what the widget's counter shows).
    pub fn chars(&self) -> usize {
        self.0.chars().count()
    }
}

impl Serialize for Remark {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Remark {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Option::<String>::deserialize(d)?.unwrap_or_default();
        Remark::new(s).map_err(|_| {
            de::Error::custom(
                "remark: at most 500 characters, no control or direction-control characters",
            )
        })
    }
}

/// Checks an identifier-like code: not empty, at most `max` characters, no
/// whitespace or control characters, none of `forbidden`.
pub fn check_code(s: &str, max: usize, forbidden: &[char]) -> Result<(), Problem> {
    if s.is_empty() {
        return Err(Problem::Empty);
    }
    let n = s.chars().count();
    if n > max {
        return Err(Problem::TooLong { max, actual: n });
    }
    if let Some(c) = s.chars().find(|&c| {
        c.is_control() || c.is_whitespace() || is_direction_control(c) || forbidden.contains(&c)
    }) {
        return Err(Problem::ForbiddenChar(c));
    }
    Ok(())
}

/// Whether `c` is a bidirectional formatting character (U+061C, U+200E,
/// U+200F, U+202A–U+202E, U+2066–U+2069). In a name or a comment such a
/// character reorders the text around it when it is shown (a right-to-left
/// override makes `gpj.exe` read `exe.jpg`), so no text field accepts one.
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Checks display text (a name): not blank, at most `max` characters, no control characters.
pub fn check_text(s: &str, max: usize) -> Result<(), Problem> {
    if s.trim().is_empty() {
        return Err(Problem::Empty);
    }
    let n = s.chars().count();
    if n > max {
        return Err(Problem::TooLong { max, actual: n });
    }
    if s.chars().any(char::is_control) {
        return Err(Problem::ControlChars);
    }
    if let Some(c) = s.chars().find(|&c| is_direction_control(c)) {
        return Err(Problem::ForbiddenChar(c));
    }
    Ok(())
}

/// Declares a validated string newtype whose serde goes through its checker.
macro_rules! checked_string {
    ($(#[$doc:meta])* $name:ident, $check:expr) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// Validates and wraps.
            pub fn new(s: impl Into<String>) -> Result<$name, Problem> {
                let s = s.into();
                let check: fn(&str) -> Result<(), Problem> = $check;
                check(&s)?;
                Ok($name(s))
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = Problem;
            fn from_str(s: &str) -> Result<Self, Problem> {
                $name::new(s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = LooseString::deserialize(d)?.0;
                $name::new(s).map_err(|p| de::Error::custom(
                    crate::error::FieldError::new(stringify!($name), p).message(crate::Lang::En)))
            }
        }
    };
}

checked_string!(
    /// 应用编码 assigned by the 好差评 system (`cTPyv9r6`, `hallCs`). At most 32
    /// characters; no `_` or `-` because both QR dialects use them as separators.
    AppCode,
    |s| check_code(s, 32, &['_', '-', ','])
);
checked_string!(
    /// 大厅编码 (`56417234343428097`). At most 32 characters, no QR separators.
    HallCode,
    |s| check_code(s, 32, &['_', '-', ','])
);
checked_string!(
    /// 窗口服务人员工号. At most 32 characters; never `_` (seed 000 §6) nor `-` (seed 001 §3.4.1).
    WorkNo,
    |s| check_code(s, 32, &['_', '-', ','])
);
checked_string!(
    /// 办件编号 (`210000-210100009000-20200603093755953`). At most 64 characters,
    /// no `_` (the Liaoning QR separator) and no `,` (the batch list separator).
    CaseNo,
    |s| check_code(s, 64, &['_', ','])
);
checked_string!(
    /// 事项编码 / 实施清单编码 or 部门编码. At most 64 characters.
    Code,
    |s| check_code(s, 64, &['_', ','])
);
checked_string!(
    /// A tag id from the tag list. At most 32 characters.
    TagId,
    |s| check_code(s, 32, &[])
);
checked_string!(
    /// A display name (事项名称, 部门名称, 大厅名称). At most 100 characters.
    Name,
    |s| check_text(s, 100)
);
checked_string!(
    /// A person's name (工作人员姓名, 评价人姓名, 受理人姓名): String(50) in the
    /// spec's tables, so at most 50 characters.
    PersonName,
    |s| check_text(s, 50)
);

impl fmt::Debug for AppCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}
impl fmt::Debug for HallCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}
impl fmt::Debug for WorkNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}
impl fmt::Debug for CaseNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}
impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}
impl fmt::Debug for TagId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}
impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}
impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

/// A client's idempotency key (`SubmitRequest.idempotencyKey`): one per
/// rating attempt, made by whoever submits (the widget, a hall system, the
/// pad's offline queue) and sent again with every retry of that attempt, so
/// the gateway records the rating once and answers a repeat with the first
/// submission's outcome. 16 to 64 characters of `A–Z a–z 0–9 . _ -` (a UUID,
/// with or without hyphens, fits; so does `pad17-20250301-000042-7f3a`).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// The fewest characters a key may have (shorter keys collide too easily).
    pub const MIN: usize = 16;
    /// The most characters a key may have.
    pub const MAX: usize = 64;

    /// Validates and wraps.
    pub fn new(s: impl Into<String>) -> Result<IdempotencyKey, Problem> {
        let s = s.into();
        if s.is_empty() {
            return Err(Problem::Empty);
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        {
            return Err(Problem::ForbiddenChar(c));
        }
        let n = s.len();
        if n > Self::MAX {
            return Err(Problem::TooLong {
                max: Self::MAX,
                actual: n,
            });
        }
        if n < Self::MIN {
            return Err(Problem::Shape(
                "过短：至少 16 个字符",
                "is too short: at least 16 characters",
            ));
        }
        Ok(IdempotencyKey(s))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl FromStr for IdempotencyKey {
    type Err = Problem;
    fn from_str(s: &str) -> Result<Self, Problem> {
        IdempotencyKey::new(s)
    }
}

impl Serialize for IdempotencyKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for IdempotencyKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        IdempotencyKey::new(s).map_err(|p| {
            de::Error::custom(
                crate::error::FieldError::new("idempotencyKey", p).message(crate::Lang::En),
            )
        })
    }
}

/// Personal data (a phone or ID number). `Debug` and `Display` show only a
/// masked form (`138****5678`), so it can go into logs without leaking.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Personal(String);

impl Personal {
    /// Checks that it is a plausible phone or ID number: 3 to 32 characters of
    /// ASCII letters, digits, `+`, `-`, `(`, `)` or space.
    pub fn new(s: impl Into<String>) -> Result<Personal, Problem> {
        let s = s.into();
        let s = s.trim().to_string();
        if s.is_empty() {
            return Err(Problem::Empty);
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '(' | ')' | ' ')))
        {
            return Err(Problem::ForbiddenChar(c));
        }
        let n = s.chars().count();
        if n > 32 {
            return Err(Problem::TooLong { max: 32, actual: n });
        }
        if n < 3 {
            return Err(Problem::Shape("过短", "is too short"));
        }
        Ok(Personal(s))
    }

    /// The real value. Only for encryption; never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The masked form: the first 3 and last 4 characters kept.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// Masks the middle of a personal value: `13812345678` → `138****5678`.
pub fn mask(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

impl fmt::Debug for Personal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.masked())
    }
}

impl fmt::Display for Personal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// 星级类型 of the tag list: 1 办件评价, 2 咨询评价.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TagType {
    /// 办件评价: tags about a case (and guides).
    Case,
    /// 咨询评价: tags about a hall consultation.
    Consult,
}

impl TagType {
    /// The spec's number.
    pub fn get(self) -> u8 {
        match self {
            TagType::Case => 1,
            TagType::Consult => 2,
        }
    }
}

impl TryFrom<i64> for TagType {
    type Error = Problem;
    fn try_from(n: i64) -> Result<Self, Problem> {
        match n {
            1 => Ok(TagType::Case),
            2 => Ok(TagType::Consult),
            _ => Err(TagType::shape()),
        }
    }
}

impl TagType {
    fn shape() -> Problem {
        Problem::NotOneOf(&["1", "2"])
    }
}
int_serde!(TagType, "type must be 1 or 2");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_parses_exactly_the_nine_values() {
        assert_eq!(Channel::ALL.len(), 9);
        for s in Channel::ALL {
            assert_eq!(s.parse::<Channel>().map(|c| c.as_str()), Ok(*s));
        }
        assert_eq!(
            "WEB".parse::<Channel>(),
            Err(Problem::NotOneOf(Channel::ALL))
        );
        assert_eq!("".parse::<Channel>(), Err(Problem::Empty));
    }

    #[test]
    fn stars_accept_numbers_and_numeric_strings() {
        let s: Stars = serde_json::from_str("\"5\"").expect("string");
        assert_eq!(s.get(), 5);
        let s: Stars = serde_json::from_str("1").expect("number");
        assert!(s.is_bad());
        assert!(serde_json::from_str::<Stars>("6").is_err());
        assert!(serde_json::from_str::<Stars>("0").is_err());
        assert!(serde_json::from_str::<Stars>("\"x\"").is_err());
        assert_eq!(
            serde_json::to_string(&Stars::MAX).ok().as_deref(),
            Some("5")
        );
        assert!("3.5".parse::<Stars>().is_err());
    }

    #[test]
    fn remark_counts_characters_not_bytes() {
        assert!(Remark::new("好".repeat(500)).is_ok());
        assert_eq!(
            Remark::new("好".repeat(501)),
            Err(Problem::TooLong {
                max: 500,
                actual: 501
            })
        );
        assert!(Remark::new("第一行\n第二行").is_ok());
        assert_eq!(Remark::new("a\u{0}"), Err(Problem::ControlChars));
        assert!(Remark::new("  ").map(|r| r.is_blank()).unwrap_or(false));
    }

    #[test]
    fn direction_controls_are_refused_in_every_text_field() {
        for c in [
            '\u{202E}', '\u{202A}', '\u{2066}', '\u{2069}', '\u{200F}', '\u{061C}',
        ] {
            let text = format!("张{c}三");
            assert_eq!(
                PersonName::new(text.as_str()),
                Err(Problem::ForbiddenChar(c))
            );
            assert_eq!(Name::new(text.as_str()), Err(Problem::ForbiddenChar(c)));
            assert_eq!(Remark::new(text.as_str()), Err(Problem::ForbiddenChar(c)));
            assert_eq!(
                HallCode::new(format!("1{c}2")),
                Err(Problem::ForbiddenChar(c))
            );
        }
        // Neighbours that are not direction controls stay accepted.
        assert!(PersonName::new("阿卜杜拉·买买提").is_ok());
        assert!(Remark::new("很好\u{2014}谢谢").is_ok());
        assert!(serde_json::from_str::<Remark>("\"a\\u202eb\"").is_err());
    }

    #[test]
    fn work_no_refuses_separators() {
        assert_eq!(WorkNo::new("12_3"), Err(Problem::ForbiddenChar('_')));
        assert_eq!(WorkNo::new("12-3"), Err(Problem::ForbiddenChar('-')));
        assert!(WorkNo::new("0204").is_ok());
    }

    #[test]
    fn hall_code_accepts_a_bare_number() {
        let h: HallCode = serde_json::from_str("56417234343428097").expect("number");
        assert_eq!(h.as_str(), "56417234343428097");
    }

    #[test]
    fn idempotency_keys_have_a_length_and_an_alphabet() {
        assert!(IdempotencyKey::new("0f8e2c4a9b7d4e1f8a6c3b5d7e9f1a2c").is_ok());
        assert!(IdempotencyKey::new("0f8e2c4a-9b7d-4e1f-8a6c-3b5d7e9f1a2c").is_ok());
        assert!(IdempotencyKey::new("pad17-20250301-000042.7f3a_x").is_ok());
        assert_eq!(IdempotencyKey::new(""), Err(Problem::Empty));
        assert!(matches!(
            IdempotencyKey::new("short-key"),
            Err(Problem::Shape(..))
        ));
        assert_eq!(
            IdempotencyKey::new("a".repeat(65)),
            Err(Problem::TooLong {
                max: 64,
                actual: 65
            })
        );
        assert_eq!(
            IdempotencyKey::new("0f8e2c4a9b7d4e1f:8a6c"),
            Err(Problem::ForbiddenChar(':'))
        );
        assert_eq!(
            IdempotencyKey::new("0f8e2c4a9b7d4e1f 8a6c"),
            Err(Problem::ForbiddenChar(' '))
        );
        // Non-ASCII letters are refused by name, not miscounted as bytes.
        assert_eq!(
            IdempotencyKey::new("键".repeat(20)),
            Err(Problem::ForbiddenChar('键'))
        );
        let e = serde_json::from_str::<IdempotencyKey>("\"bad key\"").expect_err("space");
        assert!(e.to_string().contains("idempotencyKey"), "{e}");
    }

    #[test]
    fn personal_values_are_masked_in_debug_and_display() {
        let p = Personal::new("13812345678").expect("phone");
        assert_eq!(format!("{p:?}"), "\"138****5678\"");
        assert_eq!(p.to_string(), "138****5678");
        assert_eq!(p.expose(), "13812345678");
        let id = Personal::new("210102199001011234").expect("id");
        assert_eq!(id.masked(), "210***********1234");
        assert_eq!(Personal::new("1<2>3"), Err(Problem::ForbiddenChar('<')));
    }
}
