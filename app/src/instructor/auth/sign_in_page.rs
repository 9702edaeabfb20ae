//! `/signin`: an instructor signs in.

use super::api::SignIn;
use crate::shared::components::{EmailField, FormAlert, field_errors_of, form_error_of};
use leptos_meta::Title;

use leptos::prelude::*;

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    view! {
        <Title text="Sign in · Bookable"/>
        <main class="page narrow">
            <h1>"Sign in"</h1>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormAlert message=alert/>
                <EmailField errors/>
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required/>
                <button type="submit" class="primary" disabled=move || action.pending().get()>"Sign in"</button>
            </ActionForm>
            <p><a href="/forgot-password">"Forgot your password?"</a></p>
            <p>"New here? "<a href="/signup">"Create an account"</a></p>
        </main>
    }
}
