//! The student's WASM bundle: hydrates the studio, booking and account pages the server
//! rendered. The dashboard's code is not in it.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::student::StudentApp);
    app::shared::components::mark_hydrated();
}
