//! Settings > Payments: the studio's own Stripe account (keys, a check, disconnecting).

pub mod api;
pub mod payments_page;
#[cfg(feature = "ssr")]
pub mod server;
