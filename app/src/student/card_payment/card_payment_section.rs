//! The card section of a booking waiting for its card payment. Its script
//! (`/card-payment.js`) mounts Stripe.js's card field, turns the card into a token, and calls
//! `pay_by_card`, then Stripe.js's 3-D Secure and `check_card_payment` when the bank asks.
//! The section adds the script once it is in the page (hydrated, or drawn after the booking
//! form): a script drawn with it would not run when drawn in the browser.

use super::api::CardPaymentView;
use leptos::prelude::*;

#[component]
pub fn CardPaymentSection(link: String, card: CardPaymentView) -> impl IntoView {
    let pay = format!("Pay {}", card.amount_label);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(document) = web_sys::window().and_then(|window| window.document())
            && let (Ok(script), Some(body)) = (document.create_element("script"), document.body())
        {
            let _ = script.set_attribute("src", "/card-payment.js");
            let _ = body.append_child(&script);
        }
    });
    view! {
        <section class="card-payment" aria-labelledby="pay-heading" data-card-payment=""
            data-link=link data-publishable-key=card.publishable_key data-stripe-js=card.js_url>
            <h2 id="pay-heading">"Pay by card"</h2>
            <form class="form" novalidate>
                <p class="meta"><strong>{card.amount_line}</strong></p>
                <span class="label" id="card-label">"Card details"</span>
                <div class="card-field" role="group" aria-labelledby="card-label" aria-describedby="card-error"
                    data-card-field=""></div>
                <p class="field-error" id="card-error" role="alert" data-card-error=""></p>
                <p class="status" role="status" data-card-status=""></p>
                <button type="submit" class="primary" disabled data-label=pay.clone()>{pay.clone()}</button>
                <p class="muted">"Your card details go straight to Stripe, the studio's payment processor; Bookable never sees them."</p>
            </form>
        </section>
    }
}
