//! `/dashboard/settings/payments`: connecting the studio's own Stripe account.

use super::api::{
    ConnectStripe, ConnectedStripeView, DisconnectStripe, StripeConnectionView,
    TestStripeConnection, stripe_connection,
};
use crate::instructor::dashboard::Dashboard;
use crate::shared::components::{
    CopyableLink, ErrorBox, FieldMessage, FormAlert, Loading, field_errors_of, form_error_of,
    invalid,
};
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn StripeSettingsPage() -> impl IntoView {
    let connect = ServerAction::<ConnectStripe>::new();
    let disconnect = ServerAction::<DisconnectStripe>::new();
    let connection = Resource::new(
        move || (connect.version().get(), disconnect.version().get()),
        |_| stripe_connection(),
    );
    view! {
        <Dashboard title="Stripe">
            <p class="intro">
                "Connect your own Stripe account. The keys are checked with Stripe first, and the secret ones are kept encrypted."
            </p>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match connection.await {
                        Ok(view) => Either::Left(view! { <StripePanel view connect disconnect/> }),
                        Err(error) => Either::Right(view! { <ErrorBox error/> }),
                    }
                })}
            </Transition>
        </Dashboard>
    }
}

#[component]
fn StripePanel(
    view: StripeConnectionView,
    connect: ServerAction<ConnectStripe>,
    disconnect: ServerAction<DisconnectStripe>,
) -> impl IntoView {
    let StripeConnectionView {
        connected,
        webhook_url,
    } = view;
    match connected {
        Some(account) => Either::Left(view! {
            <section class="panel" aria-labelledby="stripe-heading">
                <h2 id="stripe-heading">"Stripe is connected"</h2>
                <ConnectedDetails account/>
                <TestConnection/>
                <DisconnectForm action=disconnect/>
            </section>
            <section class="panel" aria-labelledby="replace-heading">
                <h2 id="replace-heading">"Replace the keys"</h2>
                <p class="hint">"Enter all three again, e.g. to move from test mode to live mode. They are checked with Stripe before they replace the ones above."</p>
                <KeysForm action=connect webhook_url submit="Check and replace the keys"/>
            </section>
        }),
        None => Either::Right(view! {
            <section class="panel" aria-labelledby="stripe-heading">
                <h2 id="stripe-heading">"Connect Stripe"</h2>
                <ol class="steps">
                    <li>"In Stripe's dashboard, open Developers › API keys and copy the publishable key and the secret key."</li>
                    <li>"Open Developers › Webhooks, add an endpoint at the address below for the events payment_intent.succeeded and payment_intent.payment_failed, and copy its signing secret."</li>
                </ol>
                <KeysForm action=connect webhook_url submit="Connect and test"/>
            </section>
        }),
    }
}

#[component]
fn ConnectedDetails(account: ConnectedStripeView) -> impl IntoView {
    view! {
        <dl class="confirmation">
            <dt>"Mode"</dt>
            <dd>{account.mode.label()}</dd>
            <dt>"Secret key"</dt>
            <dd><code>{account.secret_key_hint}</code></dd>
            <dt>"Publishable key"</dt>
            <dd><code>{account.publishable_key}</code></dd>
            <dt>"Connected"</dt>
            <dd>{account.connected_at}</dd>
        </dl>
    }
}

#[component]
fn TestConnection() -> impl IntoView {
    let test = ServerAction::<TestStripeConnection>::new();
    let alert = form_error_of(test.value());
    let answer = move || test.value().get().and_then(Result::ok);
    view! {
        <ActionForm action=test attr:class="inline-form">
            <button type="submit" disabled=move || test.pending().get()>"Test the connection"</button>
        </ActionForm>
        <FormAlert message=alert/>
        <Show when=move || answer().is_some()>
            <p class="saved" role="status">{answer}</p>
        </Show>
    }
}

#[component]
fn DisconnectForm(action: ServerAction<DisconnectStripe>) -> impl IntoView {
    let alert = form_error_of(action.value());
    view! {
        <ActionForm action=action attr:class="inline-form">
            <button type="submit" class="danger" disabled=move || action.pending().get()>"Disconnect Stripe"</button>
        </ActionForm>
        <FormAlert message=alert/>
        <p class="hint">"Disconnecting forgets the keys and stops offering card payments."</p>
    }
}

#[component]
fn KeysForm(
    action: ServerAction<ConnectStripe>,
    webhook_url: String,
    submit: &'static str,
) -> impl IntoView {
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    view! {
        <CopyableLink label="Webhook endpoint address".to_owned() link=webhook_url/>
        <ActionForm action=action attr:class="form" attr:novalidate=true attr:autocomplete="off">
            <FormAlert message=alert/>
            <label for="publishable_key">"Publishable key"</label>
            <input id="publishable_key" name="publishable_key" placeholder="pk_live_…" spellcheck="false"
                aria-describedby="publishable_key-error" aria-invalid=invalid(errors, "publishable_key")/>
            <FieldMessage errors field="publishable_key"/>
            <label for="secret_key">"Secret key"</label>
            <input id="secret_key" name="secret_key" type="password" placeholder="sk_live_…" autocomplete="new-password"
                aria-describedby="secret_key-hint secret_key-error" aria-invalid=invalid(errors, "secret_key")/>
            <p class="hint" id="secret_key-hint">"Kept encrypted and never shown again; a restricted key (rk_…) works if it may read and write PaymentIntents and refunds."</p>
            <FieldMessage errors field="secret_key"/>
            <label for="webhook_secret">"Webhook signing secret"</label>
            <input id="webhook_secret" name="webhook_secret" type="password" placeholder="whsec_…" autocomplete="new-password"
                aria-describedby="webhook_secret-error" aria-invalid=invalid(errors, "webhook_secret")/>
            <FieldMessage errors field="webhook_secret"/>
            <button type="submit" class="primary" disabled=move || action.pending().get()>{submit}</button>
        </ActionForm>
    }
}
