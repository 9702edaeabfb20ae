//! The instructor's dashboard: studio settings, session types, weekly hours, bookings.

use crate::api::{
    AccountView, ChangePassword, CreateSessionType, DateOverrideView, DuplicateSessionType,
    RemoveDateOverride, SaveDateOverride, SaveStudio, SaveWeeklyHours, SessionTypeForm,
    SessionTypeView, SetSessionTypeStatus, SignOut, SlotPreview, UpdateSessionType,
    WeeklyHoursView, account, availability_preview, bookings, date_overrides,
    session_type_settings, session_types, timezone_names, weekly_hours,
};
use crate::components::{
    ErrorBox, FieldMessage, FormAlert, Loading, field_errors_of, form_error_of, invalid, succeeded,
};
use crate::error::AppError;
use domain::FieldErrors;
use domain::money::Currency;
use domain::session_type::{AccessLevel, BufferTime, MaxLeadDays, SessionDuration, SessionStatus};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The dashboard's frame: navigation and the page title.
///
/// The children render straight away, outside any `Suspense`, so every resource a page
/// creates exists before the first await: a resource created inside a `Suspend` is created
/// in a different order on the server and in the browser and breaks hydration. Each section
/// shows its own "sign in" error; the server redirects visitors without a session cookie.
#[component]
fn Dashboard(title: &'static str, children: Children) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <Title text=format!("{title} · Bookable")/>
        <div class="dashboard">
            <header class="dashboard-header">
                <a class="brand" href="/dashboard">"Bookable"</a>
                <nav aria-label="Dashboard">
                    <a href="/dashboard">"Studio"</a>
                    <a href="/dashboard/session-types">"Session types"</a>
                    <a href="/dashboard/availability">"Availability"</a>
                    <a href="/dashboard/bookings">"Bookings"</a>
                    <a href="/dashboard/account">"Account"</a>
                </nav>
                <ActionForm action=sign_out attr:class="sign-out">
                    <button type="submit" class="link">"Sign out"</button>
                </ActionForm>
            </header>
            <main class="dashboard-main">
                <h1>{title}</h1>
                {children()}
            </main>
        </div>
    }
}

#[component]
pub fn StudioSettingsPage() -> impl IntoView {
    view! {
        <Dashboard title="Studio">
            <StudioSettingsForm/>
        </Dashboard>
    }
}

