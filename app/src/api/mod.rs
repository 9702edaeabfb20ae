//! Server functions: thin — authenticate, parse into domain types, call the store.
//! The view types here cross the wire, so they hold display-ready text.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub mod bookings;
pub mod student;
pub use bookings::*;
pub use student::*;

#[cfg(feature = "ssr")]
use crate::state::{app_state, require_studio};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioView {
    pub name: String,
    pub slug: String,
    pub timezone: String,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub email: String,
    pub studio: Option<StudioView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionTypeView {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub duration_label: String,
    pub capacity: u32,
    pub price_label: String,
    pub status_label: String,
    pub status_key: String,
    pub location: Option<String>,
    /// Online sessions have a video-call link (sent once booked).
    pub has_video_link: bool,
    /// Where the cover image is served, when the type has one.
    pub cover_url: Option<String>,
    /// Reachable only through its share link (access level Private).
    pub link_only: bool,
    /// The private share link, for the instructor's eyes only.
    pub share_link: Option<String>,
}

impl SessionTypeView {
    /// "1-to-1" or "Group of up to 8".
    pub fn capacity_label(&self) -> String {
        if self.capacity == 1 {
            "1-to-1".to_owned()
        } else {
            format!("Group of up to {}", self.capacity)
        }
    }

    /// Where the session takes place, as students read it.
    pub fn place_label(&self) -> String {
        match (&self.location, self.has_video_link) {
            (Some(location), true) => format!("{location}, or online by video call"),
            (Some(location), false) => location.clone(),
            (None, true) => "Online: the video-call link comes with your booking".to_owned(),
            (None, false) => "To be confirmed by the studio".to_owned(),
        }
    }
}

/// A registration question as the booking form asks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    pub index: usize,
    pub prompt: String,
    /// `short_text`, `long_text` or `single_choice`.
    pub kind: String,
    pub options: Vec<String>,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyHoursView {
    /// Monday first: (form field, label, ranges text).
    pub days: Vec<(String, String, String)>,
}

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
    #[serde(default)]
    pub video_link: String,
    /// The stored name of an uploaded cover (from `/uploads/cover`), or blank for none.
    #[serde(default)]
    pub cover_image: String,
    /// Sent as `questions[0][prompt]`, `questions[0][kind]`… by the form.
    #[serde(default)]
    pub questions: Vec<QuestionForm>,
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
                .map(|question| QuestionForm {
                    prompt: question.prompt.as_str().to_owned(),
                    kind: question.kind.as_str().to_owned(),
                    options: match &question.kind {
                        domain::questions::QuestionKind::SingleChoice(options) => {
                            options.to_textarea()
                        }
                        _ => String::new(),
                    },
                    required: question.required.then(|| "on".to_owned()),
                })
                .collect(),
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
            cover_image: self.cover_image,
            video_link: self.video_link,
            questions: without_trailing_blank_rows(self.questions)
                .into_iter()
                .map(|question| domain::questions::RegistrationQuestionInput {
                    prompt: question.prompt,
                    kind: question.kind,
                    options: question.options,
                    required: question.required.is_some(),
                })
                .collect(),
        }
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

#[cfg(feature = "ssr")]
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(feature = "ssr")]
pub(crate) mod convert {
    use super::*;

    pub fn studio_view(studio: &store::Studio) -> StudioView {
        StudioView {
            name: studio.settings.name.to_string(),
            slug: studio.settings.slug.to_string(),
            timezone: studio.settings.timezone.name().to_owned(),
            currency: studio.settings.currency.code().to_owned(),
        }
    }

    pub fn session_type_view(session_type: &store::SessionType) -> SessionTypeView {
        let spec = &session_type.spec;
        SessionTypeView {
            id: session_type.id,
            name: spec.name.to_string(),
            description: spec.description.as_str().to_owned(),
            duration_label: spec.duration.label(),
            capacity: spec.capacity.seats(),
            price_label: spec.price_label(),
            status_label: spec.status.label().to_owned(),
            status_key: spec.status.as_str().to_owned(),
            location: spec.location.as_ref().map(ToString::to_string),
            has_video_link: spec.video_link.is_some(),
            cover_url: spec
                .cover_image
                .as_ref()
                .map(crate::media::MediaStore::url_of),
            link_only: false,
            share_link: None,
        }
    }

