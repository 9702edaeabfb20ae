//! The studio's bookings: list, agenda, detail and actions.

pub mod api;
pub mod booking_detail_page;
pub mod bookings_page;
#[cfg(feature = "ssr")]
pub(crate) mod server;
