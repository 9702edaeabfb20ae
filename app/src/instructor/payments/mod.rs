//! The studio's money: every payment received and refund made, by day, with daily totals and a
//! CSV export (`/dashboard/payments.csv`, served by the `bookable` binary).

pub mod api;
pub mod payments_page;
#[cfg(feature = "ssr")]
pub mod server;