    pub fn answer_pairs(answers: &domain::questions::Answers) -> Vec<(String, String)> {
        answers
            .as_slice()
            .iter()
            .map(|answer| (answer.prompt().to_owned(), answer.value().to_owned()))
            .collect()
    }

    pub fn questions(spec: &domain::session_type::SessionTypeSpec) -> Vec<QuestionView> {
        use domain::questions::QuestionKind;
        spec.questions
            .as_slice()
            .iter()
            .enumerate()
            .map(|(index, question)| QuestionView {
                index,
                prompt: question.prompt.as_str().to_owned(),
                kind: question.kind.as_str().to_owned(),
                options: match &question.kind {
                    QuestionKind::SingleChoice(options) => options.as_slice().to_vec(),
                    _ => Vec::new(),
                },
                required: question.required,
            })
            .collect()
    }

    /// Names the wording and order of the questions as `questions` shows them to students.
    pub fn questions_version(questions: &[QuestionView]) -> String {
        use base64::Engine;
        use sha2::{Digest, Sha256};
        let mut digest = Sha256::new();
        for question in questions {
            for part in [question.prompt.as_str(), question.kind.as_str()]
                .into_iter()
                .chain(question.options.iter().map(String::as_str))
            {
                digest.update(part.as_bytes());
                digest.update([0x1f]);
            }
            digest.update([u8::from(question.required), 0x1e]);
        }
        let bytes = digest.finalize();
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes[..12])
    }
}

#[server(endpoint = "sign_up")]
pub async fn sign_up(email: String, password: String) -> Result<(), AppError> {
    use crate::state::{hash_password, now, start_session};
    let state = app_state()?;
    state.limit(crate::rate_limit::Limited::SignIn, None)?;
    let mut errors = domain::FieldErrors::new();
    let email = errors.take(domain::text::Email::parse("email", &email));
    let password = errors.take(domain::text::NewPassword::parse("password", &password));
    let (Some(email), Some(password)) = (email, password) else {
        return Err(errors.into());
    };
    let hash = hash_password(&state, password.expose()).await?;
    let user = state.store.create_user(&email, &hash, now()).await?;
    start_session(&state, user.id).await?;
    leptos_axum::redirect("/dashboard");
    Ok(())
}

#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    use crate::state::{start_session, verify_password};
    let state = app_state()?;
    state.limit(crate::rate_limit::Limited::SignIn, Some(&email))?;
    let email = domain::text::Email::parse("email", &email)?;
    let user = state.store.user_by_email(&email).await?;
    let stored = user.as_ref().map(|user| user.password_hash.clone());
    if !verify_password(&state, password, stored).await {
        return Err(AppError::WrongCredentials);
    }
    let user = user.ok_or(AppError::WrongCredentials)?;
    start_session(&state, user.id).await?;
    leptos_axum::redirect("/dashboard");
    Ok(())
}

/// How long an emailed password-reset link works.
#[cfg(feature = "ssr")]
const RESET_LINK_HOURS: i64 = 1;

/// Emails a reset link when the address has an account. The answer is the same either way,
/// so the form cannot be used to find out who has an account.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::state::{now, random_token, token_hash};
    let state = app_state()?;
    let email = domain::text::Email::parse("email", &email)?;
    state.limit(crate::rate_limit::Limited::EmailLink, Some(email.as_str()))?;
    let Some(user) = state.store.user_by_email(&email).await? else {
        return Ok(());
    };
    let token = random_token();
    state
        .store
        .create_password_reset(
            user.id,
            &token_hash(&token),
            now() + chrono::Duration::hours(RESET_LINK_HOURS),
        )
        .await?;
    let link = format!("{}/reset-password?token={token}", state.public_url);
    state.send_in_background(crate::mail::OutgoingEmail {
        to: user.email,
        subject: "Reset your Bookable password".to_owned(),
        body: format!(
            "Someone (hopefully you) asked to reset the password of your Bookable account.\n\n\
             Choose a new password here; the link works once, for {RESET_LINK_HOURS} hour:\n{link}\n\n\
             If you did not ask for this, ignore this email: your password stays as it is.\n"
        ),
    });
    Ok(())
}

