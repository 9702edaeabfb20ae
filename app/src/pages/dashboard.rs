//! The instructor's dashboard: studio settings, session types, weekly hours, bookings.

use crate::api::{
    AccountView, AddMember, ChangePassword, CreateSessionType, DateOverrideView,
    DuplicateSessionType, ImportMembers, ImportReport, MemberView, OfferingsView, QuestionForm,
    RemoveDateOverride, RemoveMember, RenewShareLink, SaveDateOverride, SaveOfferings, SaveStudio,
    SaveWeeklyHours, SessionTypeForm, SessionTypeView, SetSessionTypeStatus, SignOut, SlotPreview,
    UpdateSessionType, WeeklyHoursView, account, availability_preview, date_overrides, members,
    offerings, session_type_settings, session_type_summary, session_types, timezone_names,
    weekly_hours,
};
use crate::components::{
    CopyableLink, DateField, ErrorBox, FieldMessage, FormAlert, Loading, NewPasswordField,
    field_errors_of, form_error_of, invalid, succeeded, successes, textarea_text,
};
use crate::error::AppError;
use domain::FieldErrors;
use domain::money::Currency;
use domain::offerings::PaymentMethods;
use domain::questions::{QuestionKind, RegistrationQuestions};
use domain::session_type::{
    AccessLevel, BufferTime, MaxLeadDays, SessionDuration, SessionStatus, StartInterval,
};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

/// The dashboard's frame: navigation and the page title.
///
/// The children render straight away, outside any `Suspense`, so every resource a page
/// creates exists before the first await: a resource created inside a `Suspend` is created
/// in a different order on the server and in the browser and breaks hydration. Each section
/// shows its own "sign in" error; the server redirects visitors without a session cookie.
#[component]
pub(crate) fn Dashboard(
    title: &'static str,
    /// Changes when a page saves the offerings, so the navigation follows at once.
    #[prop(optional, into)]
    offerings_version: Option<Signal<usize>>,
    children: Children,
) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    let offered = Resource::new(
        move || offerings_version.map(|version| version.get()),
        |_| offerings(),
    );
    let path = use_location().pathname;
    // The page a link leads to is marked as the current one, for the eye and for screen readers.
    let current = move |href: &'static str| {
        move || {
            path.with(|path| {
                let here = if href == "/dashboard" {
                    path == href
                } else {
                    path == href || path.starts_with(&format!("{href}/"))
                };
                here.then_some("page")
            })
        }
    };
    view! {
        <Title text=format!("{title} · Bookable")/>
        <div class="dashboard">
            <header class="dashboard-header">
                <a class="brand" href="/dashboard">"Bookable"</a>
                <nav aria-label="Dashboard">
                    <a href="/dashboard" aria-current=current("/dashboard")>"Studio"</a>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            // Personal sessions switched off hide their pages; while unknown, show them.
                            let shown = offered.await.map(|offered| offered.personal_sessions).unwrap_or(true);
                            shown.then(|| view! {
                                <span class="nav-group">
                                    <a href="/dashboard/session-types" aria-current=current("/dashboard/session-types")>"Session types"</a>
                                    <a href="/dashboard/availability" aria-current=current("/dashboard/availability")>"Availability"</a>
                                </span>
                            })
                        })}
                    </Transition>
                    <a href="/dashboard/members" aria-current=current("/dashboard/members")>"Members"</a>
                    <a href="/dashboard/bookings" aria-current=current("/dashboard/bookings")>"Bookings"</a>
                    <a href="/dashboard/settings" aria-current=current("/dashboard/settings")>"Settings"</a>
                    <a href="/dashboard/account" aria-current=current("/dashboard/account")>"Account"</a>
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
                let (name, slug) = match &studio {
                    Some(studio) => (studio.name.clone(), studio.slug.clone()),
                    None => (String::new(), String::new()),
                };
                let public_link = studio.as_ref().map(|studio| format!("/s/{}", studio.slug));
                // The zone and currency are chosen when the studio is created, and changed in
                // Settings afterwards: one place to change them.
                let zone_and_currency = match &studio {
                    None => Either::Left(view! {
                        <ZoneAndCurrencyFields zone_label="Time zone" timezone=String::new() currency="USD".to_owned() zones errors/>
                    }),
                    Some(studio) => Either::Right(view! {
                        <p class="hint">"Time zone "<strong>{studio.timezone.clone()}</strong>", currency "<strong>{studio.currency.clone()}</strong>": "
                            <a href="/dashboard/settings">"change them in Settings"</a>"."</p>
                    }),
                };
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
                        {zone_and_currency}
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

