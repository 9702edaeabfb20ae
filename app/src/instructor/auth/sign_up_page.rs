//! `/signup`: a new instructor account.

use super::api::SignUp;
use crate::shared::components::{
    EmailField, FormAlert, NewPasswordField, field_errors_of, form_error_of,
};
use leptos_meta::Title;

use leptos::prelude::*;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    view! {
        <Title text="Create your account · Bookable"/>
        <main class="page narrow">
            <h1>"Create your instructor account"</h1>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormAlert message=alert/>
                <EmailField errors/>
                <NewPasswordField field="password" label="Password" hint="At least 10 characters." errors/>
                <button type="submit" class="primary" disabled=move || action.pending().get()>"Create account"</button>
            </ActionForm>
            <p>"Already have an account? "<a href="/signin">"Sign in"</a></p>
        </main>
    }
}
