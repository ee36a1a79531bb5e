//! Getting upstream data into the store: for now the deterministic demo data generator
//! and the seeding that writes it through the same batch path a sync uses.

pub mod demo_data;
pub mod seed;
