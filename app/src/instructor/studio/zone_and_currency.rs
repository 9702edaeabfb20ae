//! The time zone and currency fields, as a new studio and Settings ask for them.

use crate::shared::components::{FieldMessage, invalid};
use domain::FieldErrors;
use domain::money::Currency;

use leptos::prelude::*;

/// The studio's IANA time zone (searchable: the browser filters the list as one types) and
/// currency, as the studio form and Settings > Offerings both ask for them.
#[component]
pub(crate) fn ZoneAndCurrencyFields(
    zone_label: &'static str,
    timezone: String,
    currency: String,
    zones: Vec<String>,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    view! {
        <label for="timezone">{zone_label}</label>
        <input id="timezone" name="timezone" value=timezone list="timezone-names" required
            placeholder="Start typing, e.g. America/New_York"
            aria-describedby="timezone-error" aria-invalid=invalid(errors, "timezone")/>
        <datalist id="timezone-names">
            {zones.into_iter().map(|zone| view! { <option value=zone/> }).collect_view()}
        </datalist>
        <FieldMessage errors field="timezone"/>
        <label for="currency">"Currency"</label>
        <select id="currency" name="currency" aria-describedby="currency-error">
            {Currency::ALL.into_iter().map(|option| {
                let code = option.code();
                view! { <option value=code selected=code == currency>{code}</option> }
            }).collect_view()}
        </select>
        <FieldMessage errors field="currency"/>
    }
}
