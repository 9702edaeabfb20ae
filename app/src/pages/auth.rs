use crate::api::{RequestPasswordReset, ResetPassword, SignIn, SignUp};
use crate::components::{
    EmailField, FormAlert, NewPasswordField, field_errors_of, form_error_of, succeeded,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

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

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    let sent = succeeded(action.value());
    view! {
        <Title text="Reset your password · Bookable"/>
        <main class="page narrow">
            <h1>"Reset your password"</h1>
            <p class="intro">"Enter the email of your account and we'll send you a link to choose a new password."</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormAlert message=alert/>
                <EmailField errors/>
                <button type="submit" class="primary" disabled=move || action.pending().get()>"Email me a link"</button>
                <Show when=move || sent.get()>
                    <p class="saved" role="status">"If an account uses that email, a link is on its way. It works once, for one hour."</p>
                </Show>
            </ActionForm>
            <p><a href="/signin">"Back to sign in"</a></p>
        </main>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.with(|query| query.get("token").unwrap_or_default());
    let action = ServerAction::<ResetPassword>::new();
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    view! {
        <Title text="Choose a new password · Bookable"/>
        <main class="page narrow">
            <h1>"Choose a new password"</h1>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormAlert message=alert/>
                <input type="hidden" name="token" value=token/>
                <NewPasswordField field="password" label="New password"
                    hint="At least 10 characters. Every other session of your account is signed out." errors/>
                <button type="submit" class="primary" disabled=move || action.pending().get()>"Save new password"</button>
            </ActionForm>
            <p><a href="/forgot-password">"Ask for a new link"</a></p>
        </main>
    }
}
