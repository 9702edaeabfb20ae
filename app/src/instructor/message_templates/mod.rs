//! A session type's emails to students in the instructor's own words: edit, preview from a
//! sample booking, save, reset to the standard text.

pub mod api;
#[cfg(feature = "ssr")]
mod server;
pub mod templates_page;
