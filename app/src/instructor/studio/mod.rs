//! The studio's settings: name and address, offerings, time zone, currency, payment methods.

pub mod api;
#[cfg(feature = "ssr")]
mod server;
pub mod settings_page;
pub mod studio_page;
mod zone_and_currency;
