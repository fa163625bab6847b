//! DES/ECB/PKCS5 field encryption of seed 000: the user object's contactPhone
//! and certificateNo travel encrypted with the 8-byte key the platform assigns,
//! as lowercase hex (`"contactPhone": "7191adf0dd70fc77fecf6b31f1b3b976"`).
//!
//! DES is what the provincial spec prescribes, not a choice of ours.

use des::Des;
use des::cipher::block_padding::Pkcs7;
use des::cipher::{BlockDecryptMut, BlockEncryptMut, KeyInit};

/// An 8-byte DES key. `Debug` does not print it.
#[derive(Clone, PartialEq, Eq)]
pub struct DesKey([u8; 8]);

impl std::fmt::Debug for DesKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DesKey(***)")
    }
}

/// Why a key or a ciphertext was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CryptError {
    /// The key is not 8 bytes (as text) or 16 hex digits.
    KeyLength,
    /// The ciphertext is not hex, not whole blocks, or its padding is wrong.
    Ciphertext,
    /// The plaintext is not UTF-8.
    NotUtf8,
}

impl std::fmt::Display for CryptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CryptError::KeyLength => "the DES key must be 8 characters or 16 hex digits",
            CryptError::Ciphertext => "not a DES/ECB/PKCS5 ciphertext in hex under this key",
            CryptError::NotUtf8 => "the decrypted value is not UTF-8",
        })
    }
}

impl std::error::Error for CryptError {}

impl DesKey {
    /// Reads a key given as 8 characters (how the platform hands it out) or as 16 hex digits.
    pub fn parse(text: &str) -> Result<DesKey, CryptError> {
        let bytes = text.as_bytes();
        if bytes.len() == 8 {
            let mut k = [0u8; 8];
            k.copy_from_slice(bytes);
            return Ok(DesKey(k));
        }
        if bytes.len() == 16 {
            let mut k = [0u8; 8];
            if hex::decode_to_slice(text, &mut k).is_ok() {
                return Ok(DesKey(k));
            }
        }
        Err(CryptError::KeyLength)
    }

    /// Encrypts UTF-8 text; lowercase hex out.
    pub fn encrypt_hex(&self, plaintext: &str) -> String {
        let enc = ecb::Encryptor::<Des>::new(&self.0.into());
        hex::encode(enc.encrypt_padded_vec_mut::<Pkcs7>(plaintext.as_bytes()))
    }

    /// Decrypts hex (either case) back to text.
    pub fn decrypt_hex(&self, ciphertext: &str) -> Result<String, CryptError> {
        let bytes = hex::decode(ciphertext).map_err(|_| CryptError::Ciphertext)?;
        if bytes.is_empty() || bytes.len() % 8 != 0 {
            return Err(CryptError::Ciphertext);
        }
        let dec = ecb::Decryptor::<Des>::new(&self.0.into());
        let plain = dec
            .decrypt_padded_vec_mut::<Pkcs7>(&bytes)
            .map_err(|_| CryptError::Ciphertext)?;
        String::from_utf8(plain).map_err(|_| CryptError::NotUtf8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fips81_known_answer() {
        // FIPS PUB 81, ECB mode example: key 0123456789abcdef,
        // "Now is the time for all " -> 3fa40e8a984d4815 6a271787ab8883f9 893d51ec4b563b53.
        let key = DesKey::parse("0123456789abcdef").expect("hex key");
        let ct = key.encrypt_hex("Now is the time for all ");
        assert_eq!(
            &ct[..48],
            "3fa40e8a984d48156a271787ab8883f9893d51ec4b563b53"
        );
        // PKCS5 adds one whole block when the input is a multiple of 8 bytes.
        assert_eq!(ct.len(), 64);
        assert_eq!(
            key.decrypt_hex(&ct).as_deref(),
            Ok("Now is the time for all ")
        );
    }

    #[test]
    fn lengths_match_the_seed_examples() {
        // Seed 000: an 11-digit phone is 32 hex digits, an 18-character ID 48.
        let key = DesKey::parse("hcp-dev!").expect("text key");
        let phone = key.encrypt_hex("13812345678");
        let id = key.encrypt_hex("21010219900101123X");
        assert_eq!(phone.len(), "7191adf0dd70fc77fecf6b31f1b3b976".len());
        assert_eq!(
            id.len(),
            "91264dfaaa1e808c0350652a03c78031b8614dcc7772a52e".len()
        );
        assert!(
            phone
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        );
        assert_eq!(
            key.decrypt_hex(&phone.to_uppercase()).as_deref(),
            Ok("13812345678")
        );
        assert_eq!(key.decrypt_hex(&id).as_deref(), Ok("21010219900101123X"));
    }

    #[test]
    fn bad_keys_and_ciphertexts_are_errors() {
        assert_eq!(DesKey::parse("short"), Err(CryptError::KeyLength));
        assert_eq!(
            DesKey::parse("zz23456789abcdef"),
            Err(CryptError::KeyLength)
        );
        let key = DesKey::parse("hcp-dev!").expect("key");
        assert_eq!(key.decrypt_hex("xyz"), Err(CryptError::Ciphertext));
        assert_eq!(key.decrypt_hex("abcd"), Err(CryptError::Ciphertext));
        assert_eq!(key.decrypt_hex(""), Err(CryptError::Ciphertext));
        let other = DesKey::parse("other-k!").expect("key");
        // Under the wrong key the padding check fails (or, rarely, garbage comes out).
        assert_ne!(
            other
                .decrypt_hex(&key.encrypt_hex("13812345678"))
                .ok()
                .as_deref(),
            Some("13812345678")
        );
        assert_eq!(format!("{key:?}"), "DesKey(***)");
    }
}
