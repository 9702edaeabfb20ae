//! Registration questions a session type asks students when they book, and the answers given.
//!
//! Questions are stored as JSON with the session type and deserialize through the same parsers
//! as the form, so a stored question is always valid. Answers keep a copy of each question's
//! prompt, so a booking still reads correctly after the instructor rewords or removes a question.

use crate::text::{Lines, bounded_text, cleaned, has_visible_characters};
use crate::{FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

/// The question students read, e.g. "Have you played before?".
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct QuestionPrompt(String);

impl QuestionPrompt {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        bounded_text(field, "Question", raw, Self::MAX_CHARS).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for QuestionPrompt {
    type Error = FieldError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse("prompt", &raw)
    }
}

impl From<QuestionPrompt> for String {
    fn from(value: QuestionPrompt) -> String {
        value.0
    }
}

impl std::fmt::Display for QuestionPrompt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The options of a single-choice question: 2 to 20, each different ignoring case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Vec<String>", into = "Vec<String>")]
pub struct ChoiceOptions(Vec<String>);

impl ChoiceOptions {
    pub const MIN: usize = 2;
    pub const MAX: usize = 20;
    pub const MAX_CHARS: usize = 100;

    /// Parses a textarea with one option per line; blank lines are ignored.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        Self::from_options(field, raw.lines().filter(|line| !line.trim().is_empty()))
    }

    /// Checks options given one by one; unlike the textarea, a blank option is refused.
    pub fn from_options<'a>(
        field: &str,
        options: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, FieldError> {
        let mut parsed: Vec<String> = Vec::new();
        for (position, raw) in options.into_iter().enumerate() {
            let label = format!("Option {}", position + 1);
            let option = bounded_text(field, &label, raw, Self::MAX_CHARS)?;
            let folded = option.to_lowercase();
            if let Some(earlier) = parsed
                .iter()
                .find(|earlier| earlier.to_lowercase() == folded)
            {
                return Err(FieldError::new(
                    field,
                    format!(
                        "\"{option}\" is listed twice (as \"{earlier}\"); each option must be different."
                    ),
                ));
            }
            parsed.push(option);
        }
        if parsed.len() < Self::MIN {
            return Err(FieldError::new(
                field,
                format!(
                    "Give at least {} options, one per line (there {}).",
                    Self::MIN,
                    match parsed.len() {
                        0 => "are none".to_owned(),
                        1 => "is 1".to_owned(),
                        n => format!("are {n}"),
                    }
                ),
            ));
        }
        if parsed.len() > Self::MAX {
            return Err(FieldError::new(
                field,
                format!(
                    "Give at most {} options (there are {}).",
                    Self::MAX,
                    parsed.len()
                ),
            ));
        }
        Ok(Self(parsed))
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// Whether `answer` is exactly one of the options.
    pub fn contains(&self, answer: &str) -> bool {
        self.0.iter().any(|option| option == answer)
    }

    /// The options as the textarea shows them for editing.
    pub fn to_textarea(&self) -> String {
        self.0.join("\n")
    }
}

impl TryFrom<Vec<String>> for ChoiceOptions {
    type Error = FieldError;
    fn try_from(options: Vec<String>) -> Result<Self, Self::Error> {
        Self::from_options("options", options.iter().map(String::as_str))
    }
}

impl From<ChoiceOptions> for Vec<String> {
    fn from(value: ChoiceOptions) -> Vec<String> {
        value.0
    }
}

/// What kind of answer a question takes. Stored as `{"kind": "short_text"}` or
/// `{"kind": "single_choice", "options": [...]}`, the kind named by [`QuestionKind::as_str`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "options", rename_all = "snake_case")]
pub enum QuestionKind {
    /// One line, at most [`QuestionKind::SHORT_TEXT_MAX_CHARS`].
    ShortText,
    /// Several lines, at most [`QuestionKind::LONG_TEXT_MAX_CHARS`].
    LongText,
    /// Exactly one of the options.
    SingleChoice(ChoiceOptions),
    /// Any of the options, each ticked or not; stored as the ticked ones in order.
    Checkboxes(ChoiceOptions),
    /// A calendar date, stored as `2027-05-01`.
    Date,
    /// A telephone number: digits with an optional leading `+`, spaces, dots, dashes and
    /// brackets.
    Phone,
}

impl QuestionKind {
    pub const SHORT_TEXT_MAX_CHARS: usize = 200;
    pub const LONG_TEXT_MAX_CHARS: usize = 2000;

    /// The kinds a question form offers, as (form value, label).
    pub const FORM_CHOICES: [(&'static str, &'static str); 6] = [
        ("short_text", "Short text"),
        ("long_text", "Long text"),
        ("single_choice", "Single choice"),
        ("checkboxes", "Checkboxes"),
        ("date", "Date"),
        ("phone", "Phone number"),
    ];
    /// The digits a phone number has at least and at most (E.164 allows 15; extensions more).
    pub const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 5..=20;

    pub fn as_str(&self) -> &'static str {
        match self {
            QuestionKind::ShortText => "short_text",
            QuestionKind::LongText => "long_text",
            QuestionKind::SingleChoice(_) => "single_choice",
            QuestionKind::Checkboxes(_) => "checkboxes",
            QuestionKind::Date => "date",
            QuestionKind::Phone => "phone",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            QuestionKind::ShortText => "Short text",
            QuestionKind::LongText => "Long text",
            QuestionKind::SingleChoice(_) => "Single choice",
            QuestionKind::Checkboxes(_) => "Checkboxes",
            QuestionKind::Date => "Date",
            QuestionKind::Phone => "Phone number",
        }
    }

    /// The options of a single choice or of checkboxes.
    pub fn options(&self) -> Option<&ChoiceOptions> {
        match self {
            QuestionKind::SingleChoice(options) | QuestionKind::Checkboxes(options) => {
                Some(options)
            }
            _ => None,
        }
    }

    /// Parses the kind and, for a single choice or checkboxes, its options; the options textarea
    /// is ignored for the other kinds, because the form keeps it filled in when the instructor switches kind.
    pub fn parse(
        kind_field: &str,
        kind: &str,
        options_field: &str,
        options: &str,
    ) -> Result<Self, FieldError> {
        match kind.trim().to_ascii_lowercase().as_str() {
            "short_text" => Ok(QuestionKind::ShortText),
            "long_text" => Ok(QuestionKind::LongText),
            "single_choice" => {
                ChoiceOptions::parse(options_field, options).map(QuestionKind::SingleChoice)
            }
            "checkboxes" => {
                ChoiceOptions::parse(options_field, options).map(QuestionKind::Checkboxes)
            }
            "date" => Ok(QuestionKind::Date),
            "phone" => Ok(QuestionKind::Phone),
            _ => Err(FieldError::new(
                kind_field,
                "Choose short text, long text, single choice, checkboxes, date or phone number.",
            )),
        }
    }
}