/// The studio's IANA time zone (searchable: the browser filters the list as one types) and
/// currency, as the studio form and Settings > Offerings both ask for them.
#[component]
fn ZoneAndCurrencyFields(
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
                {session_type.link_only.then(|| view! { <span class="badge link-only">"Link only"</span> })}
            </div>
            <p class="meta">
                {session_type.duration_label.clone()}" · "{session_type.capacity_label()}" · "{session_type.price_label.clone()}
            </p>
            {session_type.share_link.clone().map(|link| view! {
                <p class="hint">"Not listed: students book it through this link."</p>
                <CopyableLink label=format!("Share link of {}", session_type.name) link/>
            })}
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
        change_cutoff_hours,
        video_link,
        cover_image,
        questions,
        start_every_minutes,
    } = initial;
    view! {
        <label for="name">"Session name"</label>
        <input id="name" name="name" value=name required maxlength="100" placeholder="Private Mahjong Lesson"
            aria-describedby="name-error" aria-invalid=invalid(errors, "name")/>
        <FieldMessage errors field="name"/>
        <label for="description">"Description"</label>
        <textarea id="description" name="description" rows="3" aria-describedby="description-error">{textarea_text(&description)}</textarea>
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
                <input id="price" name="price" inputmode="decimal" placeholder="45" value=price
                    aria-describedby="price-hint price-error" aria-invalid=invalid(errors, "price")/>
                <p class="hint" id="price-hint">"In your studio's currency; 45, 45.50 and 45,50 all work."</p>
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
        <label for="video_link">"Video call link (optional)"</label>
        <input id="video_link" name="video_link" type="url" inputmode="url" maxlength="500" placeholder="https://zoom.us/j/123456789" value=video_link
            aria-describedby="video_link-hint video_link-error" aria-invalid=invalid(errors, "video_link")/>
        <p class="hint" id="video_link-hint">"For online sessions: sent to students when they book."</p>
        <FieldMessage errors field="video_link"/>
        <CoverImageField initial=cover_image errors/>
        <QuestionsEditor initial=questions errors/>
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
                    <p class="hint" id="buffer_minutes-hint">"The least time kept free between this session and other bookings."</p>
                    <FieldMessage errors field="buffer_minutes"/>
                </div>
                <div>
                    <label for="start_every_minutes">"Start times every"</label>
                    <select id="start_every_minutes" name="start_every_minutes" aria-describedby="start_every_minutes-hint start_every_minutes-error">
                        <option value=StartInterval::DURATION selected=start_every_minutes.is_empty() || start_every_minutes == StartInterval::DURATION>"Session length"</option>
                        {StartInterval::ALLOWED_MINUTES.into_iter().map(|minutes| {
                            let value = minutes.to_string();
                            let selected = value == start_every_minutes;
                            view! { <option value=value selected=selected>{format!("{minutes} minutes")}</option> }
                        }).collect_view()}
                    </select>
                    <p class="hint" id="start_every_minutes-hint">"From the opening time: every 30 minutes lets a 90-minute lesson start at 09:00, 09:30, 10:00…"</p>
                    <FieldMessage errors field="start_every_minutes"/>
                </div>
                <div>
                    <label for="max_per_day">"Max sessions per day"</label>
                    <input id="max_per_day" name="max_per_day" type="number" min="1" step="1" inputmode="numeric" placeholder="Unlimited" value=max_per_day
                        aria-describedby="max_per_day-error" aria-invalid=invalid(errors, "max_per_day")/>
                    <FieldMessage errors field="max_per_day"/>
                </div>
                <div>
                    <label for="change_cutoff_hours">"Students may cancel or reschedule until (hours before)"</label>
                    <input id="change_cutoff_hours" name="change_cutoff_hours" type="number" min="0" step="1" inputmode="numeric" placeholder="24" value=change_cutoff_hours
                        aria-describedby="change_cutoff_hours-error" aria-invalid=invalid(errors, "change_cutoff_hours")/>
                    <FieldMessage errors field="change_cutoff_hours"/>
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

/// The cover: uploaded as soon as it is chosen (type and size are checked by the server),
/// then saved with the form through the hidden `cover_image` field.
#[component]
fn CoverImageField(initial: String, errors: Signal<FieldErrors>) -> impl IntoView {
    let cover = RwSignal::new(initial);
    let upload_error = RwSignal::new(None::<String>);
    let uploading = RwSignal::new(false);
    let message = move || {
        upload_error
            .get()
            .or_else(|| errors.with(|errors| errors.message_for("cover_image").map(str::to_owned)))
    };
    let on_choose = move |event: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        upload_cover(event, cover, upload_error, uploading);
        #[cfg(not(feature = "hydrate"))]
        let _ = (event, cover, upload_error, uploading);
    };
    view! {
        <div class="cover-field">
            <input type="hidden" name="cover_image" value=move || cover.get() prop:value=move || cover.get()/>
            <label for="cover_upload">"Cover image (optional)"</label>
            <Show when=move || !cover.with(String::is_empty)>
                <img class="cover preview" src=move || format!("/media/{}", cover.get()) alt="Current cover image" width="320" height="180"/>
                <button type="button" class="small" on:click=move |_| cover.set(String::new())>"Remove cover image"</button>
            </Show>
            <input id="cover_upload" type="file" accept="image/jpeg,image/png,image/webp"
                aria-describedby="cover_image-hint cover_image-error" on:change=on_choose/>
            <p class="hint" id="cover_image-hint">
                {move || if uploading.get() { "Uploading…" } else { "JPEG, PNG or WebP, at most 5 MB. Shown on your booking page." }}
            </p>
            <p class="field-error" id="cover_image-error" aria-live="polite">{message}</p>
        </div>
    }
}

