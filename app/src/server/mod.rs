//! Server-only parts: state, the clock, the job worker that sends every booking email, authentication, tokens and signed links, mail and its texts, media,
//! rate limits, the page security policy, invoices, signed contracts, and the booking operations both sides share.

pub mod auth;
pub mod booking_ops;
pub mod card_payments;
pub mod client_view;
pub mod clock;
pub mod contracts;
pub mod convert;
pub mod invoices;
pub mod jobs;
pub mod links;
pub mod mail;
pub mod media;
pub mod money;
pub mod notices;
pub mod rate_limit;
pub mod refunds;
pub mod secrets;
pub mod security;
pub mod state;
pub mod stripe;
pub mod tokens;
