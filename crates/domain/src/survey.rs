//! The short survey a student answers after a session: a rating from 1 to 5 and an optional
//! comment, once per booking; instructors see each answer and the average per session type.

use crate::lifecycle::BookingState;
use crate::text::{Lines, cleaned};
use crate::{FieldError, FieldErrors};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How the student rates the session, 1 (poor) to 5 (excellent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Rating(u8);

impl Rating {
    pub const MIN: u8 = 1;
    pub const MAX: u8 = 5;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        raw.trim()
            .parse::<u8>()
            .ok()
            .and_then(Self::new)
            .ok_or_else(|| FieldError::new(field, "Choose a rating from 1 to 5."))
    }

    pub fn new(value: u8) -> Option<Self> {
        (Self::MIN..=Self::MAX)
            .contains(&value)
            .then_some(Self(value))
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

/// A student's answer to the survey of one booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAnswer {
    pub rating: Rating,
    /// Empty when the student wrote nothing.
    pub comment: String,
}

impl SurveyAnswer {
    pub const MAX_COMMENT_CHARS: usize = 2000;

    /// The survey form as sent: `rating` and `comment`.
    pub fn parse(rating: &str, comment: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let rating = errors.take(Rating::parse("rating", rating));
        let comment = errors.take(parse_comment(comment));
        match (rating, comment) {
            (Some(rating), Some(comment)) => Ok(Self { rating, comment }),
            _ => Err(errors),
        }
    }
}

fn parse_comment(raw: &str) -> Result<String, FieldError> {
    let comment = cleaned("comment", "Comment", raw, Lines::Multiple)?;
    let length = comment.chars().count();
    if length > SurveyAnswer::MAX_COMMENT_CHARS {
        return Err(FieldError::new(
            "comment",
            format!(
                "Keep the comment under {} characters (it has {length}).",
                SurveyAnswer::MAX_COMMENT_CHARS
            ),
        ));
    }
    Ok(comment)
}

/// Why a booking's survey cannot be answered now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SurveyClosed {
    #[error("The survey opens once your session is over.")]
    NotYet,
    #[error("This session did not take place, so there is nothing to rate.")]
    NotHeld,
    #[error("This studio does not ask for ratings.")]
    NotAsked,
}

/// Whether the student of a booking in `state`, ending at `end`, may answer its survey at
/// `now`: once the session is over, for a session that took place (confirmed or completed), of
/// a studio that `asks` for ratings.
pub fn survey_open(
    state: BookingState,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
    asks: bool,
) -> Result<(), SurveyClosed> {
    if !asks {
        return Err(SurveyClosed::NotAsked);
    }
    match state {
        BookingState::Confirmed | BookingState::Completed if now >= end => Ok(()),
        BookingState::Confirmed | BookingState::Completed => Err(SurveyClosed::NotYet),
        _ => Err(SurveyClosed::NotHeld),
    }
}

/// The answers one session type got: how many, and their ratings added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RatingTally {
    pub answers: u32,
    pub total: u32,
}

impl RatingTally {
    /// The average rating to one decimal, e.g. "4.3"; `None` before the first answer.
    pub fn average_label(self) -> Option<String> {
        (self.answers > 0).then(|| {
            let tenths = (u64::from(self.total) * 10 + u64::from(self.answers) / 2)
                / u64::from(self.answers);
            format!("{}.{}", tenths / 10, tenths % 10)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rating_is_a_whole_number_from_one_to_five() {
        for text in ["1", " 3 ", "5"] {
            assert!(Rating::parse("rating", text).is_ok(), "{text}");
        }
        for text in ["0", "6", "", "4.5", "five", "-1", "256"] {
            let refused = Rating::parse("rating", text).expect_err(text);
            assert_eq!(refused.field, "rating");
            assert_eq!(refused.message, "Choose a rating from 1 to 5.");
        }
    }

    #[test]
    fn an_answer_needs_a_rating_and_may_leave_the_comment_empty() {
        let answer = SurveyAnswer::parse("4", "  ").expect("valid");
        assert_eq!(answer.rating.value(), 4);
        assert_eq!(answer.comment, "");
        let kept = SurveyAnswer::parse("5", "Lovely class.\nThanks!").expect("valid");
        assert_eq!(kept.comment, "Lovely class.\nThanks!");
        let errors = SurveyAnswer::parse("", &"x".repeat(2001)).expect_err("refused");
        let fields: Vec<&str> = errors.0.iter().map(|error| error.field.as_str()).collect();
        assert_eq!(fields, ["rating", "comment"]);
    }

    #[test]
    fn a_survey_opens_when_a_session_that_took_place_is_over() {
        let end = DateTime::parse_from_rfc3339("2030-06-06T16:00:00Z")
            .expect("instant")
            .with_timezone(&Utc);
        let before = end - chrono::Duration::minutes(1);
        assert_eq!(survey_open(BookingState::Confirmed, end, end, true), Ok(()));
        assert_eq!(survey_open(BookingState::Completed, end, end, true), Ok(()));
        assert_eq!(
            survey_open(BookingState::Confirmed, end, before, true),
            Err(SurveyClosed::NotYet)
        );
        assert_eq!(
            survey_open(BookingState::NoShow, end, end, true),
            Err(SurveyClosed::NotHeld)
        );
        assert_eq!(
            survey_open(BookingState::Completed, end, end, false),
            Err(SurveyClosed::NotAsked),
            "a studio that turned the survey off takes no answers"
        );
        let cancelled = BookingState::Cancelled {
            by: crate::lifecycle::Party::Student,
            at: before,
        };
        assert_eq!(
            survey_open(cancelled, end, end, true),
            Err(SurveyClosed::NotHeld)
        );
    }

    #[test]
    fn the_average_is_rounded_to_one_decimal_and_absent_without_answers() {
        assert_eq!(RatingTally::default().average_label(), None);
        let tally = RatingTally {
            answers: 3,
            total: 13,
        };
        assert_eq!(tally.average_label().as_deref(), Some("4.3"));
        let even = RatingTally {
            answers: 2,
            total: 9,
        };
        assert_eq!(even.average_label().as_deref(), Some("4.5"));
        let perfect = RatingTally {
            answers: 7,
            total: 35,
        };
        assert_eq!(perfect.average_label().as_deref(), Some("5.0"));
    }
}