/// The booking form sends each ticked box of a checkboxes question as an answer of its own,
/// under a number past every question's index: `TICK_KEYS * (option + 1) + question`. The
/// form's answers then stay one flat map of numbers, which keeps the phone's code small.
pub const TICK_KEYS: usize = 100;

/// The answer key of a ticked box: option `option` of question `question`.
pub fn tick_key(question: usize, option: usize) -> usize {
    TICK_KEYS * (option + 1) + question
}

/// The (question, option) a key names when it is a ticked box's.
pub fn tick_of_key(key: usize) -> Option<(usize, usize)> {
    (key >= TICK_KEYS).then(|| (key % TICK_KEYS, key / TICK_KEYS - 1))
}

/// One question of a session type's booking form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RegistrationQuestion {
    pub prompt: QuestionPrompt,
    pub kind: QuestionKind,
    pub required: bool,
}

impl RegistrationQuestion {
    /// Parses the question at `index` of the form; fields are named `questions[{index}].prompt`,
    /// `questions[{index}].kind` and `questions[{index}].options`.
    pub fn parse(
        index: usize,
        prompt: &str,
        kind: &str,
        options: &str,
        required: bool,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let prompt = errors.take(QuestionPrompt::parse(
            &format!("questions[{index}].prompt"),
            prompt,
        ));
        let kind = errors.take(QuestionKind::parse(
            &format!("questions[{index}].kind"),
            kind,
            &format!("questions[{index}].options"),
            options,
        ));
        match (prompt, kind) {
            (Some(prompt), Some(kind)) => Ok(Self {
                prompt,
                kind,
                required,
            }),
            _ => Err(errors),
        }
    }
}

