//! Session types: create, edit, duplicate, change status, share links; the form's wire types.

#[cfg(feature = "ssr")]
use super::server::{
    check_cover_belongs_to, instructor_view, owned_session_type, save_owned_session_type,
};
#[cfg(feature = "ssr")]
use crate::instructor::forms::server::check_forms_belong_to;
#[cfg(feature = "ssr")]
use crate::server::auth::require_studio;
#[cfg(feature = "ssr")]
use crate::server::convert;
#[cfg(feature = "ssr")]
use crate::server::state::app_state;
use crate::shared::views::SessionTypeView;

use crate::shared::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The session type form as submitted; the advanced fields may be left out (blank).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionTypeForm {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub duration_minutes: String,
    pub capacity: String,
    pub price: String,
    #[serde(default)]
    pub non_member_price: String,
    pub status: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub access_level: String,
    #[serde(default)]
    pub buffer_minutes: String,
    /// "15", "30", "60" or "duration".
    #[serde(default)]
    pub start_every_minutes: String,
    #[serde(default)]
    pub min_lead_hours: String,
    #[serde(default)]
    pub max_lead_days: String,
    #[serde(default)]
    pub max_per_day: String,
    /// Hours before the start until which students may cancel or reschedule themselves.
    #[serde(default)]
    pub change_cutoff_hours: String,
    /// Hours after booking within which a payment still due must arrive; blank: by the start.
    #[serde(default)]
    pub payment_due_hours: String,
    /// `full` or `retainer`: what a card payment takes at booking.
    #[serde(default)]
    pub card_collection: String,
    /// The retainer: an amount, or a percentage such as "25%".
    #[serde(default)]
    pub retainer: String,
    /// "Collect payment outside Bookable": `on` when ticked.
    #[serde(default)]
    pub collect_outside: String,
    /// Hours before the start until which a cancellation is refunded in full.
    #[serde(default)]
    pub full_refund_hours: String,
    /// `keep_retainer` or `keep_everything`: what a later cancellation gets back.
    #[serde(default)]
    pub late_refund: String,
    #[serde(default)]
    pub video_link: String,
    /// The stored name of an uploaded cover (from `/uploads/cover`), or blank for none.
    #[serde(default)]
    pub cover_image: String,
    /// Sent as `questions[0][prompt]`, `questions[0][kind]`… by the form.
    #[serde(default)]
    pub questions: Vec<QuestionForm>,
    /// Sent as `packages[0][name]`, `packages[0][price]`… by the form.
    #[serde(default)]
    pub packages: Vec<domain::packages::PackageInput>,
    /// The library's contract clients sign when they book; blank for none.
    #[serde(default)]
    pub contract_id: String,
    /// The library's questionnaire clients answer when they book; blank for none.
    #[serde(default)]
    pub questionnaire_id: String,
}

/// One registration question as the session type form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionForm {
    #[serde(default)]
    pub prompt: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub options: String,
    /// A ticked checkbox sends "on"; an unticked one sends nothing.
    #[serde(default)]
    pub required: Option<String>,
}

impl SessionTypeForm {
    /// The form a stored session type fills in.
    #[cfg(feature = "ssr")]
    pub fn of(spec: &domain::session_type::SessionTypeSpec) -> Self {
        use domain::session_type::Pricing;
        let (price, non_member_price) = match spec.pricing {
            Pricing::Flat(price) => (price.field_text(), String::new()),
            Pricing::MemberSplit { member, non_member } => {
                (member.field_text(), non_member.field_text())
            }
        };
        SessionTypeForm {
            name: spec.name.to_string(),
            description: spec.description.as_str().to_owned(),
            duration_minutes: spec.duration.minutes().to_string(),
            capacity: spec.capacity.seats().to_string(),
            price,
            non_member_price,
            status: spec.status.as_str().to_owned(),
            location: spec
                .location
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            access_level: spec
                .access_override
                .map(|level| level.as_str().to_owned())
                .unwrap_or_default(),
            buffer_minutes: spec.buffer.minutes().to_string(),
            start_every_minutes: spec.start_interval.form_value(),
            min_lead_hours: spec.min_lead.hours().to_string(),
            max_lead_days: spec.max_lead.days().to_string(),
            max_per_day: spec
                .max_per_day
                .limit()
                .map(|max| max.to_string())
                .unwrap_or_default(),
            change_cutoff_hours: spec.change_cutoff.hours().to_string(),
            payment_due_hours: spec
                .payment_window
                .map(|window| window.hours().to_string())
                .unwrap_or_default(),
            card_collection: spec.card_collection.choice().to_owned(),
            collect_outside: if spec.collect_outside { "on" } else { "" }.to_owned(),
            retainer: match spec.card_collection {
                domain::fees::CardCollection::Retainer(retainer) => retainer.field_text(),
                domain::fees::CardCollection::FullFee => String::new(),
            },
            full_refund_hours: spec.refund_policy.full_refund_hours.to_string(),
            late_refund: spec.refund_policy.late.as_str().to_owned(),
            cover_image: spec
                .cover_image
                .as_ref()
                .map(|cover| cover.as_str().to_owned())
                .unwrap_or_default(),
            video_link: spec
                .video_link
                .as_ref()
                .map(|link| link.as_str().to_owned())
                .unwrap_or_default(),
            questions: spec
                .questions
                .as_slice()
                .iter()
                .map(QuestionForm::of)
                .collect(),
            packages: spec
                .packages
                .as_slice()
                .iter()
                .map(|package| domain::packages::PackageInput {
                    name: package.name.to_string(),
                    description: package.description.clone(),
                    included: package.included.join("\n"),
                    price: package.price.field_text(),
                })
                .collect(),
            contract_id: spec
                .forms
                .contract
                .map(|id| id.to_string())
                .unwrap_or_default(),
            questionnaire_id: spec
                .forms
                .questionnaire
                .map(|id| id.to_string())
                .unwrap_or_default(),
        }
    }

