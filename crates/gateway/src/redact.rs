//! Text from outside that must be shown or logged (the platform's words, an
//! unknown value): markup, control and direction-control characters
//! replaced, long digit runs masked, length capped.

use hcp_protocol::types::mask;

/// Text from outside (the platform's words, an error chain) made safe to
/// show and to log: markup characters, control and direction-control
/// characters become `?`, long digit runs (phone and ID numbers) are masked,
/// and it is cut at `max` characters.
pub fn safe_text(text: &str, max: usize) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_control()
                || hcp_protocol::types::is_direction_control(c)
                || matches!(c, '<' | '>' | '&' | '"' | '\'' | '`')
            {
                '?'
            } else {
                c
            }
        })
        .collect();
    let masked = crate::redact::redact(&cleaned);
    let mut out: String = masked.chars().take(max).collect();
    if masked.chars().count() > max {
        out.push('…');
    }
    out
}

/// Masks what could identify a person in an error text (long digit runs).
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() >= 11 {
            out.push_str(&mask(run));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() || ((c == 'X' || c == 'x') && !run.is_empty()) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_masks_long_digit_runs() {
        assert_eq!(redact("phone 13812345678 bad"), "phone 138****5678 bad");
        assert_eq!(redact("code 2: x"), "code 2: x");
        assert_eq!(redact("id 21010219900101123X"), "id 210***********123X");
    }
}