/// Sets a new password through an emailed link, signs the person in and ends every other
/// session.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::state::{hash_password, now, start_session, token_hash};
    let state = app_state()?;
    state.limit(crate::rate_limit::Limited::SignIn, None)?;
    let password = domain::text::NewPassword::parse("password", &password)?;
    let hash = hash_password(&state, password.expose()).await?;
    let Some(user_id) = state
        .store
        .reset_password(&token_hash(token.trim()), now(), &hash)
        .await?
    else {
        return Err(AppError::Unavailable(
            "This reset link has expired or was already used. Ask for a new one.".to_owned(),
        ));
    };
    start_session(&state, user_id).await?;
    leptos_axum::redirect("/dashboard");
    Ok(())
}

/// Changes the signed-in person's password after checking the current one; every other
/// session (another browser, a lost phone) is signed out.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::state::{hash_password, require_user, start_session, verify_password};
    let state = app_state()?;
    let user = require_user(&state).await?;
    let new_password = domain::text::NewPassword::parse("new_password", &new_password);
    if !verify_password(&state, current_password, Some(user.password_hash.clone())).await {
        let mut errors = domain::FieldErrors::new();
        errors.push(domain::FieldError::new(
            "current_password",
            "This is not your current password.",
        ));
        if let Err(error) = new_password {
            errors.push(error);
        }
        return Err(errors.into());
    }
    let hash = hash_password(&state, new_password?.expose()).await?;
    state.store.replace_password(user.id, &hash).await?;
    start_session(&state, user.id).await?;
    Ok(())
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let state = app_state()?;
    crate::state::end_session(&state).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// The signed-in instructor, or `None` for visitors.
#[server(endpoint = "account")]
pub async fn account() -> Result<Option<AccountView>, AppError> {
    let state = app_state()?;
    let Some(user) = crate::state::signed_in_user(&state).await? else {
        return Ok(None);
    };
    let studio = state.store.studio_of_owner(user.id).await?;
    Ok(Some(AccountView {
        email: user.email.to_string(),
        studio: studio.as_ref().map(convert::studio_view),
    }))
}

/// Creates the instructor's studio (name, address, time zone and currency), or renames it and
/// moves its address. Once the studio exists, its time zone and currency are changed in
/// Settings only, where changing the currency relabels every price.
#[server(endpoint = "save_studio")]
pub async fn save_studio(
    name: String,
    slug: String,
    #[server(default)] timezone: String,
    #[server(default)] currency: String,
) -> Result<StudioView, AppError> {
    use domain::studio::{StudioSettings, StudioSettingsInput};
    let state = app_state()?;
    let user = crate::state::require_user(&state).await?;
    let (timezone, currency) = match state.store.studio_of_owner(user.id).await? {
        None => (timezone, currency),
        Some(studio) => {
            let kept = (
                studio.settings.timezone.name().to_owned(),
                studio.settings.currency.code().to_owned(),
            );
            let mut errors = domain::FieldErrors::new();
            let changed = |typed: &str, kept: &str| {
                !typed.trim().is_empty() && !typed.trim().eq_ignore_ascii_case(kept)
            };
            for (field, typed, kept) in [
                ("timezone", &timezone, &kept.0),
                ("currency", &currency, &kept.1),
            ] {
                if changed(typed, kept) {
                    errors.push(domain::FieldError::new(
                        field,
                        "The time zone and the currency are changed in Settings.",
                    ));
                }
            }
            if !errors.is_empty() {
                return Err(errors.into());
            }
            kept
        }
    };
    let settings = StudioSettings::parse(&StudioSettingsInput {
        name,
        slug,
        timezone,
        currency,
    })?;
    let studio = state.store.save_studio(user.id, &settings).await?;
    Ok(convert::studio_view(&studio))
}

