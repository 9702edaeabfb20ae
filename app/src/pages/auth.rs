use crate::api::{SignIn, SignUp};
use crate::components::{FieldMessage, FormAlert, field_errors_of, form_error_of, invalid};
use leptos::prelude::*;
use leptos_meta::Title;

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
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="email" required
                    aria-describedby="email-error" aria-invalid=invalid(errors, "email")/>
                <FieldMessage errors field="email"/>
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="new-password" required
                    aria-describedby="password-hint password-error" aria-invalid=invalid(errors, "password")/>
                <p class="hint" id="password-hint">"At least 10 characters."</p>
                <FieldMessage errors field="password"/>
                <button type="submit" class="primary" disabled=move || action.pending().get()>"Create account"</button>
            </ActionForm>
            <p>"Already have an account? "<a href="/signin">"Sign in"</a></p>
        </main>
    }
}

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
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="email" required
                    aria-describedby="email-error" aria-invalid=invalid(errors, "email")/>
                <FieldMessage errors field="email"/>
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required/>
                <button type="submit" class="primary" disabled=move || action.pending().get()>"Sign in"</button>
            </ActionForm>
            <p>"New here? "<a href="/signup">"Create an account"</a></p>
        </main>
    }
}
