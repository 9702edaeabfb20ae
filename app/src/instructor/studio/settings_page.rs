//! `/dashboard/settings`: Offerings, sessions, time zone, currency and payment methods; where
//! booking emails reach the instructor; and what heads the studio's invoices.

use super::api::{
    InvoiceDetailsView, MessageSettingsView, OfferingsView, SaveInvoiceDetails,
    SaveMessageSettings, SaveOfferings, invoice_details, message_settings, offerings,
    timezone_names,
};
use super::zone_and_currency::ZoneAndCurrencyFields;
use crate::instructor::dashboard::Dashboard;
use crate::shared::components::{
    ErrorBox, FieldMessage, FormAlert, Loading, field_errors_of, form_error_of, invalid, succeeded,
    textarea_text,
};
use domain::offerings::PaymentMethods;
use domain::session_type::AccessLevel;
use leptos::either::Either;

use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let save = ServerAction::<SaveOfferings>::new();
    let settings = Resource::new(|| (), |()| offerings());
    let zones = Resource::new(|| (), |()| timezone_names());
    let version = Signal::derive(move || save.version().get());
    let save_emails = ServerAction::<SaveMessageSettings>::new();
    let emails = Resource::new(|| (), |()| message_settings());
    let save_invoices = ServerAction::<SaveInvoiceDetails>::new();
    let invoices = Resource::new(|| (), |()| invoice_details());
    view! {
        <Dashboard title="Settings" offerings_version=version>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let zones = zones.await.unwrap_or_default();
                    match settings.await {
                        Ok(settings) => Either::Left(view! { <OfferingsForm settings zones action=save/> }),
                        Err(error) => Either::Right(view! { <ErrorBox error/> }),
                    }
                })}
            </Suspense>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match emails.await {
                        Ok(settings) => Either::Left(view! { <EmailsForm settings action=save_emails/> }),
                        Err(error) => Either::Right(view! { <ErrorBox error/> }),
                    }
                })}
            </Suspense>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match invoices.await {
                        Ok(details) => Either::Left(view! { <InvoicesForm details action=save_invoices/> }),
                        Err(error) => Either::Right(view! { <ErrorBox error/> }),
                    }
                })}
            </Suspense>
        </Dashboard>
    }
}

/// Settings > Emails: where booking emails reach the instructor, and their reminders.
#[component]
fn EmailsForm(
    settings: MessageSettingsView,
    action: ServerAction<SaveMessageSettings>,
) -> impl IntoView {
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    let saved = succeeded(action.value());
    let MessageSettingsView {
        contact_email,
        account_email,
        remind_instructor,
        send_survey,
        survey_delay_hours,
        nudge_after_booking,
        nudge_before_deadline,
    } = settings;
    view! {
        <ActionForm action=action attr:class="form settings" attr:novalidate=true>
            <FormAlert message=alert/>
            <fieldset>
                <legend>"Emails"</legend>
                <label for="contact_email">"Contact email"</label>
                <input id="contact_email" name="contact_email" type="email" autocomplete="email"
                    value=contact_email placeholder=account_email.clone()
                    aria-describedby="contact_email-hint contact_email-error"
                    aria-invalid=invalid(errors, "contact_email")/>
                <p class="hint" id="contact_email-hint">
                    {format!("New bookings and changes are sent here, and students' replies reach it. Leave it blank to use your account's email, {account_email}.")}
                </p>
                <FieldMessage errors field="contact_email"/>
                <label class="check">
                    <input type="checkbox" name="remind_instructor" value="on" checked=remind_instructor/>
                    "Remind me too, a day and an hour before each session"
                </label>
            </fieldset>
            <fieldset>
                <legend>"Feedback"</legend>
                <label class="check">
                    <input type="checkbox" name="send_survey" value="on" checked=send_survey/>
                    "Ask students to rate each session once it is over"
                </label>
                <label for="survey_delay_hours">"Send the survey this many hours after the end"</label>
                <input id="survey_delay_hours" name="survey_delay_hours" inputmode="numeric" class="short"
                    value=survey_delay_hours.to_string()
                    aria-describedby="survey_delay_hours-error" aria-invalid=invalid(errors, "survey_delay_hours")/>
                <FieldMessage errors field="survey_delay_hours"/>
            </fieldset>
            <fieldset>
                <legend>"Payment reminders"</legend>
                <p class="hint" id="nudges-hint">"Students who still owe a payment are reminded at these times. Hours apart by commas, like 1, 24; blank sends none."</p>
                <label for="nudge_after_booking">"Hours after booking"</label>
                <input id="nudge_after_booking" name="nudge_after_booking" class="short" value=nudge_after_booking
                    aria-describedby="nudges-hint nudge_after_booking-error" aria-invalid=invalid(errors, "nudge_after_booking")/>
                <FieldMessage errors field="nudge_after_booking"/>
                <label for="nudge_before_deadline">"Hours before the payment is due"</label>
                <input id="nudge_before_deadline" name="nudge_before_deadline" class="short" value=nudge_before_deadline
                    aria-describedby="nudges-hint nudge_before_deadline-error" aria-invalid=invalid(errors, "nudge_before_deadline")/>
                <FieldMessage errors field="nudge_before_deadline"/>
            </fieldset>
            <button type="submit" class="primary" disabled=move || action.pending().get()>"Save email settings"</button>
            <Show when=move || saved.get()>
                <p class="saved" role="status">"Email settings saved."</p>
            </Show>
        </ActionForm>
    }
}

