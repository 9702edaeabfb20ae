//! Session types: the list, the editor and its fields, share links.

pub mod api;
pub mod edit_page;
pub(crate) mod fields;
pub mod list_page;
mod packages_editor;
#[cfg(feature = "ssr")]
pub(crate) mod server;
