//! The instructor's own wording of a session type's emails to students: a subject and a body
//! with named placeholders (`{student_name}`, `{start}`…) filled in from the booking when the
//! email is written. A template that names a placeholder we do not know is refused when saved,
//! so no student ever reads a stray `{studnet_name}`.

use crate::jobs::JobKind;
use crate::text::{Lines, cleaned};
use crate::{FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

/// A value a template can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Placeholder {
    StudentName,
    SessionName,
    StudioName,
    /// Day, times and zone: "Tuesday 1 December 2026, 10:00–11:00 CET (Europe/Berlin)".
    Start,
    /// "Tuesday 1 December 2026".
    Date,
    /// "10:00".
    Time,
    Location,
    VideoLink,
    /// The student's own page of the booking: view, reschedule, cancel.
    ManageLink,
    /// The post-session survey's page.
    SurveyLink,
    Price,
    /// The instructor's contact email.
    ContactEmail,
    /// When a payment still due must arrive; empty once paid.
    PaymentDeadline,
}

impl Placeholder {
    pub const ALL: [Self; 13] = [
        Self::StudentName,
        Self::SessionName,
        Self::StudioName,
        Self::Start,
        Self::Date,
        Self::Time,
        Self::Location,
        Self::VideoLink,
        Self::ManageLink,
        Self::SurveyLink,
        Self::Price,
        Self::ContactEmail,
        Self::PaymentDeadline,
    ];

    /// The name written between braces.
    pub fn name(self) -> &'static str {
        match self {
            Self::StudentName => "student_name",
            Self::SessionName => "session_name",
            Self::StudioName => "studio_name",
            Self::Start => "start",
            Self::Date => "date",
            Self::Time => "time",
            Self::Location => "location",
            Self::VideoLink => "video_link",
            Self::ManageLink => "manage_link",
            Self::SurveyLink => "survey_link",
            Self::Price => "price",
            Self::ContactEmail => "contact_email",
            Self::PaymentDeadline => "payment_deadline",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|placeholder| placeholder.name() == name)
    }

    /// "{student_name}, {session_name}, …": every placeholder, as a hint lists them.
    pub fn all_written() -> String {
        Self::written(&Self::ALL)
    }

    /// "{student_name}, {date}": the given placeholders, as a hint lists them.
    pub fn written(placeholders: &[Self]) -> String {
        placeholders
            .iter()
            .map(|placeholder| format!("{{{}}}", placeholder.name()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Value(Placeholder),
}

/// A template's text, read into literal text and placeholders. `{{` and `}}` write a brace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TemplateText {
    source: String,
    parts: Vec<Part>,
}

impl TemplateText {
    /// Reads `source`, naming `field` in what it refuses: an unknown placeholder (by its
    /// name) or a brace left open.
    pub fn parse(field: &str, source: &str) -> Result<Self, FieldError> {
        Self::parse_naming(field, source, &Placeholder::ALL)
    }

    /// Reads `source` like [`TemplateText::parse`], knowing only the placeholders `known`.
    pub fn parse_naming(
        field: &str,
        source: &str,
        known: &[Placeholder],
    ) -> Result<Self, FieldError> {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut characters = source.chars().peekable();
        while let Some(character) = characters.next() {
            match character {
                '{' if characters.peek() == Some(&'{') => {
                    characters.next();
                    text.push('{');
                }
                '}' if characters.peek() == Some(&'}') => {
                    characters.next();
                    text.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for inner in characters.by_ref() {
                        if inner == '}' {
                            closed = true;
                            break;
                        }
                        name.push(inner);
                    }
                    if !closed || name.contains('{') || name.contains('\n') {
                        return Err(FieldError::new(
                            field,
                            "A { is not closed. Write placeholders like {student_name}, and {{ for a brace of your own.",
                        ));
                    }
                    let placeholder = Placeholder::parse(name.trim())
                        .filter(|placeholder| known.contains(placeholder))
                        .ok_or_else(|| {
                            FieldError::new(
                                field,
                                format!(
                                    "There is no placeholder {{{name}}}. Use one of {}.",
                                    Placeholder::written(known)
                                ),
                            )
                        })?;
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Part::Value(placeholder));
                }
                other => text.push(other),
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(Self {
            source: source.to_owned(),
            parts,
        })
    }

    /// The text as written, placeholders and all.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The text with each placeholder replaced by its value.
    pub fn render(&self, value: impl Fn(Placeholder) -> String) -> String {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Text(text) => text.clone(),
                Part::Value(placeholder) => value(*placeholder),
            })
            .collect()
    }

    /// The placeholders it names, in order.
    pub fn placeholders(&self) -> impl Iterator<Item = Placeholder> + '_ {
        self.parts.iter().filter_map(|part| match part {
            Part::Value(placeholder) => Some(*placeholder),
            Part::Text(_) => None,
        })
    }
}

impl TryFrom<String> for TemplateText {
    type Error = FieldError;
    fn try_from(source: String) -> Result<Self, FieldError> {
        Self::parse("template", &source)
    }
}

impl From<TemplateText> for String {
    fn from(text: TemplateText) -> Self {
        text.source
    }
}

/// An email's subject and body as the instructor wrote them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageTemplate {
    pub subject: TemplateText,
    pub body: TemplateText,
}

impl MessageTemplate {
    pub const MAX_SUBJECT_CHARS: usize = 200;
    pub const MAX_BODY_CHARS: usize = 5000;

