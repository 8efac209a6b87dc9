//! Keyed pseudonyms for CPR numbers: `HMAC-SHA256(key, the 10 ASCII digits)`.
//!
//! The same person gets the same pseudonym in every monthly file as long as the key
//! is the same, so months can be followed person by person; without the key the
//! pseudonym cannot be turned back into a CPR number, not even by trying all of the
//! few million valid ones. The dash is not part of the hashed text, so
//! `DDMMYY-SSSS` and `DDMMYYSSSS` give the same pseudonym. Anyone holding the key can
//! reproduce a pseudonym with any HMAC-SHA256 tool, e.g.
//! `printf 0101901234 | openssl dgst -sha256 -mac HMAC -macopt hexkey:<key>`.

use std::fmt;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::Sha256;
use thiserror::Error;

use super::cpr::Cpr;

/// The smallest accepted key, in bytes: the output size of SHA-256.
pub const MIN_KEY_BYTES: usize = 32;

/// A keyed hash standing in for a CPR number. Shown and serialised as 64 lowercase
/// hexadecimal digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pseudonym(pub [u8; 32]);

impl Pseudonym {
    /// Reads 64 hexadecimal digits (either case).
    pub fn from_hex(text: &str) -> Option<Pseudonym> {
        let text = text.as_bytes();
        if text.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(text.chunks_exact(2)) {
            let [high, low] = pair else { return None };
            *byte = (hex_value(*high)? << 4) | hex_value(*low)?;
        }
        Some(Pseudonym(bytes))
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The 64 lowercase hexadecimal digits, without allocating.
    pub fn hex(&self) -> [u8; 64] {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 64];
        for (pair, byte) in out.chunks_exact_mut(2).zip(self.0) {
            if let [high, low] = pair {
                *high = DIGITS[usize::from(byte >> 4)];
                *low = DIGITS[usize::from(byte & 0x0f)];
            }
        }
        out
    }
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

impl fmt::Display for Pseudonym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex = self.hex();
        f.write_str(std::str::from_utf8(&hex).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Pseudonym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pseudonym({self})")
    }
}

impl Serialize for Pseudonym {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let hex = self.hex();
        let text = std::str::from_utf8(&hex).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(text)
    }
}

impl<'de> Deserialize<'de> for Pseudonym {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Pseudonym::from_hex(&text)
            .ok_or_else(|| serde::de::Error::custom("a pseudonym is 64 hexadecimal digits"))
    }
}

/// Why a pseudonymisation key was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum KeyError {
    #[error("the pseudonymisation key must be at least {MIN_KEY_BYTES} bytes, got {length}")]
    TooShort { length: usize },
}

impl KeyError {
    pub fn key(self) -> &'static str {
        match self {
            KeyError::TooShort { .. } => "pseudonym-key-too-short",
        }
    }
}

/// An HMAC-SHA256 key, absorbed once; each hash clones the keyed state, so it costs
/// two SHA-256 blocks for a short message. Behind both the [`Pseudonymizer`] and the
/// questionnaire's `EvaluatorKey`. Not `Debug`, so that the key is never shown.
#[derive(Clone)]
pub(crate) struct KeyedHash(Hmac<Sha256>);

impl KeyedHash {
    /// `secret` is the raw key, at least [`MIN_KEY_BYTES`] bytes.
    pub(crate) fn new(secret: &[u8]) -> Result<KeyedHash, KeyError> {
        let too_short = KeyError::TooShort {
            length: secret.len(),
        };
        if secret.len() < MIN_KEY_BYTES {
            return Err(too_short);
        }
        let keyed = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| too_short)?;
        Ok(KeyedHash(keyed))
    }

    /// HMAC-SHA256(key, `message`).
    pub(crate) fn hash(&self, message: &[u8]) -> Pseudonym {
        let mut mac = self.0.clone();
        mac.update(message);
        let mut out = [0u8; 32];
        out.copy_from_slice(&mac.finalize().into_bytes());
        Pseudonym(out)
    }
}

/// Turns CPR numbers into [`Pseudonym`]s with one secret key. The key is absorbed
/// once; each call clones the keyed state, so a pseudonym costs two SHA-256 blocks.
/// `Debug` does not show the key.
#[derive(Clone)]
pub struct Pseudonymizer {
    keyed: KeyedHash,
}

impl Pseudonymizer {
    /// `secret` is the raw key, at least [`MIN_KEY_BYTES`] bytes (e.g. 32 random
    /// bytes). Changing it changes every pseudonym, so it must stay the same for the
    /// whole monitoring period.
    pub fn new(secret: &[u8]) -> Result<Pseudonymizer, KeyError> {
        Ok(Pseudonymizer {
            keyed: KeyedHash::new(secret)?,
        })
    }