/// The file picked in the `<input type="file">` that fired `event`.
#[cfg(feature = "hydrate")]
fn first_chosen_file(event: &leptos::ev::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
}

#[cfg(feature = "hydrate")]
fn upload_cover(
    event: leptos::ev::Event,
    cover: RwSignal<String>,
    upload_error: RwSignal<Option<String>>,
    uploading: RwSignal<bool>,
) {
    let Some(file) = first_chosen_file(&event) else {
        return;
    };
    let Ok(form) = web_sys::FormData::new() else {
        return;
    };
    if form.append_with_blob("cover_image", &file).is_err() {
        return;
    }
    uploading.set(true);
    upload_error.set(None);
    leptos::task::spawn_local(async move {
        let outcome = send_cover(form).await;
        uploading.set(false);
        match outcome {
            Ok(name) => cover.set(name),
            Err(message) => upload_error.set(Some(message)),
        }
    });
}

#[cfg(feature = "hydrate")]
async fn send_cover(form: web_sys::FormData) -> Result<String, String> {
    #[derive(serde::Deserialize)]
    struct Uploaded {
        name: String,
    }
    let offline =
        |_| "The upload did not reach Bookable; check your connection and try again.".to_owned();
    let response = gloo_net::http::Request::post("/uploads/cover")
        .header("Accept", "application/json")
        .body(form)
        .map_err(offline)?
        .send()
        .await
        .map_err(offline)?;
    if response.ok() {
        return response
            .json::<Uploaded>()
            .await
            .map(|uploaded| uploaded.name)
            .map_err(offline);
    }
    Err(match response.json::<AppError>().await {
        Ok(error) => error
            .field_errors()
            .message_for("cover_image")
            .map(str::to_owned)
            .unwrap_or_else(|| error.to_string()),
        Err(_) => format!("The upload failed ({}).", response.status()),
    })
}

/// One editable question; `key` tells rows apart when others are removed.
#[derive(Clone, Copy)]
struct QuestionRow {
    key: usize,
    prompt: RwSignal<String>,
    kind: RwSignal<String>,
    options: RwSignal<String>,
    required: RwSignal<bool>,
}

impl QuestionRow {
    fn new(key: usize, question: QuestionForm) -> Self {
        Self {
            key,
            prompt: RwSignal::new(question.prompt),
            kind: RwSignal::new(if question.kind.is_empty() {
                "short_text".to_owned()
            } else {
                question.kind
            }),
            options: RwSignal::new(question.options),
            required: RwSignal::new(question.required.is_some()),
        }
    }
}

/// The registration questions students answer when they book, in order.
#[component]
fn QuestionsEditor(initial: Vec<QuestionForm>, errors: Signal<FieldErrors>) -> impl IntoView {
    let next_key = StoredValue::new(initial.len());
    let rows = RwSignal::new(
        initial
            .into_iter()
            .enumerate()
            .map(|(key, question)| QuestionRow::new(key, question))
            .collect::<Vec<_>>(),
    );
    let add = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|rows| rows.push(QuestionRow::new(key, QuestionForm::default())));
    };
    let full = move || rows.with(|rows| rows.len() >= RegistrationQuestions::MAX);
    view! {
        <section class="questions" aria-labelledby="questions-heading">
            <h3 id="questions-heading">"Registration questions"</h3>
            <p class="hint">"Asked when students book; their answers appear with the booking."</p>
            <FieldMessage errors field="questions"/>
            <For each=move || rows.get() key=|row| row.key let:row>
                <QuestionRowFields row rows errors/>
            </For>
            <button type="button" class="small" on:click=add disabled=full>"Add question"</button>
        </section>
    }
}

