//! Errors as values: what is wrong with which field, in Chinese and English.
//!
//! Messages never contain the offending value itself (it may be personal data,
//! or markup a page would otherwise echo); they name the field and say what a
//! valid value looks like.

use std::fmt;

/// The language a message is shown in. Chinese is the default, `lang=en` selects English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// 简体中文 (default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Reads a `lang` parameter: `en` / `en-US` / `EN` select English, anything else Chinese.
    pub fn from_param(value: Option<&str>) -> Lang {
        match value {
            // Bytes, not `&v[..2]`: the second byte may be inside a character.
            Some(v)
                if v.as_bytes()
                    .get(..2)
                    .is_some_and(|b| b.eq_ignore_ascii_case(b"en")) =>
            {
                Lang::En
            }
            _ => Lang::Zh,
        }
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// What is wrong with one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A required value is absent.
    Missing,
    /// Present but empty (or only whitespace).
    Empty,
    /// Not valid base64 in either alphabet.
    NotBase64,
    /// base64 decoded, but the bytes are not UTF-8 text.
    NotUtf8,
    /// The text looked like `escape()` / `encodeURIComponent()` output but did not decode.
    BadEscape,
    /// Contains control characters.
    ControlChars,
    /// Longer than allowed, counted in characters.
    TooLong {
        /// The maximum number of characters.
        max: usize,
        /// How many characters were given.
        actual: usize,
    },
    /// Not one of a fixed set of values.
    NotOneOf(&'static [&'static str]),
    /// Contains a character that is not allowed here (named in the message).
    ForbiddenChar(char),
    /// Does not have the expected shape; the text says which (zh, en).
    Shape(&'static str, &'static str),
    /// More items than allowed.
    TooMany {
        /// The maximum number of items.
        max: usize,
    },
    /// A 差评 (1–2 stars) that says nothing about why: it needs at least one
    /// tag or a non-empty remark (SPEC §3). A value of its own, so the widget
    /// can recognise the rule without comparing messages.
    NeedsReason,
}

/// One field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The parameter or JSON field name, exactly as the spec spells it
    /// (`affairName`, `msg.hallWorkerName`, `rating.remark`).
    pub field: String,
    /// What is wrong.
    pub problem: Problem,
}

impl FieldError {
    /// A new error for `field`.
    pub fn new(field: impl Into<String>, problem: Problem) -> FieldError {
        FieldError {
            field: field.into(),
            problem,
        }
    }

    /// The message in the given language, naming the field and what is wrong.
    // One sentence shape for both languages, built with `push_str` rather
    // than `format!`: the widget ships this function, and like the widget's
    // own texts it is smaller without `format!` (measured: 0.1 KB less
    // compressed wasm than the two `format!` branches).
    pub fn message(&self, lang: Lang) -> String {
        let pick = |zh, en| lang.pick(zh, en);
        let mut m = String::from(pick("参数 ", "Parameter "));
        m.push_str(&self.field);
        match field_label(&self.field, lang) {
            Some(l) => {
                m.push_str(pick("（", " ("));
                m.push_str(l);
                m.push_str(pick("）", ") "));
            }
            None => m.push(' '),
        }
        let number = |m: &mut String, n: usize| m.push_str(&n.to_string());
        match &self.problem {
            Problem::Missing => m.push_str(pick("缺失", "is missing")),
            Problem::Empty => m.push_str(pick("为空", "is empty")),
            Problem::NotBase64 => m.push_str(pick("不是有效的 base64 编码", "is not valid base64")),
            Problem::NotUtf8 => m.push_str(pick(
                "解码后不是 UTF-8 文本",
                "does not decode to UTF-8 text",
            )),
            Problem::BadEscape => m.push_str(pick(
                "的 escape/URI 编码无法解码",
                "has escape()/URI encoding that does not decode",
            )),
            Problem::ControlChars => {
                m.push_str(pick("含有控制字符", "contains control characters"))
            }
            Problem::TooLong { max, actual } => {
                m.push_str(pick("过长：最多 ", "is too long: at most "));
                number(&mut m, *max);
                m.push_str(pick(" 个字，实际 ", " characters, got "));
                number(&mut m, *actual);
                m.push_str(pick(" 个字", ""));
            }
            Problem::NotOneOf(allowed) => {
                m.push_str(pick("必须是以下之一：", "must be one of: "));
                m.push_str(&allowed.join(pick("、", ", ")));
            }
            Problem::ForbiddenChar(c) => {
                m.push_str(pick("不能含有字符“", "must not contain the character '"));
                m.push_str(&printable(*c));
                m.push_str(pick("”", "'"));
            }
            Problem::Shape(zh, en) => m.push_str(pick(zh, en)),
            Problem::TooMany { max } => {
                m.push_str(pick("数量过多：最多 ", "has too many items: at most "));
                number(&mut m, *max);
                m.push_str(pick(" 个", ""));
            }
            Problem::NeedsReason => m.push_str(pick(
                "：差评请至少选择一个标签或填写评价内容",
                ": a low rating needs a reason: choose a tag or write a comment",
            )),
        }
        m
    }
}

