//! The packages a session type offers: rows of name, price, description and what is included.

use crate::shared::components::textarea_text;
use domain::FieldErrors;
use domain::packages::{PackageInput, Packages};

use leptos::prelude::*;

/// One editable package; `key` tells rows apart when others are removed.
#[derive(Clone, Copy)]
struct PackageRow {
    key: usize,
    initial: StoredValue<PackageInput>,
}

/// The packages students pick from when they book, in order.
#[component]
pub(crate) fn PackagesEditor(
    initial: Vec<PackageInput>,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    let next_key = StoredValue::new(initial.len());
    let rows = RwSignal::new(
        initial
            .into_iter()
            .enumerate()
            .map(|(key, package)| PackageRow {
                key,
                initial: StoredValue::new(package),
            })
            .collect::<Vec<_>>(),
    );
    let add = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|rows| {
            rows.push(PackageRow {
                key,
                initial: StoredValue::new(PackageInput::default()),
            })
        });
    };
    let full = move || rows.with(|rows| rows.len() >= Packages::MAX);
    view! {
        <section class="packages" aria-labelledby="packages-heading">
            <h3 id="packages-heading">"Packages"</h3>
            <p class="hint">"Optional price options, such as \u{201c}5 photos\u{201d} and \u{201c}All photos\u{201d}. \
                With packages, the student picks one when booking and pays its price, members too; \
                the retainer and refund settings apply to it."</p>
            <p class="field-error" aria-live="polite">{move || errors.with(|errors| errors.message_for("packages").map(str::to_owned))}</p>
            <For each=move || rows.get() key=|row| row.key let:row>
                <PackageRowFields row rows errors/>
            </For>
            <button type="button" class="small" on:click=add disabled=full>"Add package"</button>
        </section>
    }
}

#[component]
fn PackageRowFields(
    row: PackageRow,
    rows: RwSignal<Vec<PackageRow>>,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    let position = move || {
        rows.with(|rows| rows.iter().position(|other| other.key == row.key))
            .unwrap_or(0)
    };
    let name = move |part: &'static str| move || format!("packages[{}][{part}]", position());
    let id = move |part: &'static str| format!("package-{}-{part}", row.key);
    let error = move |part: &'static str| {
        move || {
            let field = format!("packages[{}].{part}", position());
            errors.with(|errors| errors.message_for(&field).map(str::to_owned))
        }
    };
    let initial = row.initial.get_value();
    let remove = move |_| rows.update(|rows| rows.retain(|other| other.key != row.key));
    view! {
        <fieldset class="package-row">
            <legend>{move || format!("Package {}", position() + 1)}</legend>
            <label for=id("name")>"Package name"</label>
            <input id=id("name") name=name("name") maxlength="80" value=initial.name placeholder="All photos"/>
            <p class="field-error" aria-live="polite">{error("name")}</p>
            <label for=id("price")>"Package price"</label>
            <input id=id("price") name=name("price") inputmode="decimal" value=initial.price placeholder="250"/>
            <p class="field-error" aria-live="polite">{error("price")}</p>
            <label for=id("description")>"Package description (optional)"</label>
            <input id=id("description") name=name("description") maxlength="300" value=initial.description/>
            <p class="field-error" aria-live="polite">{error("description")}</p>
            <label for=id("included")>"What is included, one a line (optional)"</label>
            <textarea id=id("included") name=name("included") rows="3">{textarea_text(&initial.included)}</textarea>
            <p class="field-error" aria-live="polite">{error("included")}</p>
            <button type="button" class="small" on:click=remove
                aria-label=move || format!("Remove package {}", position() + 1)>"Remove"</button>
        </fieldset>
    }
}