    pub fn into_input(self) -> domain::session_type::SessionTypeInput {
        domain::session_type::SessionTypeInput {
            name: self.name,
            description: self.description,
            duration_minutes: self.duration_minutes,
            capacity: self.capacity,
            price: self.price,
            non_member_price: self.non_member_price,
            status: self.status,
            location: self.location,
            access_level: self.access_level,
            buffer_minutes: self.buffer_minutes,
            start_every_minutes: self.start_every_minutes,
            min_lead_hours: self.min_lead_hours,
            max_lead_days: self.max_lead_days,
            max_per_day: self.max_per_day,
            change_cutoff_hours: self.change_cutoff_hours,
            payment_due_hours: self.payment_due_hours,
            card_collection: self.card_collection,
            retainer: self.retainer,
            collect_outside: self.collect_outside,
            full_refund_hours: self.full_refund_hours,
            late_refund: self.late_refund,
            cover_image: self.cover_image,
            video_link: self.video_link,
            questions: QuestionForm::inputs(self.questions),
            packages: self.packages,
            contract_id: self.contract_id,
            questionnaire_id: self.questionnaire_id,
        }
    }
}

impl QuestionForm {
    /// The row a stored question fills in.
    pub fn of(question: &domain::questions::RegistrationQuestion) -> Self {
        QuestionForm {
            prompt: question.prompt.as_str().to_owned(),
            kind: question.kind.as_str().to_owned(),
            options: question
                .kind
                .options()
                .map(domain::questions::ChoiceOptions::to_textarea)
                .unwrap_or_default(),
            required: question.required.then(|| "on".to_owned()),
        }
    }

    /// The rows as typed, without the blank rows at the end.
    pub fn inputs(rows: Vec<Self>) -> Vec<domain::questions::RegistrationQuestionInput> {
        without_trailing_blank_rows(rows)
            .into_iter()
            .map(|question| domain::questions::RegistrationQuestionInput {
                prompt: question.prompt,
                kind: question.kind,
                options: question.options,
                required: question.required.is_some(),
            })
            .collect()
    }
}

/// Drops blank question rows at the end (the form offers an empty row for a new question);
/// blank rows in between stay, so each error keeps the index of the row it is about.
fn without_trailing_blank_rows(mut questions: Vec<QuestionForm>) -> Vec<QuestionForm> {
    while questions.last().is_some_and(|question| {
        question.prompt.trim().is_empty() && question.options.trim().is_empty()
    }) {
        questions.pop();
    }
    questions
}

#[server(endpoint = "create_session_type")]
pub async fn create_session_type(
    #[server(flatten)] form: SessionTypeForm,
) -> Result<SessionTypeView, AppError> {
    use domain::session_type::SessionTypeSpec;
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let spec = SessionTypeSpec::parse(&form.into_input(), studio.settings.currency)?;
    check_cover_belongs_to(&state, &studio, &spec).await?;
    check_forms_belong_to(&state, &studio, &spec).await?;
    let created = state.store.create_session_type(studio.id, &spec).await?;
    Ok(convert::session_type_view(&created))
}

