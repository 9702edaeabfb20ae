//! The post-session survey, a section of the booking's own page (also reached at
//! `/booking/{link}/survey`, the link its email gives): a 1–5 rating and a comment, once.

pub mod api;
pub mod survey_section;