/// A question as typed in the session type form, before parsing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationQuestionInput {
    pub prompt: String,
    /// `short_text`, `long_text` or `single_choice`.
    pub kind: String,
    /// One option per line; read only for `single_choice`.
    pub options: String,
    pub required: bool,
}

/// The questions of a session type, in the order students see them: at most 10.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    try_from = "Vec<RegistrationQuestion>",
    into = "Vec<RegistrationQuestion>"
)]
pub struct RegistrationQuestions(Vec<RegistrationQuestion>);

impl RegistrationQuestions {
    pub const MAX: usize = 10;

    pub fn new(questions: Vec<RegistrationQuestion>) -> Result<Self, FieldError> {
        if questions.len() > Self::MAX {
            return Err(too_many_questions(questions.len()));
        }
        Ok(Self(questions))
    }

    /// Parses every question of the form and reports all problems at once.
    pub fn parse(inputs: &[RegistrationQuestionInput]) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        if inputs.len() > Self::MAX {
            errors.push(too_many_questions(inputs.len()));
        }
        let mut questions = Vec::with_capacity(inputs.len());
        for (index, input) in inputs.iter().enumerate() {
            match RegistrationQuestion::parse(
                index,
                &input.prompt,
                &input.kind,
                &input.options,
                input.required,
            ) {
                Ok(question) => questions.push(question),
                Err(question_errors) => errors.0.extend(question_errors.0),
            }
        }
        errors.into_result().map(|()| Self(questions))
    }

    pub fn as_slice(&self) -> &[RegistrationQuestion] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// These questions, then `more`: what a booking form asks when a questionnaire of the
    /// library (these) is attached to a type with questions of its own (`more`).
    pub fn followed_by(&self, more: &Self) -> Self {
        Self(self.0.iter().chain(&more.0).cloned().collect())
    }
}

fn too_many_questions(count: usize) -> FieldError {
    FieldError::new(
        "questions",
        format!(
            "Ask at most {} questions (there are {count}).",
            RegistrationQuestions::MAX
        ),
    )
}

impl TryFrom<Vec<RegistrationQuestion>> for RegistrationQuestions {
    type Error = FieldError;
    fn try_from(questions: Vec<RegistrationQuestion>) -> Result<Self, Self::Error> {
        Self::new(questions)
    }
}

impl From<RegistrationQuestions> for Vec<RegistrationQuestion> {
    fn from(value: RegistrationQuestions) -> Vec<RegistrationQuestion> {
        value.0
    }
}

/// A question's prompt as it read at booking time, and the student's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "AnswerParts")]
pub struct Answer {
    prompt: String,
    value: String,
}

/// A stored answer, checked on the way in. The question may have changed since the booking,
/// so only what holds for every answer is checked: a valid prompt and a non-blank value.
#[derive(Deserialize)]
struct AnswerParts {
    prompt: String,
    value: String,
}

impl TryFrom<AnswerParts> for Answer {
    type Error = FieldError;
    fn try_from(parts: AnswerParts) -> Result<Self, Self::Error> {
        let prompt = QuestionPrompt::parse("prompt", &parts.prompt)?;
        let value = parts.value.trim();
        let length = value.chars().count();
        let allowed = |c: char| !c.is_control() || c == '\n' || c == '\t';
        if value.is_empty()
            || length > QuestionKind::LONG_TEXT_MAX_CHARS
            || !value.chars().all(allowed)
        {
            return Err(FieldError::new(
                "value",
                format!(
                    "The stored answer to \"{prompt}\" is blank, too long or has control characters."
                ),
            ));
        }
        Ok(Self {
            prompt: prompt.as_str().to_owned(),
            value: value.to_owned(),
        })
    }
}

impl Answer {
    pub fn prompt(&self) -> &str {
        &self.prompt
    }

    pub fn value(&self) -> &str {
        &self.value
    }
}

/// A student's answers in question order; optional questions left blank are absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers(Vec<Answer>);