/// Every IANA time zone name, for the studio settings' searchable list.
#[server(endpoint = "timezone_names")]
pub async fn timezone_names() -> Result<Vec<String>, AppError> {
    Ok(chrono_tz::TZ_VARIANTS
        .iter()
        .map(|zone| zone.name().to_owned())
        .collect())
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
    let created = state.store.create_session_type(studio.id, &spec).await?;
    Ok(convert::session_type_view(&created))
}

/// A cover must be a file this studio uploaded: another studio's or a made-up name is refused.
#[cfg(feature = "ssr")]
async fn check_cover_belongs_to(
    state: &crate::state::AppState,
    studio: &store::Studio,
    spec: &domain::session_type::SessionTypeSpec,
) -> Result<(), AppError> {
    match &spec.cover_image {
        Some(cover) if !state.media.is_cover_of(studio.id, cover).await => Err(AppError::field(
            "cover_image",
            "Upload the cover image again: this file is not one of yours.",
        )),
        _ => Ok(()),
    }
}

#[cfg(feature = "ssr")]
async fn owned_session_type(
    state: &crate::state::AppState,
    studio: &store::Studio,
    id: i64,
) -> Result<store::SessionType, AppError> {
    state
        .store
        .session_type(studio.id, id)
        .await?
        .ok_or_else(|| AppError::NotFound("This session type does not exist.".to_owned()))
}

