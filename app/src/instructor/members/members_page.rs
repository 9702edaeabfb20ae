//! `/dashboard/members`: the member list, adding one, importing many.

use super::api::{AddMember, ImportMembers, ImportReport, MemberView, RemoveMember, members};
use crate::instructor::dashboard::Dashboard;
#[cfg(feature = "hydrate")]
use crate::shared::components::first_chosen_file;
use crate::shared::components::{
    ErrorBox, FieldMessage, FormAlert, Loading, field_errors_of, form_error_of, invalid, succeeded,
};
use crate::shared::error::AppError;
use leptos::either::EitherOf3;

use leptos::prelude::*;

#[component]
pub fn MembersPage() -> impl IntoView {
    let add = ServerAction::<AddMember>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let import = ServerAction::<ImportMembers>::new();
    let list = Resource::new(
        move || {
            (
                add.version().get(),
                remove.version().get(),
                import.version().get(),
            )
        },
        |_| members(),
    );
    view! {
        <Dashboard title="Members">
            <p class="intro">"Members pay member prices and can book members-only session types."</p>
            <MemberList list remove/>
            <AddMemberForm action=add/>
            <ImportMembersForm action=import/>
        </Dashboard>
    }
}

#[component]
fn MemberList(
    list: Resource<Result<Vec<MemberView>, AppError>>,
    remove: ServerAction<RemoveMember>,
) -> impl IntoView {
    let remove_alert = form_error_of(remove.value());
    view! {
        <section class="panel" aria-labelledby="member-list-heading">
            <h2 id="member-list-heading">"Member list"</h2>
            <FormAlert message=remove_alert/>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.is_empty() => EitherOf3::A(view! {
                            <p class="empty">"No members yet. Add them one by one or import a CSV file."</p>
                        }),
                        Ok(list) => EitherOf3::B(view! {
                            <p class="muted">{format!("{} members", list.len())}</p>
                            <table class="bookings members">
                                <thead><tr><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                                <tbody>
                                    {list.into_iter().map(|member| view! {
                                        <tr>
                                            <td>{member.name.clone()}</td>
                                            <td>{member.email.clone()}</td>
                                            <td>
                                                <ActionForm action=remove attr:class="inline">
                                                    <input type="hidden" name="id" value=member.id.to_string()/>
                                                    <button type="submit" class="small" aria-label=format!("Remove {} ({})", member.name, member.email)>"Remove"</button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }),
                        Err(error) => EitherOf3::C(view! { <ErrorBox error/> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn AddMemberForm(action: ServerAction<AddMember>) -> impl IntoView {
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    let saved = succeeded(action.value());
    view! {
        <section class="panel" aria-labelledby="add-member-heading">
            <h2 id="add-member-heading">"Add a member"</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormAlert message=alert/>
                <div class="row">
                    <div>
                        <label for="member-name">"Name"</label>
                        <input id="member-name" name="name" autocomplete="off" maxlength="100"
                            aria-describedby="name-error" aria-invalid=invalid(errors, "name")/>
                        <FieldMessage errors field="name"/>
                    </div>
                    <div>
                        <label for="member-email">"Email"</label>
                        <input id="member-email" name="email" type="email" autocomplete="off"
                            aria-describedby="email-error" aria-invalid=invalid(errors, "email")/>
                        <FieldMessage errors field="email"/>
                    </div>
                </div>
                <button type="submit" class="primary" disabled=move || action.pending().get()>"Add member"</button>
                <Show when=move || saved.get()>
                    <p class="saved" role="status">"Member added."</p>
                </Show>
            </ActionForm>
        </section>
    }
}

#[component]
fn ImportMembersForm(action: ServerAction<ImportMembers>) -> impl IntoView {
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    let rows = RwSignal::new(String::new());
    let report = move || {
        action.value().with(|value| match value {
            Some(Ok(report)) => Some(report.clone()),
            _ => None,
        })
    };
    let on_file = move |event: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        read_csv_file(event, rows);
        #[cfg(not(feature = "hydrate"))]
        let _ = (event, rows);
    };
    view! {
        <section class="panel" aria-labelledby="import-heading">
            <h2 id="import-heading">"Import from CSV"</h2>
            <p class="intro">"One member per row: name, then email. A header row (Name, Email) is optional; Excel's semicolon files work too."</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormAlert message=alert/>
                <label for="csv-file">"CSV file"</label>
                <input id="csv-file" type="file" accept=".csv,text/csv,text/plain" on:change=on_file
                    aria-describedby="csv-file-hint"/>
                <p class="hint" id="csv-file-hint">"Its rows appear below; check them, then import."</p>
                <label for="csv">"Rows to import"</label>
                <textarea id="csv" name="csv" rows="6" bind:value=rows placeholder="Ada Lovelace, ada@example.com"
                    aria-describedby="csv-error" aria-invalid=invalid(errors, "csv")></textarea>
                <FieldMessage errors field="csv"/>
                <button type="submit" class="primary" disabled=move || action.pending().get()>"Import members"</button>
            </ActionForm>
            {move || report().map(|report| view! { <ImportResult report/> })}
        </section>
    }
}

#[component]
fn ImportResult(report: ImportReport) -> impl IntoView {
    let ImportReport {
        added,
        already_members,
        rejected,
    } = report;
    let summary = format!(
        "Imported {added} new {}. {} already on the list, {} rejected.",
        if added == 1 { "member" } else { "members" },
        already_members.len(),
        rejected.len()
    );
    view! {
        <div class="import-report" role="status">
            <p>{summary}</p>
            {(!already_members.is_empty()).then(|| view! {
                <p class="muted">"Already members: "{already_members.join(", ")}</p>
            })}
            {(!rejected.is_empty()).then(|| view! {
                <table class="bookings rejected">
                    <caption>"Rejected rows"</caption>
                    <thead><tr><th scope="col">"Line"</th><th scope="col">"Row"</th><th scope="col">"Why"</th></tr></thead>
                    <tbody>
                        {rejected.into_iter().map(|row| view! {
                            <tr><td>{row.line}</td><td><code>{row.content}</code></td><td>{row.reason}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn read_csv_file(event: leptos::ev::Event, rows: RwSignal<String>) {
    let Some(file) = first_chosen_file(&event) else {
        return;
    };
    leptos::task::spawn_local(async move {
        if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
            rows.set(text.as_string().unwrap_or_default());
        }
    });
}
