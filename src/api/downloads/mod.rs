//! CSV downloads: plain axum routes (a browser saves the file; no server function),
//! each resolving its caller from the session like a server function does. The revenue
//! report is built whole; the document tables stream from the store in batches.

pub mod invoices;
pub mod payments;
pub mod revenue;
pub mod streamed;
