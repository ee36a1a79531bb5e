//! Talking to Billy API v2: its JSON shapes, the HTTP client with retries, typed errors,
//! and the checked conversion of its records into ours.

pub mod address;
pub mod client;
pub mod convert;
pub mod error;
pub mod retry;
pub mod wire;

pub use address::AddressPolicy;
pub use client::{BillyClient, ClientOptions, Page, StatsSnapshot, DEFAULT_BASE_URL};
pub use error::BillyError;
pub use wire::Resource;