#[component]
fn StudioSettingsForm() -> impl IntoView {
    let account = Resource::new(|| (), |()| account());
    let zones = Resource::new(|| (), |()| timezone_names());
    let action = ServerAction::<SaveStudio>::new();
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    let saved = succeeded(action.value());
    let saved_slug = move || {
        action.value().with(|value| match value {
            Some(Ok(studio)) => Some(studio.slug.clone()),
            _ => None,
        })
    };
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let studio = account.await.ok().flatten().and_then(|account: AccountView| account.studio);
                let zones = zones.await.unwrap_or_default();
                let (name, slug, timezone, currency) = match &studio {
                    Some(studio) => (studio.name.clone(), studio.slug.clone(), studio.timezone.clone(), studio.currency.clone()),
                    None => (String::new(), String::new(), String::new(), "USD".to_owned()),
                };
                let public_link = studio.as_ref().map(|studio| format!("/s/{}", studio.slug));
                view! {
                    <p class="intro">"Your studio's name, its public booking address and the time zone all session times are set in."</p>
                    <ActionForm action=action attr:class="form" attr:novalidate=true>
                        <FormAlert message=alert/>
                        <label for="name">"Studio name"</label>
                        <input id="name" name="name" value=name required maxlength="100"
                            aria-describedby="name-error" aria-invalid=invalid(errors, "name")/>
                        <FieldMessage errors field="name"/>
                        <label for="slug">"Booking page address"</label>
                        <div class="prefixed">
                            <span class="prefix" aria-hidden="true">"/s/"</span>
                            <input id="slug" name="slug" value=slug required
                                aria-describedby="slug-hint slug-error" aria-invalid=invalid(errors, "slug")/>
                        </div>
                        <p class="hint" id="slug-hint">"Lower-case letters, digits and hyphens, e.g. maple-yoga."</p>
                        <FieldMessage errors field="slug"/>
                        <label for="timezone">"Time zone"</label>
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
                        <button type="submit" class="primary" disabled=move || action.pending().get()>"Save studio"</button>
                        <Show when=move || saved.get()>
                            <p class="saved" role="status">"Saved. "
                                <a href=move || format!("/s/{}", saved_slug().unwrap_or_default())>"Open your booking page"</a>
                            </p>
                        </Show>
                    </ActionForm>
                    {public_link.map(|link| view! {
                        <p class="public-link">"Students book at "<a href=link.clone()>{link.clone()}</a></p>
                    })}
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn SessionTypesPage() -> impl IntoView {
    view! {
        <Dashboard title="Session types">
            <SessionTypes/>
        </Dashboard>
    }
}

#[component]
fn SessionTypes() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query
            .with(|query| query.get("status"))
            .filter(|status| !status.is_empty())
    });
    let create = ServerAction::<CreateSessionType>::new();
    let duplicate = ServerAction::<DuplicateSessionType>::new();
    let set_status = ServerAction::<SetSessionTypeStatus>::new();
    let types = Resource::new(
        move || {
            (
                create.version().get(),
                duplicate.version().get(),
                set_status.version().get(),
            )
        },
        |_| session_types(),
    );
    let errors = field_errors_of(create.value());
    let alert = form_error_of(create.value());
    let action_alert = Signal::derive(move || {
        form_error_of(duplicate.value())
            .get()
            .or_else(|| form_error_of(set_status.value()).get())
    });
    let saved = succeeded(create.value());
    let new_type = SessionTypeForm {
        duration_minutes: "60".to_owned(),
        capacity: "1".to_owned(),
        status: SessionStatus::Draft.as_str().to_owned(),
        ..SessionTypeForm::default()
    };
    view! {
        <section aria-labelledby="types-heading">
            <h2 id="types-heading">"Your session types"</h2>
            <nav class="filters" aria-label="Filter by status">
                <a href="/dashboard/session-types" aria-current=move || filter.get().is_none().then_some("page")>"All"</a>
                {SessionStatus::ALL.into_iter().map(|status| view! {
                    <a href=format!("/dashboard/session-types?status={}", status.as_str())
                        aria-current=move || (filter.get().as_deref() == Some(status.as_str())).then_some("page")>
                        {status.label()}
                    </a>
                }).collect_view()}
            </nav>
            <FormAlert message=action_alert/>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    let wanted = filter.get();
                    match types.await {
                        Ok(types) => {
                            let shown: Vec<_> = types
                                .into_iter()
                                .filter(|session_type| wanted.as_deref().is_none_or(|status| session_type.status_key == status))
                                .collect();
                            if shown.is_empty() {
                                Either::Left(Either::Left(view! {
                                    <p class="empty">{if wanted.is_some() { "No session types with this status." } else { "No session types yet. Create the first one below." }}</p>
                                }))
                            } else {
                                Either::Left(Either::Right(view! {
                                    <ul class="type-list">
                                        {shown.into_iter().map(|session_type| view! {
                                            <SessionTypeCard session_type duplicate set_status/>
                                        }).collect_view()}
                                    </ul>
                                }))
                            }
                        }
                        Err(error) => Either::Right(view! { <ErrorBox error/> }),
                    }
                })}
            </Transition>
        </section>
        <section aria-labelledby="new-type-heading">
            <h2 id="new-type-heading">"New session type"</h2>
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <FormAlert message=alert/>
                <SessionTypeFields initial=new_type errors/>
                <button type="submit" class="primary" disabled=move || create.pending().get()>"Create session type"</button>
                <Show when=move || saved.get()>
                    <p class="saved" role="status">"Session type created."</p>
                </Show>
            </ActionForm>
        </section>
    }
}

