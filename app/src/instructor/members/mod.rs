//! The member list.

pub mod api;
pub mod members_page;