/// Shows a forbidden character safely: control characters and direction
/// controls (which would reorder the message around them) as `U+XXXX`.
fn printable(c: char) -> String {
    if c.is_control() || crate::types::is_direction_control(c) {
        // Control characters (Cc) are below U+0100 and direction controls
        // below U+2070: four hex digits hold them all.
        let n = c as u32;
        let digit = |shift: u32| {
            char::from_digit((n >> shift) & 0xF, 16).map_or('0', |d| d.to_ascii_uppercase())
        };
        let mut s = String::from("U+");
        s.extend([12, 8, 4, 0].map(digit));
        s
    } else {
        c.to_string()
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::Zh))
    }
}

impl std::error::Error for FieldError {}

/// Every problem found in one set of parameters (never empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamErrors(pub Vec<FieldError>);

impl ParamErrors {
    /// The errors, in parameter order.
    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// The first error (there always is one).
    pub fn first(&self) -> Option<&FieldError> {
        self.0.first()
    }

    /// Whether some error concerns `field`.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }
}

impl fmt::Display for ParamErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|e| e.message(Lang::Zh)).collect();
        f.write_str(&parts.join("；"))
    }
}

impl std::error::Error for ParamErrors {}

/// Collects field errors while a parser keeps going, so one response can name
/// every bad parameter at once.
#[derive(Debug, Default)]
pub(crate) struct Collector(Vec<FieldError>);

impl Collector {
    /// Keeps the value, or records the error and returns `None`.
    pub(crate) fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    pub(crate) fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn finish(self) -> ParamErrors {
        ParamErrors(self.0)
    }
}

/// The human name of a parameter, shown next to its spec name.
pub fn field_label(field: &str, lang: Lang) -> Option<&'static str> {
    let name = field.rsplit('.').next().unwrap_or(field);
    let (zh, en) = match name {
        "appCode" => ("应用编码", "application code"),
        "channel" => ("渠道标识", "channel"),
        "affairCode" => ("事项编码", "service item code"),
        "affairName" => ("事项名称", "service item name"),
        "departmentCode" => ("部门编码", "department code"),
        "evalEntityCode" => ("评价对象编码", "evaluated entity code"),
        "evalProcess" => ("评价阶段", "evaluation stage"),
        "affairSerialNo" => ("办件编号", "case number"),
        "affairSerialNos" => ("办件编号列表", "case numbers"),
        "hallCode" => ("大厅编码", "hall code"),
        "workerNo" | "workNo" => ("工作人员编号", "staff number"),
        "workerName" | "hallWorkerName" => ("工作人员姓名", "staff name"),
        "userName" => ("评价人姓名", "evaluator name"),
        "contactPhone" => ("评价人联系电话", "evaluator phone"),
        "certificateNo" => ("评价人证件号码", "evaluator ID number"),
        "offLine" => ("免登录标识", "offline flag"),
        "msg" => ("二维码内容", "QR code content"),
        "stars" | "generalStars" => ("评价星级", "star rating"),
        "tags" | "tagList" => ("评价标签", "tags"),
        "remark" => ("评价内容", "comment"),
        "returnUrl" => ("返回地址", "return URL"),
        "ticket" => ("登录凭证", "login ticket"),
        _ => return None,
    };
    Some(lang.pick(zh, en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_field_in_both_languages() {
        let e = FieldError::new("affairName", Problem::NotBase64);
        assert_eq!(
            e.message(Lang::Zh),
            "参数 affairName（事项名称）不是有效的 base64 编码"
        );
        assert_eq!(
            e.message(Lang::En),
            "Parameter affairName (service item name) is not valid base64"
        );
    }

    #[test]
    fn nested_fields_use_the_last_segment_for_the_label() {
        let e = FieldError::new("msg.hallWorkerName", Problem::Missing);
        assert_eq!(
            e.message(Lang::Zh),
            "参数 msg.hallWorkerName（工作人员姓名）缺失"
        );
    }

    #[test]
    fn control_characters_are_shown_as_code_points() {
        let e = FieldError::new("workNo", Problem::ForbiddenChar('\u{7}'));
        assert_eq!(
            e.message(Lang::En),
            "Parameter workNo (staff number) must not contain the character 'U+0007'"
        );
    }

    #[test]
    fn direction_controls_are_shown_as_code_points() {
        let e = FieldError::new("userName", Problem::ForbiddenChar('\u{202E}'));
        assert_eq!(
            e.message(Lang::Zh),
            "参数 userName（评价人姓名）不能含有字符“U+202E”"
        );
    }

    #[test]
    fn lang_param() {
        assert_eq!(Lang::from_param(Some("en")), Lang::En);
        assert_eq!(Lang::from_param(Some("EN-us")), Lang::En);
        assert_eq!(Lang::from_param(Some("zh")), Lang::Zh);
        assert_eq!(Lang::from_param(Some("e")), Lang::Zh);
        assert_eq!(Lang::from_param(None), Lang::Zh);
    }
}