#[component]
fn SessionTypeCard(
    session_type: SessionTypeView,
    duplicate: ServerAction<DuplicateSessionType>,
    set_status: ServerAction<SetSessionTypeStatus>,
) -> impl IntoView {
    let id = session_type.id.to_string();
    let name = session_type.name.clone();
    let status_action = |target: SessionStatus, label: &'static str| {
        let id = id.clone();
        let name = name.clone();
        view! {
            <ActionForm action=set_status attr:class="inline">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="status" value=target.as_str()/>
                <button type="submit" class="small" aria-label=format!("{label} {name}")>{label}</button>
            </ActionForm>
        }
    };
    let is = |key: &str| session_type.status_key == key;
    let activate = (!is("active") && !is("archived"))
        .then(|| status_action(SessionStatus::Active, "Activate"));
    let pause = is("active").then(|| status_action(SessionStatus::Paused, "Pause"));
    let archive = (!is("archived")).then(|| status_action(SessionStatus::Archived, "Archive"));
    let restore = is("archived").then(|| status_action(SessionStatus::Draft, "Restore as draft"));
    view! {
        <li class="type-card">
            <div class="type-card-head">
                <h3>{session_type.name.clone()}</h3>
                <span class=format!("badge status-{}", session_type.status_key)>{session_type.status_label.clone()}</span>
            </div>
            <p class="meta">
                {session_type.duration_label.clone()}" · "
                {if session_type.capacity == 1 { "Private".to_owned() } else { format!("Group of up to {}", session_type.capacity) }}
                " · "{session_type.price_label.clone()}
            </p>
            <div class="card-actions">
                <a class="button small" href=format!("/dashboard/session-types/{id}") aria-label=format!("Edit {name}")>"Edit"</a>
                <ActionForm action=duplicate attr:class="inline">
                    <input type="hidden" name="id" value=id.clone()/>
                    <button type="submit" class="small" aria-label=format!("Duplicate {name}")>"Duplicate"</button>
                </ActionForm>
                {activate}
                {pause}
                {archive}
                {restore}
            </div>
        </li>
    }
}

