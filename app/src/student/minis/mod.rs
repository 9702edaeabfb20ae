//! A mini session's page for clients: its dates and open spots, and the hold of a spot (a
//! reserved one through its direct link).

pub mod api;
#[cfg(feature = "ssr")]
pub(crate) mod server;
