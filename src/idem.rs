//! One idempotency key per rating attempt (`SubmitRequest.idempotencyKey`):
//! the time in milliseconds and 104 random bits, as 36 hex digits. The
//! rating form keeps the key with its draft, so a retry or a reload after a
//! lost answer sends the same key and the gateway records the rating once.
//!
//! Why `Math.random` rather than `crypto.getRandomValues`: a key must be
//! unique, not secret (the gateway also checks that a repeat carries the
//! same rating from the same citizen, so a guessed key gains nothing), and
//! the typed-array glue of `getRandomValues` cost 0.23 KB more of the
//! compressed first load (measured) than `Math.random`, which the browser
//! seeds from the system's entropy.

/// A fresh key.
pub fn new_key() -> String {
    let mut key = String::with_capacity(36);
    hex(&mut key, js_sys::Date::now() as u64, 10);
    for _ in 0..2 {
        // 52 random bits per call: 13 hex digits.
        hex(
            &mut key,
            (js_sys::Math::random() * (1u64 << 52) as f64) as u64,
            13,
        );
    }
    key
}

/// Appends the low `digits` hex digits of `n`.
fn hex(out: &mut String, n: u64, digits: u32) {
    for i in (0..digits).rev() {
        let d = ((n >> (4 * i)) & 15) as u32;
        out.push(char::from_digit(d, 16).unwrap_or('0'));
    }
}
