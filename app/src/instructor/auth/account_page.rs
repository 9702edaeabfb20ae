//! `/dashboard/account`: the signed-in email and a password change.

use super::api::ChangePassword;
use crate::instructor::dashboard::Dashboard;
use crate::instructor::studio::api::account;
use crate::shared::components::{
    ErrorBox, FieldMessage, FormAlert, Loading, NewPasswordField, field_errors_of, form_error_of,
    invalid, succeeded,
};
use crate::shared::error::AppError;
use leptos::either::Either;

use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    let account = Resource::new(|| (), |()| account());
    let action = ServerAction::<ChangePassword>::new();
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    let saved = succeeded(action.value());
    view! {
        <Dashboard title="Account">
            <section class="panel" aria-labelledby="signed-in-heading">
                <h2 id="signed-in-heading">"Signed in as"</h2>
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match account.await {
                            Ok(Some(account)) => Either::Left(view! { <p class="account-email">{account.email}</p> }),
                            Ok(None) => Either::Right(view! { <ErrorBox error=AppError::SignInRequired/> }),
                            Err(error) => Either::Right(view! { <ErrorBox error/> }),
                        }
                    })}
                </Suspense>
            </section>
            <section class="panel" aria-labelledby="password-heading">
                <h2 id="password-heading">"Change password"</h2>
                <ActionForm action=action attr:class="form" attr:novalidate=true>
                    <FormAlert message=alert/>
                    <label for="current_password">"Current password"</label>
                    <input id="current_password" name="current_password" type="password" autocomplete="current-password" required
                        aria-describedby="current_password-error" aria-invalid=invalid(errors, "current_password")/>
                    <FieldMessage errors field="current_password"/>
                    <NewPasswordField field="new_password" label="New password"
                        hint="At least 10 characters. Your other sessions are signed out." errors/>
                    <button type="submit" class="primary" disabled=move || action.pending().get()>"Change password"</button>
                    <Show when=move || saved.get()>
                        <p class="saved" role="status">"Password changed. Other sessions were signed out."</p>
                    </Show>
                </ActionForm>
            </section>
        </Dashboard>
    }
}
