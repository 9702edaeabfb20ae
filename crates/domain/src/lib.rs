//! The booking rules of Bookable, free of IO and of the clock: callers pass "now" in.
//!
//! Every value that reaches the rules is parsed into a type that cannot hold an invalid
//! value; parsing failures name the form field they belong to.

pub mod availability;
pub mod booking;
pub mod field;
pub mod money;
pub mod session_type;
pub mod studio;
pub mod text;
pub mod timezone;

pub use field::{FieldError, FieldErrors};