    /// The editor's `subject` and `body`, each mistake named by its field.
    pub fn parse(subject: &str, body: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let subject = errors.take(
            cleaned("subject", "The subject", subject, Lines::Single)
                .and_then(|text| bounded("subject", "subject", text, Self::MAX_SUBJECT_CHARS))
                .and_then(|text| TemplateText::parse("subject", &text)),
        );
        let body = errors.take(
            cleaned("body", "The message", body, Lines::Multiple)
                .and_then(|text| bounded("body", "message", text, Self::MAX_BODY_CHARS))
                .and_then(|text| TemplateText::parse("body", &text)),
        );
        match (subject, body) {
            (Some(subject), Some(body)) => Ok(Self { subject, body }),
            _ => Err(errors),
        }
    }
}

fn bounded(field: &str, what: &str, text: String, max: usize) -> Result<String, FieldError> {
    let length = text.chars().count();
    if length == 0 {
        return Err(FieldError::new(field, format!("Write the {what}.")));
    }
    if length > max {
        return Err(FieldError::new(
            field,
            format!("Keep the {what} under {max} characters (it has {length})."),
        ));
    }
    Ok(text)
}

/// The emails to students an instructor can word per session type, in the editor's order.
pub const CUSTOMIZABLE: [JobKind; 5] = [
    JobKind::Confirmation,
    JobKind::Reminder24h,
    JobKind::Reminder1h,
    JobKind::PaymentNudge,
    JobKind::Survey,
];

/// Whether the student's email of `kind` can be worded by the instructor.
pub fn customizable(kind: JobKind) -> bool {
    CUSTOMIZABLE.contains(&kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(placeholder: Placeholder) -> String {
        match placeholder {
            Placeholder::StudentName => "Ada <Lovelace>".to_owned(),
            Placeholder::SessionName => "Lesson".to_owned(),
            other => format!("[{}]", other.name()),
        }
    }

    #[test]
    fn placeholders_are_filled_in_and_double_braces_write_a_brace() {
        let text = TemplateText::parse(
            "body",
            "Hi {student_name}, your {session_name} {{is}} at {time}.",
        )
        .expect("valid");
        assert_eq!(
            text.render(values),
            "Hi Ada <Lovelace>, your Lesson {is} at [time]."
        );
        assert_eq!(
            text.placeholders().collect::<Vec<_>>(),
            [
                Placeholder::StudentName,
                Placeholder::SessionName,
                Placeholder::Time
            ]
        );
        assert_eq!(
            text.source(),
            "Hi {student_name}, your {session_name} {{is}} at {time}."
        );
    }

    #[test]
    fn every_placeholder_reads_back_from_its_name() {
        for placeholder in Placeholder::ALL {
            assert_eq!(Placeholder::parse(placeholder.name()), Some(placeholder));
            let written = format!("{{{}}}", placeholder.name());
            assert!(TemplateText::parse("body", &written).is_ok(), "{written}");
        }
    }

    #[test]
    fn an_unknown_placeholder_is_refused_with_its_name() {
        let refused = TemplateText::parse("body", "Hello {studnet_name}!").expect_err("refused");
        assert_eq!(refused.field, "body");
        assert!(
            refused
                .message
                .starts_with("There is no placeholder {studnet_name}. Use one of {student_name}, "),
            "{}",
            refused.message
        );
    }

    #[test]
    fn a_brace_left_open_is_refused() {
        for source in ["Hello {student_name", "A { b", "{ {student_name} }"] {
            let refused = TemplateText::parse("subject", source).expect_err(source);
            assert!(
                refused.message.starts_with("A { is not closed."),
                "{source}: {}",
                refused.message
            );
        }
        assert_eq!(
            TemplateText::parse("subject", "a lone } is text")
                .expect("valid")
                .render(values),
            "a lone } is text"
        );
    }

    #[test]
    fn a_template_needs_a_one_line_subject_and_a_body_within_bounds() {
        let template = MessageTemplate::parse(" See you, {student_name} ", "Line one\r\nLine two")
            .expect("valid");
        assert_eq!(template.subject.source(), "See you, {student_name}");
        assert_eq!(template.body.source(), "Line one\nLine two");
        let fields = |subject: &str, body: &str| -> Vec<String> {
            MessageTemplate::parse(subject, body)
                .expect_err("refused")
                .0
                .into_iter()
                .map(|error| error.field)
                .collect()
        };
        assert_eq!(fields("", ""), ["subject", "body"]);
        assert_eq!(fields("Two\nlines", "ok"), ["subject"]);
        assert_eq!(fields("ok", &"x".repeat(5001)), ["body"]);
        assert_eq!(fields("{nope}", "{nope}"), ["subject", "body"]);
    }

    #[test]
    fn a_template_text_reads_back_from_its_source() {
        let text = TemplateText::parse("body", "Hi {student_name}").expect("valid");
        let json = serde_json::to_string(&text).expect("serializes");
        assert_eq!(json, "\"Hi {student_name}\"");
        assert_eq!(
            serde_json::from_str::<TemplateText>(&json).expect("reads"),
            text
        );
        assert!(serde_json::from_str::<TemplateText>("\"{oops}\"").is_err());
    }

    #[test]
    fn the_students_confirmation_reminders_nudges_and_survey_can_be_worded() {
        assert!(customizable(JobKind::Confirmation));
        assert!(customizable(JobKind::Survey));
        assert!(!customizable(JobKind::Cancelled));
    }
}
