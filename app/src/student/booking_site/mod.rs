//! The studio's public pages: its landing page and a type's booking calendar.

pub mod api;
#[cfg(feature = "ssr")]
pub mod bio_link;
#[cfg(feature = "ssr")]
pub(crate) mod server;
pub mod studio_page;
pub mod type_page;
