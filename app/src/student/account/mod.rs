//! The student's account: sign-in by an emailed link, and their bookings.

pub mod api;
pub mod email_sign_in_page;
pub mod my_bookings_page;
#[cfg(feature = "ssr")]
mod server;
pub mod sign_in_link_page;