#[component]
fn QuestionRowFields(
    row: QuestionRow,
    rows: RwSignal<Vec<QuestionRow>>,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    let position = move || {
        rows.with(|rows| rows.iter().position(|other| other.key == row.key))
            .unwrap_or(0)
    };
    let name = move |part: &'static str| move || format!("questions[{}][{part}]", position());
    let id = move |part: &'static str| move || format!("question-{}-{part}", row.key);
    let error = move |part: &'static str| {
        move || {
            let field = format!("questions[{}].{part}", position());
            errors.with(|errors| errors.message_for(&field).map(str::to_owned))
        }
    };
    let not_choice = move || row.kind.with(|kind| kind != "single_choice");
    let remove = move |_| rows.update(|rows| rows.retain(|other| other.key != row.key));
    view! {
        <fieldset class="question-row">
            <legend>{move || format!("Question {}", position() + 1)}</legend>
            <label for=id("prompt")>"Question"</label>
            <input id=id("prompt") name=name("prompt") maxlength="200" value=row.prompt.get_untracked() bind:value=row.prompt
                placeholder="What would you like to work on?"/>
            <p class="field-error" aria-live="polite">{error("prompt")}</p>
            <label for=id("kind")>"Answer type"</label>
            <select id=id("kind") name=name("kind") on:change=move |event| row.kind.set(event_target_value(&event))
                prop:value=move || row.kind.get()>
                {QuestionKind::FORM_CHOICES.into_iter().map(|(value, label)| view! {
                    <option value=value selected=move || row.kind.with(|kind| kind == value)>{label}</option>
                }).collect_view()}
            </select>
            <p class="field-error" aria-live="polite">{error("kind")}</p>
            <div hidden=not_choice>
                <label for=id("options")>"Choices, one per line"</label>
                <textarea id=id("options") name=name("options") rows="3" bind:value=row.options>{textarea_text(&row.options.get_untracked())}</textarea>
                <p class="field-error" aria-live="polite">{error("options")}</p>
            </div>
            <label class="check">
                <input type="checkbox" name=name("required") value="on" checked=row.required.get_untracked() bind:checked=row.required/>
                "Required"
            </label>
            <button type="button" class="small" on:click=remove
                aria-label=move || format!("Remove question {}", position() + 1)>"Remove"</button>
        </fieldset>
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
    let renew = ServerAction::<RenewShareLink>::new();
    let updated = successes(update.value());
    let renewed = successes(renew.value());
    let summary = Resource::new(
        move || (id.get(), updated.get(), renewed.get()),
        |(id, ..)| session_type_summary(id),
    );
    let errors = field_errors_of(update.value());
    let alert = form_error_of(update.value());
    let saved = succeeded(update.value());
    view! {
        <p class="crumb"><a href="/dashboard/session-types">"All session types"</a></p>
        <ShareLinkPanel summary renew/>
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

/// A link-only type's share link, and a way to replace it when it went where it should not.
#[component]
fn ShareLinkPanel(
    summary: Resource<Result<SessionTypeView, AppError>>,
    renew: ServerAction<RenewShareLink>,
) -> impl IntoView {
    let renew_alert = form_error_of(renew.value());
    let renewed = succeeded(renew.value());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                summary.await.ok().and_then(|session_type| {
                    let link = session_type.share_link.clone()?;
                    Some(view! {
                        <section class="panel share" aria-labelledby="share-heading">
                            <h2 id="share-heading">"Share link"</h2>
                            <p class="hint">"This session type is link only: it is not listed on your booking page, and students book it through this link."</p>
                            <CopyableLink label=format!("Share link of {}", session_type.name) link/>
                            <ActionForm action=renew attr:class="inline-form">
                                <FormAlert message=renew_alert/>
                                <input type="hidden" name="id" value=session_type.id.to_string()/>
                                <button type="submit" class="small" disabled=move || renew.pending().get()>"Make a new link"</button>
                                <p class="hint">"The current link then stops working; bookings already made stay."</p>
                            </ActionForm>
                            <Show when=move || renewed.get()>
                                <p class="saved" role="status">"New link made. The old one no longer works."</p>
                            </Show>
                        </section>
                    })
                })
            })}
        </Transition>
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
            <input id=field name=field value=ranges.get_untracked() bind:value=ranges placeholder="Closed"
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
                        <DateField id="override-date" name="date" label="Date" errors/>
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
                                <p class="muted">"Times in "{preview.timezone.clone()}"."</p>
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

