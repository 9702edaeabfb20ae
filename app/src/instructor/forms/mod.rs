//! The studio's library of contracts and questionnaires (seed 003), written once and attached
//! to session types and minis: the library page and the editor of one form.

pub mod api;
pub mod editor_page;
pub mod library_page;
#[cfg(feature = "ssr")]
pub(crate) mod server;
