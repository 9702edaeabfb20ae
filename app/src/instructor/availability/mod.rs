//! Availability: weekly hours, date overrides and the preview.

pub mod api;
pub mod availability_page;
#[cfg(feature = "ssr")]
mod server;
