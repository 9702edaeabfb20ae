//! The studio's library of forms (seed 003): contracts clients sign and questionnaires they
//! answer when they book, each written once and attached to any number of session types and
//! minis.
//!
//! A contract is a titled text with placeholders for the booking it is signed for. The client
//! signs by typing their full name and ticking that they agree; what they signed is kept word
//! for word with the booking, so later edits of the library's contract never change it.

use crate::questions::{RegistrationQuestionInput, RegistrationQuestions};
use crate::templates::{Placeholder, TemplateText};
use crate::text::{FormTitle, Lines, PersonName, cleaned, has_visible_characters};
use crate::{FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

/// What a contract may name, filled in from the booking it is signed for.
///
/// No price: it depends on the package picked after the contract is read, and the client signs
/// exactly the text they read.
pub const CONTRACT_PLACEHOLDERS: [Placeholder; 7] = [
    Placeholder::StudentName,
    Placeholder::SessionName,
    Placeholder::StudioName,
    Placeholder::Start,
    Placeholder::Date,
    Placeholder::Time,
    Placeholder::Location,
];

/// A contract's text as written, with its placeholders checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ContractBody(TemplateText);

impl ContractBody {
    pub const MAX_CHARS: usize = 20_000;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let text = cleaned(field, "The contract", raw, Lines::Multiple)?;
        if !has_visible_characters(&text) {
            return Err(FieldError::new(field, "Write the contract's text."));
        }
        let length = text.chars().count();
        if length > Self::MAX_CHARS {
            return Err(FieldError::new(
                field,
                format!(
                    "Keep the contract under {} characters (it has {length}).",
                    Self::MAX_CHARS
                ),
            ));
        }
        TemplateText::parse_naming(field, &text, &CONTRACT_PLACEHOLDERS).map(Self)
    }

    /// The text as written, placeholders and all.
    pub fn source(&self) -> &str {
        self.0.source()
    }

    /// The text a client reads and signs: each placeholder replaced by its value.
    pub fn filled(&self, value: impl Fn(Placeholder) -> String) -> String {
        self.0.render(value)
    }
}

impl TryFrom<String> for ContractBody {
    type Error = FieldError;
    fn try_from(raw: String) -> Result<Self, FieldError> {
        Self::parse("body", &raw)
    }
}

impl From<ContractBody> for String {
    fn from(body: ContractBody) -> Self {
        body.source().to_owned()
    }
}

/// A contract of the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contract {
    pub title: FormTitle,
    pub body: ContractBody,
}

impl Contract {
    /// The editor's `title` and `body`, each mistake named by its field.
    pub fn parse(title: &str, body: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.take(FormTitle::parse("title", title));
        let body = errors.take(ContractBody::parse("body", body));
        match (title, body) {
            (Some(title), Some(body)) => Ok(Self { title, body }),
            _ => Err(errors),
        }
    }
}

/// A questionnaire of the library: questions asked at booking, before a type's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub title: FormTitle,
    pub questions: RegistrationQuestions,
}

impl Questionnaire {
    /// The editor's title and questions, every mistake named by its field.
    pub fn parse(
        title: &str,
        questions: &[RegistrationQuestionInput],
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.take(FormTitle::parse("title", title));
        let questions = errors.take_all(RegistrationQuestions::parse(questions));
        if questions
            .as_ref()
            .is_some_and(RegistrationQuestions::is_empty)
        {
            errors.push(FieldError::new(
                "questions",
                "Add at least one question to the questionnaire.",
            ));
        }
        match (title, questions) {
            (Some(title), Some(questions)) if errors.is_empty() => Ok(Self { title, questions }),
            _ => Err(errors),
        }
    }
}

/// Which of the two a form of the library is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    Contract,
    Questionnaire,
}

impl FormKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FormKind::Contract => "contract",
            FormKind::Questionnaire => "questionnaire",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "contract" => Some(FormKind::Contract),
            "questionnaire" => Some(FormKind::Questionnaire),
            _ => None,
        }
    }
}

/// A form of the studio's library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LibraryForm {
    Contract(Contract),
    Questionnaire(Questionnaire),
}

impl LibraryForm {
    pub fn title(&self) -> &FormTitle {
        match self {
            LibraryForm::Contract(contract) => &contract.title,
            LibraryForm::Questionnaire(questionnaire) => &questionnaire.title,
        }
    }

    pub fn kind(&self) -> FormKind {
        match self {
            LibraryForm::Contract(_) => FormKind::Contract,
            LibraryForm::Questionnaire(_) => FormKind::Questionnaire,
        }
    }
}

/// The library's contract and questionnaire a session type asks for at booking, by id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachedForms {
    pub contract: Option<i64>,
    pub questionnaire: Option<i64>,
}

impl AttachedForms {
    /// The session type form's `contract_id` and `questionnaire_id` selects: blank for none.
    pub fn parse(contract: &str, questionnaire: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let contract = errors.take(library_choice("contract_id", "contract", contract));
        let questionnaire = errors.take(library_choice(
            "questionnaire_id",
            "questionnaire",
            questionnaire,
        ));
        match (contract, questionnaire) {
            (Some(contract), Some(questionnaire)) => Ok(Self {
                contract,
                questionnaire,
            }),
            _ => Err(errors),
        }
    }
}

fn library_choice(field: &str, what: &str, raw: &str) -> Result<Option<i64>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<i64>() {
        Ok(id) if id > 0 => Ok(Some(id)),
        _ => Err(FieldError::new(
            field,
            format!("Choose a {what} of your library, or none."),
        )),
    }
}

