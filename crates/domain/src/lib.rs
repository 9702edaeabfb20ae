//! The booking rules of Bookable, free of IO and of the clock: callers pass "now" in.
//!
//! Every value that reaches the rules is parsed into a type that cannot hold an invalid
//! value; parsing failures name the form field they belong to.

pub mod availability;
pub mod booking;
pub mod calendar;
pub mod card_payments;
pub mod dates;
pub mod fees;
pub mod field;
pub mod forms;
pub mod invoices;
pub mod jobs;
pub mod ledger;
pub mod lifecycle;
pub mod manual_payments;
pub mod members;
pub mod mini_session;
pub mod money;
pub mod offerings;
pub mod packages;
pub mod questions;
pub mod refunds;
pub mod session_type;
pub mod stripe_keys;
#[cfg(feature = "tzdb")]
pub mod studio;
pub mod survey;
pub mod templates;
pub mod text;
#[cfg(feature = "tzdb")]
pub mod timezone;
pub mod video_link;
pub mod zone;

pub use field::{FieldError, FieldErrors};
