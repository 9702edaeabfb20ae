//! The studio's Bio Link: one light phone page, made on the server with no script, listing
//! what the studio publishes (for the link in a social-media profile).

use super::server::public_studio_record;
use crate::server::booking_ops::{Viewer, priced_view};
use crate::server::notices::escape_html;
use crate::server::state::AppState;
use crate::shared::error::AppError;

/// The Bio Link's path for a studio.
pub fn bio_link_path(slug: &str) -> String {
    format!("/bio/{slug}")
}

/// The Bio Link page of the studio at `slug`, as HTML.
pub async fn bio_link_page(state: &AppState, slug: &str) -> Result<String, AppError> {
    let studio = public_studio_record(state, slug).await?;
    let offerings = state.store.offerings(studio.id).await?;
    let anyone = Viewer::default();
    let today = studio.settings.timezone.local(state.now()).date_naive();
    let slug = studio.settings.slug.to_string();
    let items: String = state
        .store
        .session_types(studio.id)
        .await?
        .iter()
        .filter(|session_type| offerings.lists_for(&session_type.spec, false))
        .filter_map(|session_type| {
            let view = priced_view(session_type, &anyone);
            let summary = match &session_type.spec.mini {
                Some(mini) => {
                    let dates: Vec<String> = mini
                        .days
                        .iter()
                        .filter(|day| day.date >= today)
                        .map(|day| day.date.format("%A %-d %B").to_string())
                        .collect();
                    // A mini whose dates have all passed has nothing left to book.
                    if dates.is_empty() {
                        return None;
                    }
                    format!("{} · {}", dates.join(", "), view.price_label)
                }
                None => format!("{} · {}", view.duration_label, view.price_label),
            };
            let cover = view
                .cover_url
                .as_deref()
                .map(|url| format!("<img src=\"{}\" alt=\"\">", escape_html(url)))
                .unwrap_or_default();
            Some(format!(
                "<li><a href=\"/s/{slug}/{id}\">{cover}<span><strong>{name}</strong>\
<span class=\"summary\">{summary}</span></span></a></li>",
                slug = escape_html(&slug),
                id = session_type.id,
                name = escape_html(&view.name),
                summary = escape_html(&summary),
            ))
        })
        .collect();
    let listing = if items.is_empty() {
        "<p class=\"empty\">Nothing is open for booking right now.</p>".to_owned()
    } else {
        format!("<ul class=\"links\">{items}</ul>")
    };
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{name}: book a session</title><link rel=\"stylesheet\" href=\"/bio.css\">\
</head><body><main class=\"bio\"><header><h1>{name}</h1><p>Book a session</p></header>\
{listing}<footer><a href=\"/s/{slug}\">All sessions of {name}</a></footer></main></body></html>",
        name = escape_html(studio.settings.name.as_str()),
        slug = escape_html(&slug),
    ))
}