    pub fn pseudonymize(&self, cpr: &Cpr) -> Pseudonym {
        self.keyed.hash(cpr.digits())
    }
}

impl fmt::Debug for Pseudonymizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pseudonymizer(..)")
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const KEY: &[u8; 32] = b"tilskud-test-key-0123456789abcde";

    fn pseudonymizer() -> Pseudonymizer {
        Pseudonymizer::new(KEY).unwrap()
    }

    fn cpr(text: &str) -> Cpr {
        Cpr::parse(text).unwrap()
    }

    #[test]
    fn the_pseudonym_is_hmac_sha256_of_the_ten_digits() {
        // python3 -c "import hmac,hashlib; print(hmac.new(bytes(range(32)),
        //   b'0101901234', hashlib.sha256).hexdigest())"
        let key: Vec<u8> = (0..32).collect();
        let p = Pseudonymizer::new(&key).unwrap();
        assert_eq!(
            p.pseudonymize(&cpr("010190-1234")).to_string(),
            "ec8ee9f1171562dc7ab8560142b9c1767eb5da8bffddaf89d58e89da3db166af"
        );
        let long = b"tilskud-test-key-0123456789abcdef";
        assert_eq!(
            Pseudonymizer::new(long)
                .unwrap()
                .pseudonymize(&cpr("0101901234"))
                .to_string(),
            "5f4068326c0628bc223877fcc9e2d58863753bc4831abac052ae7ec8e235d083"
        );
    }

    #[test]
    fn the_dash_does_not_change_the_pseudonym() {
        let p = pseudonymizer();
        assert_eq!(
            p.pseudonymize(&cpr("0101901234")),
            p.pseudonymize(&cpr(" 010190-1234 "))
        );
    }

    #[test]
    fn a_pseudonym_is_the_same_every_time_and_differs_per_person_and_key() {
        let p = pseudonymizer();
        let q = Pseudonymizer::new(b"another key that is long enough!").unwrap();
        let a = cpr("0101901234");
        assert_eq!(p.pseudonymize(&a), p.clone().pseudonymize(&a));
        assert_ne!(p.pseudonymize(&a), q.pseudonymize(&a));
        assert_ne!(p.pseudonymize(&a), p.pseudonymize(&cpr("0101901235")));
    }

    #[test]
    fn a_short_key_is_refused() {
        assert_eq!(
            Pseudonymizer::new(&[7; 31]).unwrap_err(),
            KeyError::TooShort { length: 31 }
        );
        assert_eq!(
            Pseudonymizer::new(b"").unwrap_err().key(),
            "pseudonym-key-too-short"
        );
        assert!(Pseudonymizer::new(&[7; 32]).is_ok());
        assert!(Pseudonymizer::new(&[7; 200]).is_ok());
    }

    #[test]
    fn the_key_is_not_shown() {
        let shown = format!("{:?}", pseudonymizer());
        assert_eq!(shown, "Pseudonymizer(..)");
    }

    #[test]
    fn hex_is_lowercase_and_read_back_in_either_case() {
        let mut bytes = [0u8; 32];
        bytes[0] = 0xAB;
        bytes[31] = 0x0F;
        let p = Pseudonym(bytes);
        let hex = p.to_string();
        assert_eq!(hex.len(), 64);
        assert!(hex.starts_with("ab00"));
        assert!(hex.ends_with("000f"));
        assert_eq!(Pseudonym::from_hex(&hex), Some(p));
        assert_eq!(Pseudonym::from_hex(&hex.to_uppercase()), Some(p));
        assert_eq!(format!("{p:?}"), format!("Pseudonym({hex})"));
        assert_eq!(Pseudonym::from_hex(&hex[1..]), None);
        assert_eq!(Pseudonym::from_hex(&format!("{hex}0")), None);
        assert_eq!(Pseudonym::from_hex(&hex.replace('a', "g")), None);
        assert_eq!(Pseudonym::from_hex(&"é".repeat(32)), None);
    }

    #[test]
    fn serde_uses_the_hex_text() {
        let p = pseudonymizer().pseudonymize(&cpr("0101901234"));
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, format!("\"{p}\""));
        assert_eq!(serde_json::from_str::<Pseudonym>(&json).unwrap(), p);
        assert!(serde_json::from_str::<Pseudonym>("\"abc\"").is_err());
    }

    proptest! {
        #[test]
        fn hex_round_trips(bytes in any::<[u8; 32]>()) {
            let p = Pseudonym(bytes);
            prop_assert_eq!(Pseudonym::from_hex(&p.to_string()), Some(p));
        }

        #[test]
        fn from_hex_never_panics(text in "\\PC{0,70}") {
            let _ = Pseudonym::from_hex(&text);
        }
    }
}