impl Answers {
    /// Checks answers given as (question index, text); fields are named `answers[{index}]`.
    /// Every answer is trimmed, and a blank answer counts as unanswered.
    pub fn parse(
        questions: &RegistrationQuestions,
        raw: &[(usize, String)],
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut given: Vec<Option<String>> = vec![None; questions.len()];
        for (index, text) in raw {
            let field = format!("answers[{index}]");
            let ticks = matches!(
                questions
                    .as_slice()
                    .get(*index)
                    .map(|question| &question.kind),
                Some(QuestionKind::Checkboxes(_))
            );
            match given.get_mut(*index) {
                None => errors.push(FieldError::new(
                    field,
                    "This answer is for a question that no longer exists; reload the page and try again.",
                )),
                // Each ticked box of a checkboxes question is sent on its own.
                Some(Some(earlier)) if ticks => {
                    earlier.push('\n');
                    earlier.push_str(text);
                }
                Some(Some(_)) => {
                    errors.push(FieldError::new(field, "This question was answered twice."));
                }
                Some(slot) => *slot = Some(text.clone()),
            }
        }
        let mut answers = Vec::new();
        for (index, (question, text)) in questions.as_slice().iter().zip(given).enumerate() {
            let field = format!("answers[{index}]");
            let lines = match question.kind {
                QuestionKind::LongText | QuestionKind::Checkboxes(_) => Lines::Multiple,
                _ => Lines::Single,
            };
            let label = format!("The answer to \"{}\"", question.prompt);
            let text = match text.map(|text| cleaned(&field, &label, &text, lines)) {
                Some(Err(error)) => {
                    errors.push(error);
                    continue;
                }
                Some(Ok(text)) => Some(text).filter(|text| has_visible_characters(text)),
                None => None,
            };
            let Some(text) = text.as_deref() else {
                if question.required {
                    errors.push(FieldError::new(
                        field,
                        format!("\"{}\" is required.", question.prompt),
                    ));
                }
                continue;
            };
            if let Some(value) = errors.take(answer_value(&field, question, text)) {
                answers.push(Answer {
                    prompt: question.prompt.as_str().to_owned(),
                    value,
                });
            }
        }
        errors.into_result().map(|()| Self(answers))
    }

