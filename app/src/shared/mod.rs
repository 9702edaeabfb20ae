//! What both sides use: the error type, small components, the wire types of a session type and
//! its calendar, and the not-found page.

pub mod components;
pub mod error;
pub mod not_found;
pub mod views;
