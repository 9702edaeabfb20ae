//! Paying a booking by card, a section of the booking's own page: Stripe.js's card field (in
//! `public/card-payment.js`, so the student's WASM does not grow), the payment server
//! functions it calls, and 3-D Secure when the bank asks for it.

pub mod api;
pub mod card_payment_section;
#[cfg(feature = "ssr")]
pub(crate) mod server;