/// A session type's settings as its edit form shows them.
#[server(endpoint = "session_type_settings")]
pub async fn session_type_settings(id: i64) -> Result<SessionTypeForm, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let session_type = owned_session_type(&state, &studio, id).await?;
    Ok(SessionTypeForm::of(&session_type.spec))
}

#[server(endpoint = "update_session_type")]
pub async fn update_session_type(
    session_type_id: String,
    #[server(flatten)] form: SessionTypeForm,
) -> Result<SessionTypeView, AppError> {
    use domain::session_type::SessionTypeSpec;
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let id = session_type_id
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::BadRequest("session_type_id must be a number".to_owned()))?;
    let existing = owned_session_type(&state, &studio, id).await?;
    let mut spec = SessionTypeSpec::parse(&form.into_input(), studio.settings.currency)?;
    // The form edits the details; a mini session's dates are edited on its overview.
    spec.mini = existing.spec.mini;
    check_cover_belongs_to(&state, &studio, &spec).await?;
    check_forms_belong_to(&state, &studio, &spec).await?;
    save_owned_session_type(&state, &studio, id, &spec).await
}

/// Copies a session type as a Draft named "Copy of …".
#[server(endpoint = "duplicate_session_type")]
pub async fn duplicate_session_type(id: i64) -> Result<SessionTypeView, AppError> {
    use domain::session_type::SessionStatus;
    use domain::text::SessionTypeName;
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let original = owned_session_type(&state, &studio, id).await?;
    let mut spec = original.spec;
    let copy_name: String = format!("Copy of {}", spec.name)
        .chars()
        .take(SessionTypeName::MAX_CHARS)
        .collect();
    spec.name = SessionTypeName::parse("name", &copy_name)?;
    spec.status = SessionStatus::Draft;
    let created = state.store.create_session_type(studio.id, &spec).await?;
    // The copy words its emails as the original does.
    for (kind, template) in state.store.message_templates(original.id).await? {
        state
            .store
            .save_message_template(created.id, kind, &template)
            .await?;
    }
    Ok(convert::session_type_view(&created))
}

/// Activates, pauses, archives or returns a session type to draft.
#[server(endpoint = "set_session_type_status")]
pub async fn set_session_type_status(id: i64, status: String) -> Result<SessionTypeView, AppError> {
    use domain::session_type::SessionStatus;
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let mut spec = owned_session_type(&state, &studio, id).await?.spec;
    spec.status = SessionStatus::parse("status", &status)?;
    save_owned_session_type(&state, &studio, id, &spec).await
}

#[server(endpoint = "session_types")]
pub async fn session_types() -> Result<Vec<SessionTypeView>, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let types = state.store.session_types(studio.id).await?;
    let offerings = state.store.offerings(studio.id).await?;
    Ok(types
        .iter()
        .map(|session_type| instructor_view(&state, &studio, &offerings, session_type))
        .collect())
}

/// What students made of one session type in their surveys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeRating {
    pub session_type_id: i64,
    /// "Rated 4.3 out of 5 by 12 students".
    pub label: String,
}

/// The average survey rating of each type that has any.
#[server(endpoint = "session_type_ratings")]
pub async fn session_type_ratings() -> Result<Vec<TypeRating>, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let tallies = state.store.rating_tallies(studio.id).await?;
    Ok(tallies
        .into_iter()
        .filter_map(|(session_type_id, tally)| {
            let average = tally.average_label()?;
            let students = if tally.answers == 1 {
                "1 student".to_owned()
            } else {
                format!("{} students", tally.answers)
            };
            Some(TypeRating {
                session_type_id,
                label: format!("Rated {average} out of 5 by {students}"),
            })
        })
        .collect())
}

/// One of the instructor's types, with its share link when it is link-only.
#[server(endpoint = "session_type_summary")]
pub async fn session_type_summary(id: i64) -> Result<SessionTypeView, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let session_type = owned_session_type(&state, &studio, id).await?;
    let offerings = state.store.offerings(studio.id).await?;
    Ok(instructor_view(&state, &studio, &offerings, &session_type))
}

/// Makes a new share link for a type: every earlier link of it stops working.
#[server(endpoint = "renew_share_link")]
pub async fn renew_share_link(id: i64) -> Result<SessionTypeView, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let renewed = state
        .store
        .renew_share_token(studio.id, id, &crate::server::tokens::random_token())
        .await?
        .ok_or_else(|| AppError::NotFound("This session type does not exist.".to_owned()))?;
    let offerings = state.store.offerings(studio.id).await?;
    Ok(instructor_view(&state, &studio, &offerings, &renewed))
}
