//! The key that seals Billy API tokens at rest with XChaCha20-Poly1305 (an AEAD). The
//! organization id is bound in as associated data, so a sealed token copied to another
//! organization's row does not open. The key never appears in logs (`Debug` redacts).

use std::path::Path;

use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

pub use crate::store::SealedToken;

/// Why a key or a sealed token could not be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SecretError {
    #[error("the key must be 32 bytes, written as 64 hex digits or in base64")]
    BadKey,
    #[error("cannot read the key file {0}")]
    KeyFile(String),
    #[error("the token could not be sealed")]
    Seal,
    #[error("the stored token cannot be opened with this key")]
    Open,
}

/// The 256-bit sealing key.
#[derive(Clone)]
pub struct SecretKey(XChaCha20Poly1305);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(redacted)")
    }
}

impl SecretKey {
    /// Reads a key written as 64 hex digits or as base64 of 32 bytes.
    pub fn parse(text: &str) -> Result<Self, SecretError> {
        let text = text.trim();
        let bytes = if text.len() == 64 && text.chars().all(|c| c.is_ascii_hexdigit()) {
            (0..32)
                .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16))
                .collect::<Result<Vec<u8>, _>>()
                .map_err(|_| SecretError::BadKey)?
        } else {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|_| SecretError::BadKey)?
        };
        let cipher = XChaCha20Poly1305::new_from_slice(&bytes).map_err(|_| SecretError::BadKey)?;
        Ok(Self(cipher))
    }

    /// Reads the key from a file (its trimmed contents).
    pub fn from_file(path: &Path) -> Result<Self, SecretError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| SecretError::KeyFile(format!("{}: {e}", path.display())))?;
        Self::parse(&text)
    }

    /// A fresh random key (demo mode without a configured key: tokens saved with it
    /// cannot be opened after a restart, which the server says when it starts).
    pub fn generate() -> Self {
        Self(XChaCha20Poly1305::new(&XChaCha20Poly1305::generate_key(
            &mut OsRng,
        )))
    }

    fn associated_data(org_id: i64) -> Vec<u8> {
        format!("ledgerlight/billy_token/v1/org:{org_id}").into_bytes()
    }

    /// Seals `token` for organization `org_id` under a fresh random nonce.
    pub fn seal(&self, org_id: i64, token: &str) -> Result<SealedToken, SecretError> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let aad = Self::associated_data(org_id);
        let ciphertext = self
            .0
            .encrypt(
                &nonce,
                Payload {
                    msg: token.as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| SecretError::Seal)?;
        Ok(SealedToken {
            ciphertext,
            nonce: nonce.to_vec(),
        })
    }

    /// Opens a token sealed for organization `org_id`.
    pub fn open(&self, org_id: i64, sealed: &SealedToken) -> Result<String, SecretError> {
        if sealed.nonce.len() != 24 {
            return Err(SecretError::Open);
        }
        let nonce = XNonce::from_slice(&sealed.nonce);
        let aad = Self::associated_data(org_id);
        let plain = self
            .0
            .decrypt(
                nonce,
                Payload {
                    msg: &sealed.ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| SecretError::Open)?;
        String::from_utf8(plain).map_err(|_| SecretError::Open)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX_KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    #[test]
    fn tokens_open_only_with_their_key_and_organization() {
        let key = SecretKey::parse(HEX_KEY).expect("key");
        let sealed = key.seal(7, "billy-token-123").expect("seal");
        assert!(
            !sealed.ciphertext.windows(5).any(|w| w == b"billy"),
            "the token is not stored in the clear"
        );
        assert_eq!(key.open(7, &sealed).expect("open"), "billy-token-123");
        assert_eq!(
            key.open(8, &sealed),
            Err(SecretError::Open),
            "bound to its organization"
        );
        assert_eq!(
            SecretKey::generate().open(7, &sealed),
            Err(SecretError::Open)
        );
        let again = key.seal(7, "billy-token-123").expect("seal");
        assert_ne!(again.nonce, sealed.nonce, "a fresh nonce every time");
        let mut tampered = sealed.clone();
        tampered.ciphertext[0] ^= 1;
        assert_eq!(key.open(7, &tampered), Err(SecretError::Open));
    }

    #[test]
    fn keys_are_hex_or_base64_of_32_bytes() {
        let b64 = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
        assert!(SecretKey::parse(&b64).is_ok());
        assert!(SecretKey::parse(&format!("  {HEX_KEY}\n")).is_ok());
        assert_eq!(SecretKey::parse("short").err(), Some(SecretError::BadKey));
        assert_eq!(
            SecretKey::parse(&HEX_KEY[..62]).err(),
            Some(SecretError::BadKey)
        );
        assert_eq!(
            format!("{:?}", SecretKey::parse(HEX_KEY).expect("key")),
            "SecretKey(redacted)"
        );
    }
}
