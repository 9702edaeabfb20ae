//! Mini sessions (seed 003): create one, lay out its dates of spots with a live preview,
//! reserve spots for clients, share and publish it.

pub mod api;
pub mod overview_page;
pub mod roster_page;
#[cfg(feature = "ssr")]
pub(crate) mod server;
