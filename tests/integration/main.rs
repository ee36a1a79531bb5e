//! Every integration test in one binary, a module per area: the application is linked
//! once rather than once per area (the test build is most of CI's time on two cores).
//! Store tests run on SQLite always and on PostgreSQL when it is reachable (required
//! when `CI` is set); HTTP tests run the real router on a random port. The hostile
//! input test is a binary of its own (`tests/hostile_http.rs`): it measures its own
//! process's memory and answer times, which other tests running beside it would skew.

#[macro_use]
mod support;

mod accounts_http;
mod accounts_store;
mod audit_log;
mod authz_matrix;
mod bills;
mod billy_address;
mod billy_client;
mod crash_recovery;
mod customers;
mod figure_links;
mod http;
mod invoices;
mod invoices_http;
mod layers;
mod live_http;
mod live_postgres;
mod payments;
mod preferences;
mod revenue;
mod rollups;
mod row_level_security;
mod scheduler;
mod security_store;
mod sessions;
mod store_contract;
mod sync_engine;
mod sync_http;
mod tenancy_store;
mod tenant_isolation;
