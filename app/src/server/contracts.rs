//! The library's forms at booking: the questions a booking form asks (the attached
//! questionnaire's, then the type's own), the contract it shows, the signature it keeps, and
//! the printable signed copy both sides open through the booking's signed link.

use crate::server::notices::{BookingFacts, escape_html};
use crate::server::state::AppState;
use crate::shared::error::AppError;
use chrono::{DateTime, Utc};
use domain::forms::{Contract, LibraryForm, Signature};
use domain::questions::RegistrationQuestions;
use domain::templates::Placeholder;

/// What a type's booking form asks: its questionnaire's questions, then its own.
pub(crate) async fn asked_questions(
    state: &AppState,
    session_type: &store::SessionType,
) -> Result<RegistrationQuestions, AppError> {
    let own = &session_type.spec.questions;
    let Some(id) = session_type.spec.forms.questionnaire else {
        return Ok(own.clone());
    };
    let form = state.store.library_form(session_type.studio_id, id).await?;
    Ok(match form.map(|stored| stored.form) {
        Some(LibraryForm::Questionnaire(questionnaire)) => questionnaire.questions.followed_by(own),
        _ => own.clone(),
    })
}

/// The contract a type's booking form asks the client to sign, if any.
pub(crate) async fn attached_contract(
    state: &AppState,
    session_type: &store::SessionType,
) -> Result<Option<Contract>, AppError> {
    let Some(id) = session_type.spec.forms.contract else {
        return Ok(None);
    };
    let form = state.store.library_form(session_type.studio_id, id).await?;
    Ok(match form.map(|stored| stored.form) {
        Some(LibraryForm::Contract(contract)) => Some(contract),
        _ => None,
    })
}

/// The booking a contract is signed for: what its placeholders name.
pub(crate) struct ContractFacts<'a> {
    pub(crate) studio: &'a store::Studio,
    pub(crate) session_type: &'a store::SessionType,
    pub(crate) start: DateTime<Utc>,
    pub(crate) end: DateTime<Utc>,
}

impl ContractFacts<'_> {
    fn value(&self, placeholder: Placeholder, client_name: &str) -> String {
        let zone = self.studio.settings.timezone;
        match placeholder {
            Placeholder::StudentName => client_name.to_owned(),
            Placeholder::SessionName => self.session_type.spec.name.to_string(),
            Placeholder::StudioName => self.studio.settings.name.to_string(),
            Placeholder::Start => BookingFacts::when_in(zone, self.start, self.end),
            Placeholder::Date => zone.long_date(self.start),
            Placeholder::Time => zone.moment(self.start).time(),
            Placeholder::Location => self
                .session_type
                .spec
                .location_at(&zone, self.start)
                .map(ToString::to_string)
                .unwrap_or_default(),
            // A contract cannot name the others (`CONTRACT_PLACEHOLDERS`).
            _ => String::new(),
        }
    }

    /// The contract as the booking form shows it, as HTML made here with every text escaped:
    /// its title, its text with the client's name marked where it goes, and the field that
    /// signs it. Made on the server, it costs the phone's bundle one string.
    pub(crate) fn form_html(&self, contract: &Contract) -> String {
        // Contract text never holds a control character, so this mark cannot clash.
        const NAME: &str = "\u{1}";
        let text = escape_html(
            &contract
                .body
                .filled(|placeholder| self.value(placeholder, NAME)),
        )
        .replace(NAME, "<mark>[your name]</mark>");
        format!(
            "<h3 id=\"contract-heading\">{title}</h3>\
<div class=\"contract-text\" tabindex=\"0\" role=\"document\" aria-label=\"Contract text\">{text}</div>\
<p class=\"hint\">Your name as you give it above goes where it says [your name].</p>\
<label for=\"{field}\">Type your full name to sign</label>\
<input id=\"{field}\" name=\"{field}\" autocomplete=\"name\" maxlength=\"100\" aria-describedby=\"{field}-error\">\
<label class=\"check\"><input type=\"checkbox\" name=\"{agreed}\" value=\"yes\" aria-describedby=\"{field}-error\">\
<span>I have read this contract and agree to it</span></label>",
            title = escape_html(contract.title.as_str()),
            field = Signature::NAME_FIELD,
            agreed = Signature::AGREED_FIELD,
        )
    }

    /// The contract as `signature` signs it, with when, and where from.
    pub(crate) fn signed(
        &self,
        contract: &Contract,
        signature: &Signature,
        client_name: &str,
        now: DateTime<Utc>,
    ) -> store::SignedContract {
        use sha2::{Digest, Sha256};
        let text = contract
            .body
            .filled(|placeholder| self.value(placeholder, client_name));
        let digest = Sha256::digest(text.as_bytes());
        let request = leptos::prelude::use_context::<http::request::Parts>();
        let header = |name: http::header::HeaderName| {
            request
                .as_ref()
                .and_then(|parts| parts.headers.get(name))
                .and_then(|value| value.to_str().ok())
                .map(|value| value.chars().take(500).collect::<String>())
                .unwrap_or_default()
        };
        store::SignedContract {
            title: contract.title.to_string(),
            text_sha256: digest.iter().map(|byte| format!("{byte:02x}")).collect(),
            text,
            signed_name: signature.name.to_string(),
            signed_at: now,
            ip: request
                .as_ref()
                .and_then(|parts| {
                    parts
                        .extensions
                        .get::<crate::server::rate_limit::ClientIp>()
                })
                .map_or_else(|| "unknown".to_owned(), |ip| ip.0.clone()),
            user_agent: header(http::header::USER_AGENT),
        }
    }
}

