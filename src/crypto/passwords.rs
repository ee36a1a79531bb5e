//! Password hashing with Argon2id at OWASP's recommended minimum (19 MiB, 2 passes,
//! 1 lane: the `argon2` crate's defaults), stored as PHC strings so parameters can be
//! raised later without invalidating existing hashes.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::domain::reason::Reason;

/// Shortest password accepted at sign-up.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted (hashing cost grows with length; nobody types more).
pub const MAX_PASSWORD_CHARS: usize = 256;

/// A new password that is too weak to accept, in words for the person choosing it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct WeakPassword(pub Reason);

/// Checks a password chosen at sign-up.
pub fn check_new_password(password: &str) -> Result<(), WeakPassword> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(WeakPassword(Reason::PasswordTooShort(MIN_PASSWORD_CHARS)));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(WeakPassword(Reason::PasswordTooLong(MAX_PASSWORD_CHARS)));
    }
    Ok(())
}

/// A well-formed hash with the current parameters that no password matches. Verifying
/// against it when an email is unknown makes that failure take as long as a wrong
/// password, so response times do not reveal which addresses have accounts.
pub const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3l3oFQbkF7G0VJ9oY6m0lQk5tM0sI1cQmJ2g1y0xL2Y";

fn hasher() -> Argon2<'static> {
    // Spelled out rather than `Argon2::default()` so the parameters are visible here.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string. CPU-heavy (tens of ms): call it from
/// `tokio::task::spawn_blocking`.
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(hasher()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Whether `password` matches the stored PHC string. A malformed stored hash never
/// matches. CPU-heavy: call it from `spawn_blocking`.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|hash| hasher().verify_password(password.as_bytes(), &hash).is_ok())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_use_argon2id_at_owasp_minimum() {
        let hash = hash_password("correct horse battery").expect("hash");
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterY", &hash));
        assert!(!verify_password("anything", "not a hash"));
        // Salted: the same password hashes differently each time.
        assert_ne!(hash, hash_password("correct horse battery").expect("hash"));
    }

    #[test]
    fn the_dummy_hash_is_well_formed_and_matches_nothing() {
        let parsed = PasswordHash::new(DUMMY_HASH).expect("parses");
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
        assert!(!verify_password("", DUMMY_HASH));
        assert!(!verify_password("correct horse battery", DUMMY_HASH));
    }

    #[test]
    fn new_passwords_have_a_sensible_length() {
        assert!(check_new_password("short").is_err());
        assert!(check_new_password("long enough!").is_ok());
        assert!(check_new_password(&"x".repeat(300)).is_err());
    }
}