/// Every field of a session type, filled with `initial`; used to create and to edit.
#[component]
fn SessionTypeFields(initial: SessionTypeForm, errors: Signal<FieldErrors>) -> impl IntoView {
    let SessionTypeForm {
        name,
        description,
        duration_minutes,
        capacity,
        price,
        non_member_price,
        status,
        location,
        access_level,
        buffer_minutes,
        min_lead_hours,
        max_lead_days,
        max_per_day,
    } = initial;
    view! {
        <label for="name">"Session name"</label>
        <input id="name" name="name" value=name required maxlength="100" placeholder="Private Mahjong Lesson"
            aria-describedby="name-error" aria-invalid=invalid(errors, "name")/>
        <FieldMessage errors field="name"/>
        <label for="description">"Description"</label>
        <textarea id="description" name="description" rows="3" aria-describedby="description-error" prop:value=description></textarea>
        <FieldMessage errors field="description"/>
        <div class="row">
            <div>
                <label for="duration_minutes">"Duration"</label>
                <select id="duration_minutes" name="duration_minutes" aria-describedby="duration_minutes-error">
                    {SessionDuration::ALLOWED_MINUTES.into_iter().map(|minutes| {
                        let label = SessionDuration::from_minutes(minutes).map(SessionDuration::label).unwrap_or_default();
                        let value = minutes.to_string();
                        let selected = value == duration_minutes;
                        view! { <option value=value selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
                <FieldMessage errors field="duration_minutes"/>
            </div>
            <div>
                <label for="capacity">"Capacity"</label>
                <input id="capacity" name="capacity" type="number" min="1" step="1" value=capacity inputmode="numeric"
                    aria-describedby="capacity-hint capacity-error" aria-invalid=invalid(errors, "capacity")/>
                <p class="hint" id="capacity-hint">"1 = private lesson; 2 or more = group."</p>
                <FieldMessage errors field="capacity"/>
            </div>
        </div>
        <div class="row">
            <div>
                <label for="price">"Price"</label>
                <input id="price" name="price" inputmode="decimal" placeholder="45.00" value=price
                    aria-describedby="price-error" aria-invalid=invalid(errors, "price")/>
                <FieldMessage errors field="price"/>
            </div>
            <div>
                <label for="status">"Status"</label>
                <select id="status" name="status" aria-describedby="status-hint status-error">
                    {SessionStatus::ALL.into_iter().map(|option| view! {
                        <option value=option.as_str() selected=option.as_str() == status>{option.label()}</option>
                    }).collect_view()}
                </select>
                <p class="hint" id="status-hint">"Only Active types are visible to students."</p>
                <FieldMessage errors field="status"/>
            </div>
        </div>
        <label for="location">"Location (optional)"</label>
        <input id="location" name="location" maxlength="200" placeholder="Studio A, 12 Elm Street" value=location
            aria-describedby="location-error" aria-invalid=invalid(errors, "location")/>
        <FieldMessage errors field="location"/>
        <details class="advanced">
            <summary>"Advanced settings"</summary>
            <div class="row">
                <div>
                    <label for="non_member_price">"Non-member price (optional)"</label>
                    <input id="non_member_price" name="non_member_price" inputmode="decimal" value=non_member_price
                        aria-describedby="non_member_price-hint non_member_price-error" aria-invalid=invalid(errors, "non_member_price")/>
                    <p class="hint" id="non_member_price-hint">"Leave blank for one price; when set, the price above is the members' price."</p>
                    <FieldMessage errors field="non_member_price"/>
                </div>
                <div>
                    <label for="access_level">"Access level"</label>
                    <select id="access_level" name="access_level" aria-describedby="access_level-error">
                        <option value="" selected=access_level.is_empty()>"Studio default"</option>
                        {AccessLevel::ALL.into_iter().map(|level| view! {
                            <option value=level.as_str() selected=level.as_str() == access_level>{level.label()}</option>
                        }).collect_view()}
                    </select>
                    <FieldMessage errors field="access_level"/>
                </div>
            </div>
            <div class="row">
                <div>
                    <label for="buffer_minutes">"Buffer time"</label>
                    <select id="buffer_minutes" name="buffer_minutes" aria-describedby="buffer_minutes-hint buffer_minutes-error">
                        {BufferTime::ALLOWED_MINUTES.into_iter().map(|minutes| {
                            let label = if minutes == 0 { "None".to_owned() } else { format!("{minutes} min") };
                            let value = minutes.to_string();
                            let selected = value == buffer_minutes || (minutes == 0 && buffer_minutes.is_empty());
                            view! { <option value=value selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                    <p class="hint" id="buffer_minutes-hint">"Kept free before and after each session."</p>
                    <FieldMessage errors field="buffer_minutes"/>
                </div>
                <div>
                    <label for="max_per_day">"Max sessions per day"</label>
                    <input id="max_per_day" name="max_per_day" type="number" min="1" step="1" inputmode="numeric" placeholder="Unlimited" value=max_per_day
                        aria-describedby="max_per_day-error" aria-invalid=invalid(errors, "max_per_day")/>
                    <FieldMessage errors field="max_per_day"/>
                </div>
            </div>
            <div class="row">
                <div>
                    <label for="min_lead_hours">"Min lead time (hours)"</label>
                    <input id="min_lead_hours" name="min_lead_hours" type="number" min="0" step="1" inputmode="numeric" placeholder="0" value=min_lead_hours
                        aria-describedby="min_lead_hours-hint min_lead_hours-error" aria-invalid=invalid(errors, "min_lead_hours")/>
                    <p class="hint" id="min_lead_hours-hint">"How far in advance students must book."</p>
                    <FieldMessage errors field="min_lead_hours"/>
                </div>
                <div>
                    <label for="max_lead_days">"Max lead time (days)"</label>
                    <input id="max_lead_days" name="max_lead_days" type="number" min="1" step="1" inputmode="numeric" placeholder=MaxLeadDays::DEFAULT.to_string() value=max_lead_days
                        aria-describedby="max_lead_days-hint max_lead_days-error" aria-invalid=invalid(errors, "max_lead_days")/>
                    <p class="hint" id="max_lead_days-hint">"How far ahead students can book."</p>
                    <FieldMessage errors field="max_lead_days"/>
                </div>
            </div>
        </details>
    }
}

#[component]
pub fn EditSessionTypePage() -> impl IntoView {
    view! {
        <Dashboard title="Edit session type">
            <EditSessionType/>
        </Dashboard>
    }
}

#[component]
fn EditSessionType() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|params| {
            params
                .get("id")
                .and_then(|id| id.parse::<i64>().ok())
                .unwrap_or(0)
        })
    });
    let settings = Resource::new(move || id.get(), session_type_settings);
    let update = ServerAction::<UpdateSessionType>::new();
    let errors = field_errors_of(update.value());
    let alert = form_error_of(update.value());
    let saved = succeeded(update.value());
    view! {
        <p class="crumb"><a href="/dashboard/session-types">"All session types"</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(initial) => Either::Left(view! {
                        <ActionForm action=update attr:class="form" attr:novalidate=true>
                            <FormAlert message=alert/>
                            <input type="hidden" name="session_type_id" value=id.get().to_string()/>
                            <SessionTypeFields initial errors/>
                            <button type="submit" class="primary" disabled=move || update.pending().get()>"Save changes"</button>
                            <Show when=move || saved.get()>
                                <p class="saved" role="status">"Changes saved."</p>
                            </Show>
                        </ActionForm>
                    }),
                    Err(error) => Either::Right(view! { <ErrorBox error/> }),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AvailabilityPage() -> impl IntoView {
    let save_hours = ServerAction::<SaveWeeklyHours>::new();
    let save_override = ServerAction::<SaveDateOverride>::new();
    let remove_override = ServerAction::<RemoveDateOverride>::new();
    let hours = Resource::new(|| (), |()| weekly_hours());
    let overrides = Resource::new(
        move || {
            (
                save_override.version().get(),
                remove_override.version().get(),
            )
        },
        |_| date_overrides(),
    );
    let (chosen_type, choose_type) = signal(None::<i64>);
    let preview = Resource::new(
        move || {
            (
                chosen_type.get(),
                save_hours.version().get(),
                save_override.version().get(),
                remove_override.version().get(),
            )
        },
        |(chosen, ..)| availability_preview(chosen),
    );
    view! {
        <Dashboard title="Availability">
            <WeeklyHoursForm hours action=save_hours/>
            <DateOverrides overrides save=save_override remove=remove_override/>
            <SlotPreviewSection preview choose_type/>
        </Dashboard>
    }
}

/// The text of every day of the week, editable, with "copy to other days".
#[derive(Clone, Copy)]
struct DayHours {
    field: &'static str,
    label: &'static str,
    ranges: RwSignal<String>,
}

const WEEKDAY_FIELDS: [(&str, &str); 7] = [
    ("monday", "Monday"),
    ("tuesday", "Tuesday"),
    ("wednesday", "Wednesday"),
    ("thursday", "Thursday"),
    ("friday", "Friday"),
    ("saturday", "Saturday"),
    ("sunday", "Sunday"),
];

#[component]
fn WeeklyHoursForm(
    hours: Resource<Result<WeeklyHoursView, AppError>>,
    action: ServerAction<SaveWeeklyHours>,
) -> impl IntoView {
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    let saved = succeeded(action.value());
    view! {
        <section class="panel" aria-labelledby="weekly-heading">
            <h2 id="weekly-heading">"Weekly hours"</h2>
            <p class="intro">"In your studio's time zone. Write one or more ranges per day, like "<code>"09:00-12:00, 13:00-17:00"</code>"; leave a day empty when closed."</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match hours.await {
                        Ok(hours) => {
                            let days: Vec<DayHours> = WEEKDAY_FIELDS
                                .into_iter()
                                .map(|(field, label)| {
                                    let text = hours
                                        .days
                                        .iter()
                                        .find(|(name, _, _)| name == field)
                                        .map(|(_, _, ranges)| ranges.clone())
                                        .unwrap_or_default();
                                    DayHours { field, label, ranges: RwSignal::new(text) }
                                })
                                .collect();
                            Either::Left(view! {
                                <ActionForm action=action attr:class="form weekly" attr:novalidate=true>
                                    <FormAlert message=alert/>
                                    {days.iter().map(|day| view! { <DayRow day=*day days=days.clone() errors/> }).collect_view()}
                                    <button type="submit" class="primary" disabled=move || action.pending().get()>"Save hours"</button>
                                    <Show when=move || saved.get()>
                                        <p class="saved" role="status">"Hours saved."</p>
                                    </Show>
                                </ActionForm>
                            })
                        }
                        Err(error) => Either::Right(view! { <ErrorBox error/> }),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// One day's ranges and a "Copy to…" disclosure that copies them into other days' fields
/// (saved with the rest of the week).
#[component]
fn DayRow(day: DayHours, days: Vec<DayHours>, errors: Signal<FieldErrors>) -> impl IntoView {
    let DayHours {
        field,
        label,
        ranges,
    } = day;
    let others: Vec<(DayHours, RwSignal<bool>)> = days
        .into_iter()
        .filter(|other| other.field != field)
        .map(|other| (other, RwSignal::new(false)))
        .collect();
    let copied = RwSignal::new(None::<String>);
    let apply = {
        let others = others.clone();
        move |_| {
            let text = ranges.get_untracked();
            let targets: Vec<&str> = others
                .iter()
                .filter(|(_, ticked)| ticked.get_untracked())
                .map(|(other, _)| {
                    other.ranges.set(text.clone());
                    other.label
                })
                .collect();
            copied.set(Some(if targets.is_empty() {
                "Tick the days to copy to.".to_owned()
            } else {
                format!("Copied to {}. Save hours to keep it.", targets.join(", "))
            }));
        }
    };
    view! {
        <div class="day-row">
            <label for=field>{label}</label>
            <input id=field name=field bind:value=ranges placeholder="Closed"
                aria-describedby=format!("{field}-error") aria-invalid=invalid(errors, field)/>
            <details class="copy-day">
                <summary aria-label=format!("Copy {label}'s hours to other days")>"Copy to…"</summary>
                <fieldset>
                    <legend>{format!("Copy {label}'s hours to")}</legend>
                    {others.into_iter().map(|(other, ticked)| view! {
                        <label class="check">
                            <input type="checkbox" bind:checked=ticked/>
                            {&other.label[..3]}
                        </label>
                    }).collect_view()}
                    <button type="button" class="small" on:click=apply>"Apply"</button>
                    <p class="hint" role="status">{move || copied.get()}</p>
                </fieldset>
            </details>
            <FieldMessage errors field/>
        </div>
    }
}

#[component]
fn DateOverrides(
    overrides: Resource<Result<Vec<DateOverrideView>, AppError>>,
    save: ServerAction<SaveDateOverride>,
    remove: ServerAction<RemoveDateOverride>,
) -> impl IntoView {
    let errors = field_errors_of(save.value());
    let alert = form_error_of(save.value());
    let saved = succeeded(save.value());
    let remove_alert = form_error_of(remove.value());
    let closed = RwSignal::new(false);
    view! {
        <section class="panel" aria-labelledby="overrides-heading">
            <h2 id="overrides-heading">"Date overrides"</h2>
            <p class="intro">"Close a single date, or give it other hours than the weekly ones."</p>
            <FormAlert message=remove_alert/>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match overrides.await {
                        Ok(list) if list.is_empty() => EitherOf3::A(view! {
                            <p class="empty">"No date overrides: every date follows the weekly hours."</p>
                        }),
                        Ok(list) => EitherOf3::B(view! {
                            <ul class="override-list">
                                {list.into_iter().map(|item| view! {
                                    <li>
                                        <span class="override-date">{item.date_label.clone()}</span>
                                        <span class="override-hours">{item.hours.clone()}</span>
                                        <ActionForm action=remove attr:class="inline">
                                            <input type="hidden" name="date" value=item.date.clone()/>
                                            <button type="submit" class="small" aria-label=format!("Remove the override on {}", item.date_label)>"Remove"</button>
                                        </ActionForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }),
                        Err(error) => EitherOf3::C(view! { <ErrorBox error/> }),
                    }
                })}
            </Transition>
            <ActionForm action=save attr:class="form override-form" attr:novalidate=true>
                <FormAlert message=alert/>
                <div class="row">
                    <div>
                        <label for="override-date">"Date"</label>
                        <input id="override-date" name="date" type="date" required
                            aria-describedby="date-error" aria-invalid=invalid(errors, "date")/>
                        <FieldMessage errors field="date"/>
                    </div>
                    <div>
                        <label for="override-hours">"Hours on that date"</label>
                        <input id="override-hours" name="hours" placeholder="10:00-14:00"
                            disabled=move || closed.get()
                            aria-describedby="hours-error" aria-invalid=invalid(errors, "hours")/>
                        <FieldMessage errors field="hours"/>
                    </div>
                </div>
                <label class="check">
                    <input type="checkbox" name="closed" value="on" bind:checked=closed/>
                    "Closed all day"
                </label>
                <button type="submit" class="primary" disabled=move || save.pending().get()>"Save date"</button>
                <Show when=move || saved.get()>
                    <p class="saved" role="status">"Date saved."</p>
                </Show>
            </ActionForm>
        </section>
    }
}

/// The next two weeks as students will see them, from the same engine as the booking page.
#[component]
fn SlotPreviewSection(
    preview: Resource<Result<SlotPreview, AppError>>,
    choose_type: WriteSignal<Option<i64>>,
) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="preview-heading">
            <h2 id="preview-heading">"Preview: the next two weeks"</h2>
            <p class="intro">"The times students can book, counting bookings, buffers and lead times. Draft and paused types can be previewed too."</p>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match preview.await {
                        Ok(preview) if preview.session_types.is_empty() => EitherOf3::A(view! {
                            <p class="empty">"Create a session type to preview its slots."</p>
                        }),
                        Ok(preview) => EitherOf3::B(view! {
                            <div class="preview">
                                <label for="preview-type">"Session type"</label>
                                <select id="preview-type"
                                    on:change=move |event| choose_type.set(event_target_value(&event).parse().ok())>
                                    {preview.session_types.iter().map(|(id, name)| view! {
                                        <option value=id.to_string() selected=Some(*id) == preview.chosen>{name.clone()}</option>
                                    }).collect_view()}
                                </select>
                                <ol class="preview-days" aria-label="Slots by day">
                                    {preview.days.into_iter().map(|day| {
                                        let empty = day.slots.is_empty();
                                        view! {
                                            <li class="preview-day">
                                                <h3>{day.date_label}</h3>
                                                {if empty {
                                                    Either::Left(view! { <p class="muted">"No slots"</p> })
                                                } else {
                                                    Either::Right(view! {
                                                        <ul class="slot-chips">
                                                            {day.slots.into_iter().map(|slot| view! { <li>{slot}</li> }).collect_view()}
                                                        </ul>
                                                    })
                                                }}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ol>
                            </div>
                        }),
                        Err(error) => EitherOf3::C(view! { <ErrorBox error/> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn BookingsPage() -> impl IntoView {
    view! {
        <Dashboard title="Bookings">
            <BookingsTable/>
        </Dashboard>
    }
}

#[component]
fn BookingsTable() -> impl IntoView {
    let list = Resource::new(|| (), |()| bookings());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(items) if items.is_empty() => EitherOf3::A(view! { <p class="empty">"No bookings yet."</p> }),
                    Ok(items) => EitherOf3::B(view! {
                        <table class="bookings">
                            <thead>
                                <tr><th scope="col">"Date"</th><th scope="col">"Time"</th><th scope="col">"Session"</th><th scope="col">"Student"</th><th scope="col">"Status"</th></tr>
                            </thead>
                            <tbody>
                                {items.into_iter().map(|item| view! {
                                    <tr>
                                        <td>{item.date_label}</td>
                                        <td>{item.time_label}</td>
                                        <td>{item.session_type_name}</td>
                                        <td>{item.student_name}<br/><span class="muted">{item.student_email}</span></td>
                                        <td>{item.status_label}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }),
                    Err(error) => EitherOf3::C(view! { <ErrorBox error/> }),
                }
            })}
        </Suspense>
    }
}

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
                    <label for="new_password">"New password"</label>
                    <input id="new_password" name="new_password" type="password" autocomplete="new-password" required
                        aria-describedby="new_password-hint new_password-error" aria-invalid=invalid(errors, "new_password")/>
                    <p class="hint" id="new_password-hint">"At least 10 characters. Your other sessions are signed out."</p>
                    <FieldMessage errors field="new_password"/>
                    <button type="submit" class="primary" disabled=move || action.pending().get()>"Change password"</button>
                    <Show when=move || saved.get()>
                        <p class="saved" role="status">"Password changed. Other sessions were signed out."</p>
                    </Show>
                </ActionForm>
            </section>
        </Dashboard>
    }
}
