//! One idempotency key per rating attempt (`SubmitRequest.idempotencyKey`):
//! 16 random bytes as 32 hex digits, from the browser's
//! `crypto.getRandomValues` (there in insecure contexts too, unlike
//! `crypto.randomUUID`), else from `Math.random`. The rating form keeps the
//! key with its draft, so a retry or a reload after a lost answer sends the
//! same key and the gateway records the rating once.

use js_sys::{Function, Reflect, Uint8Array};
use wasm_bindgen::JsCast;

/// A fresh key.
pub fn new_key() -> String {
    let bytes = random_bytes().unwrap_or_else(|| {
        (0..16)
            .map(|_| (js_sys::Math::random() * 256.0) as u8)
            .collect()
    });
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut key = String::with_capacity(32);
    for b in bytes {
        key.push(char::from(HEX[usize::from(b >> 4)]));
        key.push(char::from(HEX[usize::from(b & 15)]));
    }
    key
}

fn random_bytes() -> Option<Vec<u8>> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    let fill: Function = Reflect::get(&crypto, &"getRandomValues".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let buf = Uint8Array::new_with_length(16);
    fill.call1(&crypto, &buf).ok()?;
    Some(buf.to_vec())
}