/// A client's signature of a contract: their full name as typed, and their agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub name: PersonName,
}

impl Signature {
    /// The booking form's field with the typed name; its errors go under this name too.
    pub const NAME_FIELD: &'static str = "contract_name";
    /// The booking form's "I agree" checkbox.
    pub const AGREED_FIELD: &'static str = "contract_agreed";

    /// A typed full name and a ticked box; what is missing is said in one message, under
    /// the name's field.
    pub fn parse(name: &str, agreed: bool) -> Result<Self, FieldError> {
        let field = Self::NAME_FIELD;
        let missing = |what: &str| FieldError::new(field, format!("{what} to sign the contract."));
        match (name.trim().is_empty(), agreed) {
            (true, false) => Err(missing("Type your full name and tick the box")),
            (true, true) => Err(missing("Type your full name")),
            (false, false) => Err(missing("Tick the box")),
            (false, true) => Ok(Self {
                name: PersonName::parse(field, name)?,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(placeholder: Placeholder) -> String {
        match placeholder {
            Placeholder::StudentName => "Ada Lovelace".to_owned(),
            Placeholder::SessionName => "Fall Minis".to_owned(),
            Placeholder::Date => "Saturday 3 October 2026".to_owned(),
            other => format!("[{}]", other.name()),
        }
    }

    #[test]
    fn a_contract_is_filled_in_for_the_booking_it_is_signed_for() {
        let contract = Contract::parse(
            " Model release ",
            "I, {student_name}, book {session_name} on {date}.\r\nPhotos may be shared.",
        )
        .expect("valid");
        assert_eq!(contract.title.as_str(), "Model release");
        assert_eq!(
            contract.body.filled(values),
            "I, Ada Lovelace, book Fall Minis on Saturday 3 October 2026.\nPhotos may be shared."
        );
        assert_eq!(
            contract.body.source(),
            "I, {student_name}, book {session_name} on {date}.\nPhotos may be shared."
        );
    }

    #[test]
    fn a_contract_naming_an_email_only_placeholder_is_refused_with_the_ones_it_may_use() {
        let errors = Contract::parse("Release", "See {manage_link}").unwrap_err();
        assert_eq!(
            errors.message_for("body"),
            Some(
                "There is no placeholder {manage_link}. Use one of {student_name}, \
                 {session_name}, {studio_name}, {start}, {date}, {time}, {location}."
            )
        );
    }

    #[test]
    fn a_contract_needs_a_title_and_a_text_within_the_limit() {
        let errors = Contract::parse(" ", " \n ").unwrap_err();
        assert_eq!(errors.message_for("title"), Some("Title is required."));
        assert_eq!(
            errors.message_for("body"),
            Some("Write the contract's text.")
        );
        let long = "a".repeat(ContractBody::MAX_CHARS + 1);
        assert_eq!(
            Contract::parse("Release", &long)
                .unwrap_err()
                .message_for("body"),
            Some("Keep the contract under 20000 characters (it has 20001).")
        );
    }

    #[test]
    fn a_stored_contract_reads_back_as_written() {
        let contract = Contract::parse("Release", "Signed by {student_name}.").unwrap();
        let json = serde_json::to_string(&contract).unwrap();
        assert_eq!(serde_json::from_str::<Contract>(&json).unwrap(), contract);
    }

    #[test]
    fn a_signature_needs_the_typed_name_and_the_ticked_box() {
        let signature = Signature::parse("  Ada Lovelace ", true).unwrap();
        assert_eq!(signature.name.as_str(), "Ada Lovelace");
        let message = |name: &str, agreed: bool| Signature::parse(name, agreed).unwrap_err();
        assert_eq!(
            message("", false).message,
            "Type your full name and tick the box to sign the contract."
        );
        assert_eq!(
            message(" ", true).message,
            "Type your full name to sign the contract."
        );
        assert_eq!(
            message("Ada", false).message,
            "Tick the box to sign the contract."
        );
        assert_eq!(message("Ada", false).field, Signature::NAME_FIELD);
        assert_eq!(
            message(&"A".repeat(101), true).message,
            "Name must be at most 100 characters (it has 101)."
        );
    }

    #[test]
    fn attached_forms_are_chosen_by_id_or_left_out() {
        assert_eq!(
            AttachedForms::parse(" 7 ", "").unwrap(),
            AttachedForms {
                contract: Some(7),
                questionnaire: None
            }
        );
        let errors = AttachedForms::parse("seven", "-2").unwrap_err();
        assert_eq!(
            errors.message_for("contract_id"),
            Some("Choose a contract of your library, or none.")
        );
        assert_eq!(
            errors.message_for("questionnaire_id"),
            Some("Choose a questionnaire of your library, or none.")
        );
    }

    #[test]
    fn a_questionnaire_needs_a_title_and_at_least_one_question() {
        let errors = Questionnaire::parse("Family details", &[]).unwrap_err();
        assert_eq!(
            errors.message_for("questions"),
            Some("Add at least one question to the questionnaire.")
        );
        let questionnaire = Questionnaire::parse(
            "Family details",
            &[RegistrationQuestionInput {
                prompt: "Children's ages".to_owned(),
                kind: "short_text".to_owned(),
                options: String::new(),
                required: true,
            }],
        )
        .unwrap();
        assert_eq!(questionnaire.questions.len(), 1);
    }
}