#[cfg(feature = "ssr")]
async fn save_owned_session_type(
    state: &crate::state::AppState,
    studio: &store::Studio,
    id: i64,
    spec: &domain::session_type::SessionTypeSpec,
) -> Result<SessionTypeView, AppError> {
    let updated = state
        .store
        .update_session_type(studio.id, id, spec)
        .await?
        .ok_or_else(|| AppError::NotFound("This session type does not exist.".to_owned()))?;
    Ok(convert::session_type_view(&updated))
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
    owned_session_type(&state, &studio, id).await?;
    let spec = SessionTypeSpec::parse(&form.into_input(), studio.settings.currency)?;
    check_cover_belongs_to(&state, &studio, &spec).await?;
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

/// A type as the instructor sees it: a link-only type with its share link.
#[cfg(feature = "ssr")]
fn instructor_view(
    state: &crate::state::AppState,
    studio: &store::Studio,
    offerings: &domain::offerings::Offerings,
    session_type: &store::SessionType,
) -> SessionTypeView {
    let link_only = crate::booking_engine::access_of(offerings, session_type)
        == domain::session_type::AccessLevel::Private;
    SessionTypeView {
        link_only,
        share_link: link_only.then(|| {
            format!(
                "{}{}",
                state.public_url,
                crate::booking_engine::share_path(state, studio, session_type)
            )
        }),
        ..convert::session_type_view(session_type)
    }
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
        .renew_share_token(studio.id, id, &crate::state::random_token())
        .await?
        .ok_or_else(|| AppError::NotFound("This session type does not exist.".to_owned()))?;
    let offerings = state.store.offerings(studio.id).await?;
    Ok(instructor_view(&state, &studio, &offerings, &renewed))
}

#[server(endpoint = "weekly_hours")]
pub async fn weekly_hours() -> Result<WeeklyHoursView, AppError> {
    use domain::availability::WeeklyHours;
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let hours = state.store.weekly_hours(studio.id).await?;
    Ok(WeeklyHoursView {
        days: WeeklyHours::WEEKDAYS
            .into_iter()
            .map(|day| {
                let field = WeeklyHours::field_name(day);
                (field.to_owned(), capitalized(field), hours.text_for(day))
            })
            .collect(),
    })
}

#[server(endpoint = "save_weekly_hours")]
#[allow(clippy::too_many_arguments)]
pub async fn save_weekly_hours(
    monday: String,
    tuesday: String,
    wednesday: String,
    thursday: String,
    friday: String,
    saturday: String,
    sunday: String,
) -> Result<(), AppError> {
    use domain::availability::WeeklyHours;
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let hours = WeeklyHours::parse([
        &monday, &tuesday, &wednesday, &thursday, &friday, &saturday, &sunday,
    ])?;
    state.store.save_weekly_hours(studio.id, &hours).await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateOverrideView {
    /// ISO date, the override's identity.
    pub date: String,
    pub date_label: String,
    /// "Closed" or the ranges, e.g. "10:00-12:00, 13:00-14:00".
    pub hours: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewDay {
    pub date_label: String,
    pub slots: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotPreview {
    /// The studio's zone, which the times are in.
    pub timezone: String,
    /// (id, name) of every session type that is not archived.
    pub session_types: Vec<(i64, String)>,
    pub chosen: Option<i64>,
    pub days: Vec<PreviewDay>,
}

/// The studio's date overrides from today on, by date.
#[server(endpoint = "date_overrides")]
pub async fn date_overrides() -> Result<Vec<DateOverrideView>, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let today = studio
        .settings
        .timezone
        .local(crate::state::now())
        .date_naive();
    let hours = state.store.opening_hours(studio.id).await?;
    Ok(hours
        .overrides()
        .filter(|(date, _)| *date >= today)
        .map(|(date, ranges)| DateOverrideView {
            date: domain::dates::iso_date(date),
            date_label: domain::dates::long_date(date),
            hours: if ranges.is_empty() {
                "Closed".to_owned()
            } else {
                ranges
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        })
        .collect())
}

#[cfg(feature = "ssr")]
fn parse_override_date(
    studio: &store::Studio,
    text: &str,
) -> Result<chrono::NaiveDate, domain::FieldError> {
    let date = domain::dates::parse_date("date", text)?;
    let today = studio
        .settings
        .timezone
        .local(crate::state::now())
        .date_naive();
    if date < today {
        return Err(domain::FieldError::new(
            "date",
            "Pick today or a later date.",
        ));
    }
    Ok(date)
}

/// Closes a date, or gives it its own hours.
#[server(endpoint = "save_date_override")]
pub async fn save_date_override(
    date: String,
    #[server(default)] closed: Option<String>,
    #[server(default)] hours: String,
) -> Result<(), AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let mut errors = domain::FieldErrors::new();
    let date = errors.take(parse_override_date(&studio, &date));
    let ranges = if closed.is_some() {
        Some(Vec::new())
    } else {
        match domain::availability::parse_day_ranges("hours", &hours) {
            Ok(ranges) if ranges.is_empty() => {
                errors.push(domain::FieldError::new(
                    "hours",
                    "Enter the hours, like 10:00-14:00, or tick Closed all day.",
                ));
                None
            }
            other => errors.take(other),
        }
    };
    let (Some(date), Some(ranges)) = (date, ranges) else {
        return Err(errors.into());
    };
    state
        .store
        .save_date_override(studio.id, date, &ranges)
        .await?;
    Ok(())
}

#[server(endpoint = "remove_date_override")]
pub async fn remove_date_override(date: String) -> Result<(), AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let date = domain::dates::parse_date("date", &date)?;
    state.store.remove_date_override(studio.id, date).await?;
    Ok(())
}

/// The next two weeks of slots of one of the instructor's session types (the first one unless
/// chosen), computed by the same function as the student's booking page, whatever the type's
/// status, so a draft can be checked before it goes live.
#[server(endpoint = "availability_preview")]
pub async fn availability_preview(session_type_id: Option<i64>) -> Result<SlotPreview, AppError> {
    use crate::booking_engine::{offering_of, schedule_parts};
    use domain::availability::{Schedule, slots_on};
    use domain::session_type::SessionStatus;
    const PREVIEW_DAYS: u32 = 14;
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let types: Vec<store::SessionType> = state
        .store
        .session_types(studio.id)
        .await?
        .into_iter()
        .filter(|session_type| session_type.spec.status != SessionStatus::Archived)
        .collect();
    let chosen = match session_type_id {
        Some(id) => Some(owned_session_type(&state, &studio, id).await?),
        None => types.first().cloned(),
    };
    let mut days = Vec::new();
    if let Some(session_type) = &chosen {
        let zone = studio.settings.timezone;
        let now = crate::state::now();
        let first_day = zone.local(now).date_naive();
        let last_day = first_day + chrono::Duration::days(i64::from(PREVIEW_DAYS));
        let (hours, taken) = schedule_parts(&state, &studio, (first_day, last_day), now).await?;
        let schedule = Schedule::new(&zone, &hours, &taken, &[], now);
        let offering = offering_of(session_type);
        days = first_day
            .iter_days()
            .take(PREVIEW_DAYS as usize)
            .map(|date| PreviewDay {
                date_label: date.format("%a %-d %b").to_string(),
                slots: slot_times(zone, &slots_on(&schedule, &offering, date)),
            })
            .collect();
    }
    Ok(SlotPreview {
        timezone: studio.settings.timezone.name().to_owned(),
        session_types: types
            .iter()
            .map(|session_type| (session_type.id, session_type.spec.name.to_string()))
            .collect(),
        chosen: chosen.map(|session_type| session_type.id),
        days,
    })
}

/// The start times of one day's slots: "09:00", or "02:00 CEST" and "03:00 CET" on a day
/// whose clocks change, so each shows the offset it is in.
#[cfg(feature = "ssr")]
pub(crate) fn slot_times(
    zone: domain::timezone::StudioTimezone,
    slots: &[domain::availability::Slot],
) -> Vec<String> {
    let moments: Vec<domain::zone::Moment> =
        slots.iter().map(|slot| zone.moment(slot.start)).collect();
    let one_offset = moments
        .windows(2)
        .all(|pair| pair[0].offset_seconds == pair[1].offset_seconds);
    moments
        .iter()
        .map(|moment| {
            if one_offset {
                moment.time()
            } else {
                moment.time_with_zone()
            }
        })
        .collect()
}

/// Settings > Offerings as the form shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferingsView {
    pub personal_sessions: bool,
    pub show_on_landing: bool,
    pub default_access_level: String,
    pub pay_at_session: bool,
    pub pay_by_check: bool,
    pub pay_with_stripe: bool,
    /// Card payments are set up in a later step; until then Stripe cannot be chosen.
    pub stripe_configured: bool,
    pub timezone: String,
    pub currency: String,
}

/// The Offerings form as submitted: ticked checkboxes send "on", unticked ones nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferingsForm {
    #[serde(default)]
    pub personal_sessions: Option<String>,
    #[serde(default)]
    pub show_on_landing: Option<String>,
    #[serde(default)]
    pub default_access_level: String,
    #[serde(default)]
    pub pay_at_session: Option<String>,
    #[serde(default)]
    pub pay_by_check: Option<String>,
    #[serde(default)]
    pub pay_with_stripe: Option<String>,
    #[serde(default)]
    pub timezone: String,
    #[serde(default)]
    pub currency: String,
}

