//! Server functions, one module per feature, and the CSV downloads. Thin: resolve the
//! caller and organization from the session, check the role, call the store, map
//! errors to [`AppError`](crate::error::AppError).

pub mod accounts;
pub mod admin;
pub mod audit;
pub mod billing;
pub mod connection;
pub mod customers;
#[cfg(feature = "ssr")]
pub mod downloads;
pub mod invoices;
pub mod members;
pub mod overview;
pub mod payments;
pub mod preferences;
pub mod receivables;
pub mod revenue;
pub mod sync;

#[cfg(feature = "ssr")]
pub(crate) mod support;
