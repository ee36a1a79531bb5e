//! Getting upstream data into the store: the Billy API client, a Billy-compatible
//! simulator, the deterministic demo data generator and the seeding that writes it
//! through the same batch path a sync uses.

pub mod billy;
pub mod demo_billy;
pub mod demo_data;
pub mod engine;
pub mod scheduler;
pub mod seed;
pub mod simulator;
