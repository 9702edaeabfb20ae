//! The studio: its name and address, and Settings > Offerings (with the time zone and currency).

#[cfg(feature = "ssr")]
use super::server::stripe_connected;
#[cfg(feature = "ssr")]
use crate::server::auth::require_studio;
#[cfg(feature = "ssr")]
use crate::server::convert;
#[cfg(feature = "ssr")]
use crate::server::state::app_state;

use crate::shared::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

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

/// The signed-in instructor, or `None` for visitors.
#[server(endpoint = "account")]
pub async fn account() -> Result<Option<AccountView>, AppError> {
    let state = app_state()?;
    let Some(user) = crate::server::auth::signed_in_user(&state).await? else {
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
    let user = crate::server::auth::require_user(&state).await?;
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

/// Settings > Offerings as the form shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferingsView {
    pub personal_sessions: bool,
    pub show_on_landing: bool,
    pub default_access_level: domain::session_type::AccessLevel,
    pub pay_at_session: bool,
    pub pay_by_check: bool,
    pub pay_with_stripe: bool,
    /// The studio's Stripe account is connected (Settings > Stripe), so cards can be offered.
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

/// Whether the studio offers personal sessions; the dashboard hides their pages when not.
#[server(endpoint = "offerings")]
pub async fn offerings() -> Result<OfferingsView, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let offerings = state.store.offerings(studio.id).await?;
    Ok(OfferingsView {
        personal_sessions: offerings.personal_sessions,
        show_on_landing: offerings.show_on_landing,
        default_access_level: offerings.default_access,
        pay_at_session: offerings.payments.at_session(),
        pay_by_check: offerings.payments.by_check(),
        pay_with_stripe: offerings.payments.stripe(),
        stripe_configured: stripe_connected(&state, studio.id).await?,
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
        stripe_connected(&state, studio.id).await?,
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

/// Settings > Emails as the form shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageSettingsView {
    /// Blank when messages go to the account's email.
    pub contact_email: String,
    pub account_email: String,
    pub remind_instructor: bool,
    pub send_survey: bool,
    /// The survey's delay in hours (the default's when the survey is off).
    pub survey_delay_hours: u32,
    /// "1, 24".
    pub nudge_after_booking: String,
    pub nudge_before_deadline: String,
}

#[server(endpoint = "message_settings")]
pub async fn message_settings() -> Result<MessageSettingsView, AppError> {
    use domain::jobs::NudgeSteps;
    let state = app_state()?;
    let user = crate::server::auth::require_user(&state).await?;
    let studio = require_studio(&state).await?;
    let settings = state.store.message_settings(studio.id).await?;
    Ok(MessageSettingsView {
        contact_email: settings
            .contact_email
            .map(|email| email.to_string())
            .unwrap_or_default(),
        account_email: user.email.to_string(),
        remind_instructor: settings.remind_instructor,
        send_survey: settings.survey_after.is_some(),
        survey_delay_hours: settings.survey_after.unwrap_or_default().hours(),
        nudge_after_booking: NudgeSteps::label(&settings.nudges.after_booking),
        nudge_before_deadline: NudgeSteps::label(&settings.nudges.before_deadline),
    })
}

/// Saves Settings > Emails as its form sends it: every field, a blank one meaning none.
#[server(endpoint = "save_message_settings")]
pub async fn save_message_settings(
    #[server(default)] contact_email: String,
    #[server(default)] remind_instructor: Option<String>,
    #[server(default)] send_survey: Option<String>,
    #[server(default)] survey_delay_hours: String,
    #[server(default)] nudge_after_booking: String,
    #[server(default)] nudge_before_deadline: String,
) -> Result<(), AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let settings = domain::jobs::MessageSettings::parse(domain::jobs::MessageSettingsForm {
        contact_email: &contact_email,
        remind_instructor: remind_instructor.is_some(),
        send_survey: send_survey.is_some(),
        survey_delay_hours: &survey_delay_hours,
        nudge_after_booking: &nudge_after_booking,
        nudge_before_deadline: &nudge_before_deadline,
    })?;
    state
        .store
        .save_message_settings(studio.id, &settings)
        .await?;
    Ok(())
}

/// What heads the studio's invoices besides its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDetailsView {
    pub address: String,
    pub contact: String,
}

#[server(endpoint = "invoice_details")]
pub async fn invoice_details() -> Result<InvoiceDetailsView, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let details = state.store.invoice_details(studio.id).await?;
    Ok(InvoiceDetailsView {
        address: details.address,
        contact: details.contact,
    })
}

/// Saves Settings > Invoices: the address and contact printed at the head of every invoice.
#[server(endpoint = "save_invoice_details")]
pub async fn save_invoice_details(
    #[server(default)] address: String,
    #[server(default)] contact: String,
) -> Result<(), AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let details = domain::invoices::InvoiceDetails::parse(&address, &contact)?;
    state
        .store
        .save_invoice_details(studio.id, &details)
        .await?;
    Ok(())
}