/// The signed copy's path for a booking's signed link.
pub fn signed_copy_path(booking_path: &str) -> String {
    format!("{booking_path}/contract")
}

/// The printable signed copy of the booking a link names, as HTML; "not found" when the link
/// is forged or the booking signed nothing.
pub async fn signed_copy_page(state: &AppState, link: &str) -> Result<String, AppError> {
    let booking = state.booking_of_link(link).await?;
    let signed = state
        .store
        .signed_contract(booking.id)
        .await?
        .ok_or_else(|| AppError::NotFound("This booking has no signed contract.".to_owned()))?;
    let (studio, _) = crate::server::booking_ops::studio_and_type_of(state, &booking).await?;
    let zone = studio.settings.timezone;
    let paragraphs: String = signed
        .text
        .split("\n\n")
        .map(|paragraph| format!("<p>{}</p>", escape_html(paragraph).replace('\n', "<br>")))
        .collect();
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title} · signed by {name}</title>\
<link rel=\"stylesheet\" href=\"/invoice.css\"><script src=\"/invoice-print.js\" defer></script>\
</head><body><main class=\"invoice signed-contract\">\
<header><p class=\"from\"><strong>{studio}</strong></p><h1>{title}</h1></header>\
<article class=\"contract-text\">{paragraphs}</article>\
<section aria-label=\"Signature\"><dl>\
<dt>Signed by</dt><dd>{name}</dd>\
<dt>Signed on</dt><dd>{when}</dd>\
<dt>From</dt><dd>{ip} · {agent}</dd>\
<dt>Text fingerprint (SHA-256)</dt><dd><code>{hash}</code></dd>\
</dl></section>\
<p class=\"no-print\"><button type=\"button\" id=\"print\" hidden>Print or save as PDF</button></p>\
</main></body></html>",
        title = escape_html(&signed.title),
        name = escape_html(&signed.signed_name),
        studio = escape_html(studio.settings.name.as_str()),
        when = escape_html(&zone.long_moment(signed.signed_at)),
        ip = escape_html(&signed.ip),
        agent = escape_html(&signed.user_agent),
        hash = escape_html(&signed.text_sha256),
    ))
}
