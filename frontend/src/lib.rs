//! The instructor's WASM bundle: hydrates the home, account and dashboard pages the server
//! rendered. Students' phones never load it.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::instructor::InstructorApp);
    app::shared::components::mark_hydrated();
}