#[component]
fn OfferingsForm(
    settings: OfferingsView,
    zones: Vec<String>,
    action: ServerAction<SaveOfferings>,
) -> impl IntoView {
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    let saved = succeeded(action.value());
    let saved_note = move || {
        action.value().with(|value| match value {
            Some(Ok(saved)) => saved.note.clone(),
            _ => None,
        })
    };
    let OfferingsView {
        personal_sessions,
        show_on_landing,
        default_access_level,
        pay_at_session,
        pay_by_check,
        pay_with_stripe,
        stripe_configured,
        timezone,
        currency,
    } = settings;
    view! {
        <ActionForm action=action attr:class="form settings" attr:novalidate=true>
            <FormAlert message=alert/>
            <fieldset>
                <legend>"Offerings"</legend>
                <label class="check">
                    <input type="checkbox" name="personal_sessions" value="on" checked=personal_sessions
                        aria-describedby="personal_sessions-hint"/>
                    "Personal Sessions"
                </label>
                <p class="hint" id="personal_sessions-hint">"One-to-one and small-group sessions students book by the hour. Off hides them from this dashboard and from your booking page."</p>
            </fieldset>
            <fieldset>
                <legend>"Sessions"</legend>
                <label class="check">
                    <input type="checkbox" name="show_on_landing" value="on" checked=show_on_landing/>
                    "Show on landing page"
                </label>
                <label for="default_access_level">"Default access level"</label>
                <select id="default_access_level" name="default_access_level"
                    aria-describedby="default_access_level-hint default_access_level-error">
                    {AccessLevel::ALL.into_iter().map(|level| view! {
                        <option value=level.as_str() selected=level == default_access_level>{level.label()}</option>
                    }).collect_view()}
                </select>
                <p class="hint" id="default_access_level-hint">"For session types that do not set their own."</p>
                <FieldMessage errors field="default_access_level"/>
                <ZoneAndCurrencyFields zone_label="Studio time zone" timezone currency zones errors/>
                <p class="hint" id="currency-hint">"Every price is in this currency. Changing it relabels the prices of your session types with the same figures (45.50 stays 45.50); nothing is converted."</p>
                <fieldset class="payment-methods" aria-describedby="payment_methods-error pay_with_stripe-error">
                    <legend>"Payment methods"</legend>
                    <label class="check">
                        <input type="checkbox" name="pay_at_session" value="on" checked=pay_at_session/>
                        {PaymentMethods::AT_SESSION_LABEL}
                    </label>
                    <label class="check">
                        <input type="checkbox" name="pay_by_check" value="on" checked=pay_by_check/>
                        {PaymentMethods::BY_CHECK_LABEL}
                    </label>
                    <label class="check">
                        <input type="checkbox" name="pay_with_stripe" value="on" checked=pay_with_stripe
                            disabled=!stripe_configured aria-describedby="pay_with_stripe-hint"/>
                        {PaymentMethods::STRIPE_LABEL}
                    </label>
                    <p class="hint" id="pay_with_stripe-hint">
                        {if stripe_configured { "Stripe is connected. " } else { "Stripe is not connected: connect it to take card payments. " }}
                        <a href="/dashboard/settings/payments">"Stripe settings"</a>
                    </p>
                    <FieldMessage errors field="payment_methods"/>
                    <FieldMessage errors field="pay_with_stripe"/>
                </fieldset>
            </fieldset>
            <button type="submit" class="primary" disabled=move || action.pending().get()>"Save settings"</button>
            <Show when=move || saved.get()>
                <p class="saved" role="status">"Settings saved. "{saved_note}</p>
            </Show>
        </ActionForm>
    }
}

/// Settings > Invoices: the address and contact at the head of every invoice.
#[component]
fn InvoicesForm(
    details: InvoiceDetailsView,
    action: ServerAction<SaveInvoiceDetails>,
) -> impl IntoView {
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    let saved = succeeded(action.value());
    view! {
        <ActionForm action=action attr:class="form settings" attr:novalidate=true>
            <FormAlert message=alert/>
            <fieldset>
                <legend>"Invoices"</legend>
                <p class="hint" id="invoices-hint">"Every payment and refund gets an invoice, numbered in turn, headed with your studio's name and these."</p>
                <label for="invoice-address">"Address"</label>
                <textarea id="invoice-address" name="address" rows="4"
                    aria-describedby="invoices-hint address-error" aria-invalid=invalid(errors, "address")>{textarea_text(&details.address)}</textarea>
                <FieldMessage errors field="address"/>
                <label for="invoice-contact">"Contact"</label>
                <input id="invoice-contact" name="contact" value=details.contact placeholder="Email, phone or website"
                    aria-describedby="contact-error" aria-invalid=invalid(errors, "contact")/>
                <FieldMessage errors field="contact"/>
            </fieldset>
            <button type="submit" class="primary" disabled=move || action.pending().get()>"Save invoice details"</button>
            <Show when=move || saved.get()>
                <p class="saved" role="status">"Invoice details saved."</p>
            </Show>
        </ActionForm>
    }
}
