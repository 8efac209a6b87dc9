//! The evaluator's own pseudonym for a person.
//!
//! The external evaluator receives the answers person by person, but must not be able
//! to link them to tilskud's monitoring data, whose pseudonyms anyone with tilskud's
//! key can reproduce from a CPR number. So the export names each person by a second
//! keyed hash, under a key that only the evaluator's export uses.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::domain::monitoring::pseudonym::{KeyError, KeyedHash, Pseudonym};

/// The evaluator's key, absorbed once. `Debug` does not show it.
#[derive(Clone)]
pub struct EvaluatorKey {
    keyed: KeyedHash,
    fingerprint: String,
}

impl EvaluatorKey {
    /// `secret` is the raw key, at least [`MIN_KEY_BYTES`] bytes; it must differ from
    /// the pseudonymisation key, or the evaluator's key would open the monitoring data
    /// too.
    ///
    /// [`MIN_KEY_BYTES`]: crate::domain::monitoring::pseudonym::MIN_KEY_BYTES
    pub fn new(secret: &[u8]) -> Result<Self, KeyError> {
        let keyed = KeyedHash::new(secret)?;
        let digest = Sha256::digest(secret);
        let fingerprint = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        Ok(EvaluatorKey { keyed, fingerprint })
    }

    /// HMAC-SHA256(evaluator key, the 32 bytes of tilskud's internal pseudonym):
    /// tilskud never stores the CPR, so the evaluator's pseudonym is derived from the
    /// internal one; without the evaluator key it cannot be linked back.
    pub fn pseudonym(&self, internal: &Pseudonym) -> Pseudonym {
        self.keyed.hash(internal.as_bytes())
    }

    /// First 16 hex digits of SHA-256 of the key: names the key in the audit log
    /// without revealing it, so two exports can be seen to share a key or not.
    pub fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }
}

impl fmt::Debug for EvaluatorKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EvaluatorKey(..)")
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::domain::monitoring::cpr::Cpr;
    use crate::domain::monitoring::pseudonym::Pseudonymizer;

    const KEY: &[u8; 32] = b"tilskud-evaluator-key-0123456789";

    #[test]
    fn the_pseudonym_is_hmac_sha256_of_the_internal_pseudonyms_bytes() {
        // python3 -c "import hmac,hashlib; print(hmac.new(bytes(range(32)),
        //   bytes([7]*32), hashlib.sha256).hexdigest())"
        let key: Vec<u8> = (0..32).collect();
        let evaluator = EvaluatorKey::new(&key).unwrap();
        assert_eq!(
            evaluator.pseudonym(&Pseudonym([7; 32])).to_string(),
            "4739c539ce943412ce955fa24934a7f0333aeb68821c7f2f499d45bc930fafeb"
        );
    }

    #[test]
    fn the_fingerprint_is_the_start_of_the_keys_sha256() {
        // python3 -c "import hashlib; print(hashlib.sha256(bytes(range(32))).hexdigest()[:16])"
        let key: Vec<u8> = (0..32).collect();
        let fingerprint = EvaluatorKey::new(&key).unwrap().fingerprint();
        assert_eq!(fingerprint, "630dcd2966c43366");
        assert_eq!(fingerprint.len(), 16);
    }

    #[test]
    fn a_short_key_is_refused_and_no_key_is_shown() {
        assert_eq!(
            EvaluatorKey::new(&[1; 31]).unwrap_err(),
            KeyError::TooShort { length: 31 }
        );
        let key = EvaluatorKey::new(KEY).unwrap();
        assert_eq!(format!("{key:?}"), "EvaluatorKey(..)");
    }

    fn valid_cpr() -> impl Strategy<Value = String> {
        (1u32..=28, 1u32..=12, 0u32..=99, 0u32..=9999)
            .prop_map(|(d, m, y, s)| format!("{d:02}{m:02}{y:02}{s:04}"))
    }

    proptest! {
        #[test]
        fn the_evaluators_pseudonym_differs_from_the_internal_one_and_per_key(
            cpr in valid_cpr(),
            internal_key in prop::collection::vec(any::<u8>(), 32..64),
            evaluator_key in prop::collection::vec(any::<u8>(), 32..64),
            other_key in prop::collection::vec(any::<u8>(), 32..64),
        ) {
            let cpr = Cpr::parse(&cpr).unwrap();
            let internal = Pseudonymizer::new(&internal_key).unwrap().pseudonymize(&cpr);
            let evaluator = EvaluatorKey::new(&evaluator_key).unwrap();
            let derived = evaluator.pseudonym(&internal);
            prop_assert_ne!(derived, internal);
            prop_assert_eq!(derived, EvaluatorKey::new(&evaluator_key).unwrap().pseudonym(&internal));
            prop_assert_eq!(derived, evaluator.clone().pseudonym(&internal));
            if other_key != evaluator_key {
                let other = EvaluatorKey::new(&other_key).unwrap();
                prop_assert_ne!(other.pseudonym(&internal), derived);
                prop_assert_ne!(other.fingerprint(), evaluator.fingerprint());
            }
        }
    }
}