#[component]
pub fn SettingsPage() -> impl IntoView {
    let save = ServerAction::<SaveOfferings>::new();
    let settings = Resource::new(|| (), |()| offerings());
    let zones = Resource::new(|| (), |()| timezone_names());
    let version = Signal::derive(move || save.version().get());
    view! {
        <Dashboard title="Settings" offerings_version=version>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let zones = zones.await.unwrap_or_default();
                    match settings.await {
                        Ok(settings) => Either::Left(view! { <OfferingsForm settings zones action=save/> }),
                        Err(error) => Either::Right(view! { <ErrorBox error/> }),
                    }
                })}
            </Suspense>
        </Dashboard>
    }
}

#[component]
fn OfferingsForm(
    settings: OfferingsView,
    zones: Vec<String>,
    action: ServerAction<SaveOfferings>,
) -> impl IntoView {
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    let saved = succeeded(action.value());
    let saved_note = move || {
        action.value().with(|value| match value {
            Some(Ok(saved)) => saved.note.clone(),
            _ => None,
        })
    };
    let OfferingsView {
        personal_sessions,
        show_on_landing,
        default_access_level,
        pay_at_session,
        pay_by_check,
        pay_with_stripe,
        stripe_configured,
        timezone,
        currency,
    } = settings;
    view! {
        <ActionForm action=action attr:class="form settings" attr:novalidate=true>
            <FormAlert message=alert/>
            <fieldset>
                <legend>"Offerings"</legend>
                <label class="check">
                    <input type="checkbox" name="personal_sessions" value="on" checked=personal_sessions
                        aria-describedby="personal_sessions-hint"/>
                    "Personal Sessions"
                </label>
                <p class="hint" id="personal_sessions-hint">"One-to-one and small-group sessions students book by the hour. Off hides them from this dashboard and from your booking page."</p>
            </fieldset>
            <fieldset>
                <legend>"Sessions"</legend>
                <label class="check">
                    <input type="checkbox" name="show_on_landing" value="on" checked=show_on_landing/>
                    "Show on landing page"
                </label>
                <label for="default_access_level">"Default access level"</label>
                <select id="default_access_level" name="default_access_level"
                    aria-describedby="default_access_level-hint default_access_level-error">
                    {AccessLevel::ALL.into_iter().map(|level| view! {
                        <option value=level.as_str() selected=level.as_str() == default_access_level>{level.label()}</option>
                    }).collect_view()}
                </select>
                <p class="hint" id="default_access_level-hint">"For session types that do not set their own."</p>
                <FieldMessage errors field="default_access_level"/>
                <ZoneAndCurrencyFields zone_label="Studio time zone" timezone currency zones errors/>
                <p class="hint" id="currency-hint">"Every price is in this currency. Changing it relabels the prices of your session types with the same figures (45.50 stays 45.50); nothing is converted."</p>
                <fieldset class="payment-methods" aria-describedby="payment_methods-error pay_with_stripe-error">
                    <legend>"Payment methods"</legend>
                    <label class="check">
                        <input type="checkbox" name="pay_at_session" value="on" checked=pay_at_session/>
                        {PaymentMethods::AT_SESSION_LABEL}
                    </label>
                    <label class="check">
                        <input type="checkbox" name="pay_by_check" value="on" checked=pay_by_check/>
                        {PaymentMethods::BY_CHECK_LABEL}
                    </label>
                    <label class="check">
                        <input type="checkbox" name="pay_with_stripe" value="on" checked=pay_with_stripe
                            disabled=!stripe_configured aria-describedby="pay_with_stripe-hint"/>
                        {PaymentMethods::STRIPE_LABEL}
                    </label>
                    <p class="hint" id="pay_with_stripe-hint">
                        {if stripe_configured { "Stripe is connected." } else { "Stripe: not configured. Card payments can be chosen once Stripe is connected." }}
                    </p>
                    <FieldMessage errors field="payment_methods"/>
                    <FieldMessage errors field="pay_with_stripe"/>
                </fieldset>
            </fieldset>
            <button type="submit" class="primary" disabled=move || action.pending().get()>"Save settings"</button>
            <Show when=move || saved.get()>
                <p class="saved" role="status">"Settings saved. "{saved_note}</p>
            </Show>
        </ActionForm>
    }
}

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
