//! Settings > Stripe: the studio's own Stripe account (keys, a check, disconnecting).

pub mod api;
#[cfg(feature = "ssr")]
pub mod server;
pub mod stripe_settings_page;
