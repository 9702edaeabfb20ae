//! Every field of a session type: the form both the new and the edit page use.

use super::api::{QuestionForm, SessionTypeForm};
use crate::instructor::forms::api::AttachableForms;
#[cfg(feature = "hydrate")]
use crate::shared::components::first_chosen_file;
use crate::shared::components::{FieldMessage, invalid, textarea_text};
#[cfg(feature = "hydrate")]
use crate::shared::error::AppError;
use domain::FieldErrors;
use domain::questions::{QuestionKind, RegistrationQuestions};
use domain::session_type::{
    AccessLevel, BufferTime, MaxLeadDays, SessionDuration, SessionStatus, StartInterval,
};

use leptos::either::Either;
use leptos::prelude::*;

/// Every field of a session type, filled with `initial`; used to create and to edit.
#[component]
pub(crate) fn SessionTypeFields(
    initial: SessionTypeForm,
    errors: Signal<FieldErrors>,
    /// The library's forms to attach, loaded by the page with its other data (a nested
    /// suspense in this form's server render could keep the page from ever answering);
    /// `None` when they could not be read.
    forms: Option<AttachableForms>,
    /// A mini session's details: its dates set the spots' lengths, seats and places, and
    /// Share and Publish its status and access, so those fields stay as they are, hidden.
    #[prop(optional)]
    mini: bool,
) -> impl IntoView {
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
        payment_due_hours,
        card_collection,
        retainer,
        collect_outside,
        full_refund_hours,
        late_refund,
        video_link,
        cover_image,
        questions,
        packages,
        start_every_minutes,
        contract_id,
        questionnaire_id,
    } = initial;
    view! {
        <label for="name">"Session name"</label>
        <input id="name" name="name" value=name required maxlength="100" placeholder="Private Mahjong Lesson"
            aria-describedby="name-error" aria-invalid=invalid(errors, "name")/>
        <FieldMessage errors field="name"/>
        <label for="description">"Description"</label>
        <textarea id="description" name="description" rows="3" aria-describedby="description-error">{textarea_text(&description)}</textarea>
        <FieldMessage errors field="description"/>
        <div class="row" hidden=mini>
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
            <div hidden=mini>
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
        <div hidden=mini>
            <label for="location">"Location (optional)"</label>
            <input id="location" name="location" maxlength="200" placeholder="Studio A, 12 Elm Street" value=location
                aria-describedby="location-error" aria-invalid=invalid(errors, "location")/>
            <FieldMessage errors field="location"/>
        </div>
        <label for="video_link">"Video call link (optional)"</label>
        <input id="video_link" name="video_link" type="url" inputmode="url" maxlength="500" placeholder="https://zoom.us/j/123456789" value=video_link
            aria-describedby="video_link-hint video_link-error" aria-invalid=invalid(errors, "video_link")/>
        <p class="hint" id="video_link-hint">"For online sessions: sent to students when they book."</p>
        <FieldMessage errors field="video_link"/>
        <CoverImageField initial=cover_image errors/>
        <AttachedFormsFields contract_id questionnaire_id errors forms/>
        <QuestionsEditor initial=questions errors/>
        <super::packages_editor::PackagesEditor initial=packages errors/>
        <label class="check">
            <input type="checkbox" name="collect_outside" value="on" checked=collect_outside == "on"/>
            "Collect payment outside Bookable (clients book without paying online)"
        </label>
        <p class="hint">
            "Otherwise clients pay the ways you offer: set them up first in "
            <a href="/dashboard/settings">"Settings"</a>" (at the session, by check) and "
            <a href="/dashboard/settings/payments">"card payments"</a>"."
        </p>
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
                <div hidden=mini>
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
                    <label for="card_collection">"Card payments at booking take"</label>
                    <select id="card_collection" name="card_collection" aria-describedby="card_collection-hint card_collection-error">
                        <option value="full" selected=card_collection != "retainer">"The full price"</option>
                        <option value="retainer" selected=card_collection == "retainer">"A retainer"</option>
                    </select>
                    <p class="hint" id="card_collection-hint">"With a retainer, the rest is paid at the session."</p>
                    <FieldMessage errors field="card_collection"/>
                </div>
                <div>
                    <label for="retainer">"Retainer (amount, or a percentage such as 25%)"</label>
                    <input id="retainer" name="retainer" inputmode="decimal" maxlength="20" value=retainer
                        aria-describedby="retainer-error" aria-invalid=invalid(errors, "retainer")/>
                    <FieldMessage errors field="retainer"/>
                </div>
            </div>
            <div class="row">
                <div>
                    <label for="full_refund_hours">"Card payments refunded in full until (hours before)"</label>
                    <input id="full_refund_hours" name="full_refund_hours" type="number" min="0" max="720" step="1" inputmode="numeric" placeholder="24" value=full_refund_hours
                        aria-describedby="full_refund_hours-hint full_refund_hours-error" aria-invalid=invalid(errors, "full_refund_hours")/>
                    <p class="hint" id="full_refund_hours-hint">"When you cancel, the student always gets everything back."</p>
                    <FieldMessage errors field="full_refund_hours"/>
                </div>
                <div>
                    <label for="late_refund">"A student who cancels later gets back"</label>
                    <select id="late_refund" name="late_refund" aria-describedby="late_refund-error">
                        <option value="keep_retainer" selected=late_refund != "keep_everything">"All but the retainer"</option>
                        <option value="keep_everything" selected=late_refund == "keep_everything">"Nothing"</option>
                    </select>
                    <FieldMessage errors field="late_refund"/>
                </div>
            </div>
            <div class="row">
                <div hidden=mini>
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
                <div hidden=mini>
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
                <div hidden=mini>
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
                <div>
                    <label for="payment_due_hours">"Payment due within (hours after booking)"</label>
                    <input id="payment_due_hours" name="payment_due_hours" type="number" min="1" max="720" step="1" inputmode="numeric" placeholder="By the session" value=payment_due_hours
                        aria-describedby="payment_due_hours-hint payment_due_hours-error" aria-invalid=invalid(errors, "payment_due_hours")/>
                    <p class="hint" id="payment_due_hours-hint">"For payments by check. Unpaid bookings expire then and free their spot; blank waits until the session starts."</p>
                    <FieldMessage errors field="payment_due_hours"/>
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
pub(crate) fn CoverImageField(initial: String, errors: Signal<FieldErrors>) -> impl IntoView {
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

#[cfg(feature = "hydrate")]
pub(crate) fn upload_cover(
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
pub(crate) async fn send_cover(form: web_sys::FormData) -> Result<String, String> {
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

/// The library's contract and questionnaire the booking form asks for.
#[component]
fn AttachedFormsFields(
    contract_id: String,
    questionnaire_id: String,
    errors: Signal<FieldErrors>,
    forms: Option<AttachableForms>,
) -> impl IntoView {
    let select = move |field: &'static str, chosen: String, options: Vec<(i64, String)>| {
        view! {
            <select id=field name=field aria-describedby=format!("{field}-error") aria-invalid=invalid(errors, field)>
                <option value="" selected=chosen.is_empty()>"None"</option>
                {options.into_iter().map(|(id, title)| {
                    let value = id.to_string();
                    let selected = value == chosen;
                    view! { <option value=value selected=selected>{title}</option> }
                }).collect_view()}
            </select>
            <FieldMessage errors field=field/>
        }
    };
    let fields = match forms {
        // Unread choices must not detach what is attached.
        None => Either::Left(view! {
            <input type="hidden" name="contract_id" value=contract_id/>
            <input type="hidden" name="questionnaire_id" value=questionnaire_id/>
            <p class="form-alert" role="alert">"Your forms could not be loaded; the ones attached stay attached."</p>
        }),
        Some(choices) => Either::Right(view! {
            <div class="row">
                <div>
                    <label for="contract_id">"Contract"</label>
                    {select("contract_id", contract_id, choices.contracts)}
                </div>
                <div>
                    <label for="questionnaire_id">"Questionnaire"</label>
                    {select("questionnaire_id", questionnaire_id, choices.questionnaires)}
                </div>
            </div>
        }),
    };
    view! {
        <section class="attached-forms" aria-labelledby="attached-forms-heading">
            <h3 id="attached-forms-heading">"Contract & questionnaire"</h3>
            <p class="hint">"Clients sign the contract and answer the questionnaire when they book. Write them once in your "
                <a href="/dashboard/forms">"forms library"</a>"."</p>
            {fields}
        </section>
    }
}

/// One editable question; `key` tells rows apart when others are removed.
#[derive(Clone, Copy)]
pub(crate) struct QuestionRow {
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
pub(crate) fn QuestionsEditor(
    initial: Vec<QuestionForm>,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
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
pub(crate) fn QuestionRowFields(
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
    let not_choice = move || {
        row.kind
            .with(|kind| kind != "single_choice" && kind != "checkboxes")
    };
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