    pub fn as_slice(&self) -> &[Answer] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Checks one trimmed, non-blank answer against its question.
fn answer_value(
    field: &str,
    question: &RegistrationQuestion,
    text: &str,
) -> Result<String, FieldError> {
    let prompt = question.prompt.as_str();
    let too_long = |max: usize, length: usize| {
        FieldError::new(
            field,
            format!(
                "The answer to \"{prompt}\" must be at most {max} characters (it has {length})."
            ),
        )
    };
    let control_characters = || {
        FieldError::new(
            field,
            format!("The answer to \"{prompt}\" cannot contain control characters."),
        )
    };
    match &question.kind {
        QuestionKind::ShortText => {
            if text.contains(['\n', '\r']) {
                return Err(FieldError::new(
                    field,
                    format!("The answer to \"{prompt}\" must be a single line."),
                ));
            }
            if text.chars().any(char::is_control) {
                return Err(control_characters());
            }
            let length = text.chars().count();
            if length > QuestionKind::SHORT_TEXT_MAX_CHARS {
                return Err(too_long(QuestionKind::SHORT_TEXT_MAX_CHARS, length));
            }
            Ok(text.to_owned())
        }
        QuestionKind::LongText => {
            // Browsers send textarea line breaks as CRLF; one kind of line break is stored.
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            if text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
            {
                return Err(control_characters());
            }
            let length = text.chars().count();
            if length > QuestionKind::LONG_TEXT_MAX_CHARS {
                return Err(too_long(QuestionKind::LONG_TEXT_MAX_CHARS, length));
            }
            Ok(text)
        }
        QuestionKind::SingleChoice(options) => {
            if options.contains(text) {
                Ok(text.to_owned())
            } else {
                Err(FieldError::new(
                    field,
                    format!("Choose one of the options for \"{prompt}\"."),
                ))
            }
        }
        QuestionKind::Checkboxes(options) => {
            let ticked: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .collect();
            if let Some(unknown) = ticked.iter().find(|tick| !options.contains(tick)) {
                return Err(FieldError::new(
                    field,
                    format!("\"{unknown}\" is not one of the options for \"{prompt}\"."),
                ));
            }
            // Stored in the options' order, each once, however the browser sent them.
            Ok(options
                .as_slice()
                .iter()
                .filter(|option| ticked.contains(&option.as_str()))
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", "))
        }
        QuestionKind::Date => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(|date| date.format("%Y-%m-%d").to_string())
            .map_err(|_| {
                FieldError::new(
                    field,
                    format!("Give a date for \"{prompt}\", such as 2027-05-01."),
                )
            }),
        QuestionKind::Phone => {
            let digits = text.chars().filter(char::is_ascii_digit).count();
            let allowed = |(position, character): (usize, char)| {
                character.is_ascii_digit()
                    || matches!(character, ' ' | '.' | '-' | '(' | ')')
                    || (character == '+' && position == 0)
            };
            if text.chars().enumerate().all(allowed) && QuestionKind::PHONE_DIGITS.contains(&digits)
            {
                Ok(text.to_owned())
            } else {
                Err(FieldError::new(
                    field,
                    format!(
                        "Give a phone number for \"{prompt}\": {} to {} digits, with an optional + in front.",
                        QuestionKind::PHONE_DIGITS.start(),
                        QuestionKind::PHONE_DIGITS.end()
                    ),
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(prompt: &str, kind: &str, options: &str, required: bool) -> RegistrationQuestion {
        RegistrationQuestion::parse(0, prompt, kind, options, required).unwrap()
    }

    fn form() -> RegistrationQuestions {
        RegistrationQuestions::new(vec![
            question("What should we call you?", "short_text", "", true),
            question("Anything we should know?", "long_text", "", false),
            question(
                "Your level",
                "single_choice",
                "Beginner\nIntermediate\nAdvanced",
                true,
            ),
        ])
        .unwrap()
    }

    fn answers(raw: &[(usize, &str)]) -> Result<Answers, FieldErrors> {
        let raw: Vec<(usize, String)> = raw
            .iter()
            .map(|(index, text)| (*index, (*text).to_owned()))
            .collect();
        Answers::parse(&form(), &raw)
    }

    #[test]
    fn a_prompt_is_trimmed_and_limited_to_200_characters() {
        assert_eq!(
            QuestionPrompt::parse("prompt", "  Have you played before? ")
                .unwrap()
                .as_str(),
            "Have you played before?"
        );
        assert!(QuestionPrompt::parse("prompt", &"é".repeat(200)).is_ok());
        assert_eq!(
            QuestionPrompt::parse("prompt", &"é".repeat(201))
                .unwrap_err()
                .message,
            "Question must be at most 200 characters (it has 201)."
        );
        assert_eq!(
            QuestionPrompt::parse("prompt", " ").unwrap_err().message,
            "Question is required."
        );
    }

    #[test]
    fn options_are_read_one_per_line_ignoring_blank_lines_and_surrounding_spaces() {
        let options =
            ChoiceOptions::parse("options", "\r\n  Beginner \r\n\r\n Advanced\n\n").unwrap();
        assert_eq!(options.as_slice(), ["Beginner", "Advanced"]);
        assert_eq!(options.to_textarea(), "Beginner\nAdvanced");
    }

    #[test]
    fn a_duplicate_option_is_refused_ignoring_case_and_named() {
        let error = ChoiceOptions::parse("options", "Beginner\nAdvanced\nBEGINNER").unwrap_err();
        assert_eq!(
            error.message,
            "\"BEGINNER\" is listed twice (as \"Beginner\"); each option must be different."
        );
    }

    #[test]
    fn fewer_than_two_options_are_refused() {
        assert_eq!(
            ChoiceOptions::parse("options", "Only one")
                .unwrap_err()
                .message,
            "Give at least 2 options, one per line (there is 1)."
        );
        assert_eq!(
            ChoiceOptions::parse("options", "\n \n")
                .unwrap_err()
                .message,
            "Give at least 2 options, one per line (there are none)."
        );
    }

    #[test]
    fn twenty_options_are_accepted_and_twenty_one_are_not() {
        let list = |n: usize| {
            (1..=n)
                .map(|i| format!("Option {i}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(
            ChoiceOptions::parse("options", &list(20))
                .unwrap()
                .as_slice()
                .len(),
            20
        );
        assert_eq!(
            ChoiceOptions::parse("options", &list(21))
                .unwrap_err()
                .message,
            "Give at most 20 options (there are 21)."
        );
    }

    #[test]
    fn an_option_over_100_characters_is_refused_with_its_position() {
        let raw = format!("Short\n\n{}", "x".repeat(101));
        assert_eq!(
            ChoiceOptions::parse("options", &raw).unwrap_err().message,
            "Option 2 must be at most 100 characters (it has 101)."
        );
    }

    #[test]
    fn a_question_form_reports_every_bad_field_under_its_index() {
        let errors = RegistrationQuestion::parse(3, "", "dropdown", "a\nb", true).unwrap_err();
        assert_eq!(
            errors.message_for("questions[3].prompt"),
            Some("Question is required.")
        );
        assert_eq!(
            errors.message_for("questions[3].kind"),
            Some("Choose short text, long text, single choice, checkboxes, date or phone number.")
        );
        let errors =
            RegistrationQuestion::parse(1, "Level?", "single_choice", "a", false).unwrap_err();
        assert!(errors.message_for("questions[1].options").is_some());
    }

    #[test]
    fn options_typed_for_a_text_question_are_ignored() {
        let question = question("Name?", "short_text", "left over\nfrom a choice", false);
        assert_eq!(question.kind, QuestionKind::ShortText);
    }

    #[test]
    fn kinds_parse_from_the_values_they_are_shown_with() {
        for (value, label) in QuestionKind::FORM_CHOICES {
            let kind = QuestionKind::parse("kind", value, "options", "Yes\nNo").unwrap();
            assert_eq!(kind.as_str(), value);
            assert_eq!(kind.label(), label);
        }
    }

    #[test]
    fn at_most_ten_questions_are_asked() {
        let inputs = |n: usize| {
            vec![
                RegistrationQuestionInput {
                    prompt: "Why?".into(),
                    kind: "short_text".into(),
                    ..RegistrationQuestionInput::default()
                };
                n
            ]
        };
        assert_eq!(RegistrationQuestions::parse(&inputs(10)).unwrap().len(), 10);
        assert_eq!(
            RegistrationQuestions::parse(&inputs(11))
                .unwrap_err()
                .message_for("questions"),
            Some("Ask at most 10 questions (there are 11).")
        );
    }

    #[test]
    fn parsing_a_whole_question_form_reports_each_question_by_its_index() {
        let inputs = [
            RegistrationQuestionInput {
                prompt: "Fine".into(),
                kind: "long_text".into(),
                ..RegistrationQuestionInput::default()
            },
            RegistrationQuestionInput {
                prompt: "Level".into(),
                kind: "single_choice".into(),
                options: "Beginner\nbeginner".into(),
                required: true,
            },
        ];
        let errors = RegistrationQuestions::parse(&inputs).unwrap_err();
        assert_eq!(errors.0.len(), 1);
        assert!(errors.message_for("questions[1].options").is_some());
    }

    #[test]
    fn stored_questions_round_trip_through_json() {
        let questions = form();
        let json = serde_json::to_string(&questions).unwrap();
        assert!(
            json.contains(r#""kind":"single_choice","options":["Beginner""#),
            "{json}"
        );
        assert!(json.contains(r#""kind":{"kind":"short_text"}"#), "{json}");
        let back: RegistrationQuestions = serde_json::from_str(&json).unwrap();
        assert_eq!(back, questions);
    }

    #[test]
    fn invalid_stored_questions_do_not_deserialize() {
        let one_option = r#"[{"prompt":"Level","kind":{"kind":"single_choice","options":["A"]},"required":true}]"#;
        assert!(serde_json::from_str::<RegistrationQuestions>(one_option).is_err());
        let empty_prompt = r#"[{"prompt":" ","kind":{"kind":"long_text"},"required":false}]"#;
        assert!(serde_json::from_str::<RegistrationQuestions>(empty_prompt).is_err());
        let blank_option = r#"{"kind":"single_choice","options":["A","","B"]}"#;
        assert!(serde_json::from_str::<QuestionKind>(blank_option).is_err());
        let eleven = format!(
            "[{}]",
            [r#"{"prompt":"Why?","kind":{"kind":"short_text"},"required":false}"#; 11].join(",")
        );
        assert!(serde_json::from_str::<RegistrationQuestions>(&eleven).is_err());
    }

    #[test]
    fn answers_are_kept_in_question_order_with_their_prompts() {
        let answers = answers(&[(2, " Advanced "), (0, "Ada"), (1, "Bad knee")]).unwrap();
        let pairs: Vec<(&str, &str)> = answers
            .as_slice()
            .iter()
            .map(|answer| (answer.prompt(), answer.value()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("What should we call you?", "Ada"),
                ("Anything we should know?", "Bad knee"),
                ("Your level", "Advanced"),
            ]
        );
    }

    #[test]
    fn an_unanswered_optional_question_is_absent() {
        let answers = answers(&[(0, "Ada"), (1, "   "), (2, "Beginner")]).unwrap();
        assert_eq!(answers.as_slice().len(), 2);
        assert!(
            answers
                .as_slice()
                .iter()
                .all(|answer| answer.prompt() != "Anything we should know?")
        );
    }

    #[test]
    fn an_unanswered_required_question_is_refused_naming_its_prompt() {
        let errors = answers(&[(0, " ")]).unwrap_err();
        assert_eq!(
            errors.message_for("answers[0]"),
            Some("\"What should we call you?\" is required.")
        );
        assert_eq!(
            errors.message_for("answers[2]"),
            Some("\"Your level\" is required.")
        );
        assert_eq!(errors.message_for("answers[1]"), None);
    }

    #[test]
    fn a_short_answer_is_one_line_of_at_most_200_characters() {
        let errors = answers(&[(0, "Ada\nLovelace"), (2, "Beginner")]).unwrap_err();
        assert_eq!(
            errors.message_for("answers[0]"),
            Some("The answer to \"What should we call you?\" must be a single line.")
        );
        assert!(answers(&[(0, &"x".repeat(200)), (2, "Beginner")]).is_ok());
        let errors = answers(&[(0, &"x".repeat(201)), (2, "Beginner")]).unwrap_err();
        assert!(
            errors
                .message_for("answers[0]")
                .is_some_and(|message| message.contains("at most 200 characters (it has 201)"))
        );
    }

    #[test]
    fn a_long_answer_keeps_its_lines_and_is_at_most_2000_characters() {
        let answers_given =
            answers(&[(0, "Ada"), (1, "Line one\r\nLine two"), (2, "Beginner")]).unwrap();
        assert_eq!(answers_given.as_slice()[1].value(), "Line one\nLine two");
        assert!(answers(&[(0, "Ada"), (1, &"x".repeat(2000)), (2, "Beginner")]).is_ok());
        let errors = answers(&[(0, "Ada"), (1, &"x".repeat(2001)), (2, "Beginner")]).unwrap_err();
        assert!(
            errors
                .message_for("answers[1]")
                .is_some_and(|message| message.contains("at most 2000 characters (it has 2001)"))
        );
        let errors = answers(&[(0, "Ada"), (1, "bell\u{7}"), (2, "Beginner")]).unwrap_err();
        assert!(errors.message_for("answers[1]").is_some());
    }

    #[test]
    fn a_choice_must_be_exactly_one_of_the_options() {
        let errors = answers(&[(0, "Ada"), (2, "beginner")]).unwrap_err();
        assert_eq!(
            errors.message_for("answers[2]"),
            Some("Choose one of the options for \"Your level\".")
        );
        assert!(answers(&[(0, "Ada"), (2, "Expert")]).is_err());
    }

    #[test]
    fn an_answer_to_an_unknown_question_is_refused() {
        let errors = answers(&[(0, "Ada"), (2, "Beginner"), (7, "Hello")]).unwrap_err();
        assert!(errors.message_for("answers[7]").is_some());
        assert_eq!(errors.0.len(), 1);
    }

    #[test]
    fn a_question_answered_twice_is_refused() {
        let errors = answers(&[(0, "Ada"), (0, "Grace"), (2, "Beginner")]).unwrap_err();
        assert_eq!(
            errors.message_for("answers[0]"),
            Some("This question was answered twice.")
        );
    }

    #[test]
    fn a_session_type_without_questions_takes_no_answers() {
        let none = RegistrationQuestions::default();
        assert!(Answers::parse(&none, &[]).unwrap().is_empty());
        assert!(Answers::parse(&none, &[(0, "Hi".to_owned())]).is_err());
    }

    #[test]
    fn answers_round_trip_through_json() {
        let given = answers(&[(0, "Ada"), (2, "Advanced")]).unwrap();
        let json = serde_json::to_string(&given).unwrap();
        assert_eq!(
            json,
            r#"[{"prompt":"What should we call you?","value":"Ada"},{"prompt":"Your level","value":"Advanced"}]"#
        );
        assert_eq!(serde_json::from_str::<Answers>(&json).unwrap(), given);
    }

    #[test]
    fn a_stored_answer_without_a_prompt_or_a_value_does_not_deserialize() {
        assert!(serde_json::from_str::<Answers>(r#"[{"prompt":"","value":"Ada"}]"#).is_err());
        assert!(serde_json::from_str::<Answers>(r#"[{"prompt":"Name","value":" "}]"#).is_err());
    }

    fn photo_form() -> RegistrationQuestions {
        RegistrationQuestions::new(vec![
            question(
                "Who is in the photo?",
                "checkboxes",
                "Parents\nChildren\nPets",
                true,
            ),
            question("Birthday of the youngest", "date", "", false),
            question("Mobile", "phone", "", false),
        ])
        .unwrap()
    }

    fn photo_answers(raw: &[(usize, &str)]) -> Result<Answers, FieldErrors> {
        let raw: Vec<(usize, String)> = raw
            .iter()
            .map(|(index, text)| (*index, (*text).to_owned()))
            .collect();
        Answers::parse(&photo_form(), &raw)
    }

    #[test]
    fn each_ticked_checkbox_is_kept_once_in_the_order_of_the_options() {
        let given = photo_answers(&[(0, "Pets"), (0, "Parents"), (0, "Pets")]).unwrap();
        assert_eq!(given.as_slice()[0].value(), "Parents, Pets");
    }

    #[test]
    fn a_required_checkboxes_question_needs_one_tick_and_only_its_own_options() {
        assert_eq!(
            photo_answers(&[]).unwrap_err().message_for("answers[0]"),
            Some("\"Who is in the photo?\" is required.")
        );
        assert_eq!(
            photo_answers(&[(0, "Parents"), (0, "Grandparents")])
                .unwrap_err()
                .message_for("answers[0]"),
            Some("\"Grandparents\" is not one of the options for \"Who is in the photo?\".")
        );
    }

    #[test]
    fn a_date_answer_is_a_calendar_date() {
        let given = photo_answers(&[(0, "Children"), (1, "2019-02-28")]).unwrap();
        assert_eq!(given.as_slice()[1].value(), "2019-02-28");
        assert_eq!(
            photo_answers(&[(0, "Children"), (1, "2019-02-30")])
                .unwrap_err()
                .message_for("answers[1]"),
            Some("Give a date for \"Birthday of the youngest\", such as 2027-05-01.")
        );
    }

    #[test]
    fn a_phone_answer_has_digits_and_only_phone_punctuation() {
        let given = photo_answers(&[(0, "Children"), (2, "+1 (555) 010-9999")]).unwrap();
        assert_eq!(given.as_slice()[1].value(), "+1 (555) 010-9999");
        for bad in ["call me", "12", "555+1234", "+1 555 0199 ext. 9"] {
            assert_eq!(
                photo_answers(&[(0, "Children"), (2, bad)])
                    .unwrap_err()
                    .message_for("answers[2]"),
                Some(
                    "Give a phone number for \"Mobile\": 5 to 20 digits, with an optional + in front."
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_new_kinds_are_stored_by_name() {
        let json = serde_json::to_string(&photo_form()).unwrap();
        assert!(json.contains(r#""kind":"checkboxes","options":["Parents","Children","Pets"]"#));
        assert!(json.contains(r#""kind":"date""#));
        assert_eq!(
            serde_json::from_str::<RegistrationQuestions>(&json).unwrap(),
            photo_form()
        );
    }

    #[test]
    fn a_ticked_box_has_a_key_past_every_question_that_reads_back() {
        assert_eq!(tick_key(3, 0), 103);
        assert_eq!(tick_key(19, 2), 319);
        assert_eq!(tick_of_key(319), Some((19, 2)));
        assert_eq!(tick_of_key(19), None, "a question's own answer");
        let most = RegistrationQuestions::MAX * 2;
        assert!(
            most < TICK_KEYS,
            "a questionnaire and a type's questions stay below"
        );
    }

    #[test]
    fn a_questionnaire_is_asked_before_the_types_own_questions() {
        let asked = photo_form().followed_by(&form());
        assert_eq!(asked.len(), 6);
        assert_eq!(
            asked.as_slice()[3].prompt.as_str(),
            "What should we call you?"
        );
    }
}