/// Stripe's set-up is a later step of the product; nothing configures it yet.
#[cfg(feature = "ssr")]
const STRIPE_CONFIGURED: bool = false;

/// Whether the studio offers personal sessions; the dashboard hides their pages when not.
#[server(endpoint = "offerings")]
pub async fn offerings() -> Result<OfferingsView, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let offerings = state.store.offerings(studio.id).await?;
    Ok(OfferingsView {
        personal_sessions: offerings.personal_sessions,
        show_on_landing: offerings.show_on_landing,
        default_access_level: offerings.default_access.as_str().to_owned(),
        pay_at_session: offerings.payments.at_session(),
        pay_by_check: offerings.payments.by_check(),
        pay_with_stripe: offerings.payments.stripe(),
        stripe_configured: STRIPE_CONFIGURED,
        timezone: studio.settings.timezone.name().to_owned(),
        currency: studio.settings.currency.code().to_owned(),
    })
}

/// What saving the settings did beyond the form itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsSaved {
    /// Said when a new currency relabelled the prices of the studio's session types.
    pub note: Option<String>,
}

#[server(endpoint = "save_offerings")]
pub async fn save_offerings(
    #[server(flatten)] form: OfferingsForm,
) -> Result<SettingsSaved, AppError> {
    use domain::offerings::{Offerings, OfferingsInput};
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let mut errors = domain::FieldErrors::new();
    let offerings = errors.take_all(Offerings::parse(
        &OfferingsInput {
            personal_sessions: form.personal_sessions.is_some(),
            show_on_landing: form.show_on_landing.is_some(),
            default_access_level: form.default_access_level,
            pay_at_session: form.pay_at_session.is_some(),
            pay_by_check: form.pay_by_check.is_some(),
            pay_with_stripe: form.pay_with_stripe.is_some(),
        },
        STRIPE_CONFIGURED,
    ));
    let timezone = errors.take(domain::timezone::StudioTimezone::parse(
        "timezone",
        &form.timezone,
    ));
    let currency = errors.take(domain::money::Currency::parse("currency", &form.currency));
    let (Some(offerings), Some(timezone), Some(currency)) = (offerings, timezone, currency) else {
        return Err(errors.into());
    };
    state
        .store
        .save_offerings(studio.id, &offerings, timezone, currency)
        .await?;
    let relabelled = if currency == studio.settings.currency {
        0
    } else {
        state.store.session_types(studio.id).await?.len()
    };
    Ok(SettingsSaved {
        note: (relabelled > 0).then(|| {
            format!(
                "The prices of your {relabelled} session {} are now in {}: the same figures, not converted.",
                if relabelled == 1 { "type" } else { "types" },
                currency.code()
            )
        }),
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub id: i64,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedRowView {
    pub line: usize,
    pub content: String,
    pub reason: String,
}

/// What a CSV import did, row by row where rows were not added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub added: usize,
    pub already_members: Vec<String>,
    pub rejected: Vec<RejectedRowView>,
}

#[server(endpoint = "members")]
pub async fn members() -> Result<Vec<MemberView>, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    Ok(state
        .store
        .members(studio.id)
        .await?
        .into_iter()
        .map(|member| MemberView {
            id: member.id,
            name: member.name.to_string(),
            email: member.email.to_string(),
        })
        .collect())
}

#[server(endpoint = "add_member")]
pub async fn add_member(name: String, email: String) -> Result<(), AppError> {
    use domain::members::NewMember;
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let mut errors = domain::FieldErrors::new();
    let name = errors.take(domain::text::PersonName::parse("name", &name));
    let email = errors.take(domain::text::Email::parse("email", &email));
    let (Some(name), Some(email)) = (name, email) else {
        return Err(errors.into());
    };
    let outcome = state
        .store
        .add_members(studio.id, &[NewMember { name, email }], crate::state::now())
        .await?;
    if outcome.added == 0 {
        return Err(AppError::field(
            "email",
            "This email is already on your member list.",
        ));
    }
    Ok(())
}

#[server(endpoint = "remove_member")]
pub async fn remove_member(id: i64) -> Result<(), AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    if state.store.remove_member(studio.id, id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound(
            "This member is not on your list.".to_owned(),
        ))
    }
}

/// Adds every valid row of a CSV of names and emails; reports the rows it left out and why.
#[server(endpoint = "import_members")]
pub async fn import_members(csv: String) -> Result<ImportReport, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    if csv.trim().is_empty() {
        return Err(AppError::field(
            "csv",
            "Choose a CSV file, or paste its rows: name, email.",
        ));
    }
    let import = domain::members::parse_member_csv(&csv);
    let outcome = state
        .store
        .add_members(studio.id, &import.accepted, crate::state::now())
        .await?;
    Ok(ImportReport {
        added: outcome.added,
        already_members: outcome
            .already_members
            .iter()
            .map(ToString::to_string)
            .collect(),
        rejected: import
            .rejected
            .into_iter()
            .map(|row| RejectedRowView {
                line: row.line,
                content: row.content,
                reason: row.reason,
            })
            .collect(),
    })
}
