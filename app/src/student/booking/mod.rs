//! A booking's own pages, reached through its signed link.

pub mod api;
pub mod booking_page;
pub mod reschedule_page;
#[cfg(feature = "ssr")]
pub(crate) mod server;
