//! Password hashing and the sealing of Billy tokens at rest: the two places secrets are
//! handled, below both the sync (which seeds accounts and opens tokens) and the server.

pub mod passwords;
pub mod secrets;
