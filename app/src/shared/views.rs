//! Wire types both sides show: a session type, its questions, a month of the booking calendar
//! and a day's free times. They cross to the browser, so they hold display-ready text.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionTypeView {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub duration_label: String,
    pub capacity: u32,
    pub price_label: String,
    #[serde(rename = "status_key")]
    pub status: domain::session_type::SessionStatus,
    pub location: Option<String>,
    /// Online sessions have a video-call link (sent once booked).
    pub has_video_link: bool,
    /// Where the cover image is served, when the type has one.
    pub cover_url: Option<String>,
    /// Reachable only through its share link (access level Private).
    pub link_only: bool,
    /// The private share link, for the instructor's eyes only.
    pub share_link: Option<String>,
}

impl SessionTypeView {
    /// "1-to-1" or "Group of up to 8".
    pub fn capacity_label(&self) -> String {
        if self.capacity == 1 {
            "1-to-1".to_owned()
        } else {
            format!("Group of up to {}", self.capacity)
        }
    }

    /// Where the session takes place, as students read it.
    pub fn place_label(&self) -> String {
        match (&self.location, self.has_video_link) {
            (Some(location), true) => format!("{location}, or online by video call"),
            (Some(location), false) => location.clone(),
            (None, true) => "Online: the video-call link comes with your booking".to_owned(),
            (None, false) => "To be confirmed by the studio".to_owned(),
        }
    }
}

/// A registration question as the booking form asks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    pub index: usize,
    pub prompt: String,
    /// `short_text`, `long_text`, `single_choice`, `checkboxes`, `date` or `phone`: plain
    /// text, so the phone's bundle carries no decoder of the question kinds.
    pub kind: String,
    /// The options of a single choice or of checkboxes; empty for the other kinds.
    pub options: Vec<String>,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    /// ISO date, e.g. "2026-11-24".
    pub date: String,
    pub day_number: u32,
    /// Bookable times left that day (0 outside the booking window).
    pub free_slots: usize,
    pub label: String,
}

/// One month of the booking calendar, Monday first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthView {
    /// "2026-11".
    pub month: String,
    pub label: String,
    /// Empty cells before the 1st.
    pub leading_blanks: u32,
    pub days: Vec<CalendarDay>,
    pub previous: Option<String>,
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    /// RFC 3339 UTC instant, the slot's identity.
    pub start: String,
    pub time_label: String,
    /// The studio zone's name for the offset at that time, e.g. "CET".
    pub zone: String,
    pub seats_left: u32,
    pub capacity: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingOptionsView {
    pub studio_name: String,
    pub studio_slug: String,
    pub timezone: String,
    pub session_type: SessionTypeView,
    /// The private share link's token, carried along when the type is reached through it.
    pub share: Option<String>,
    pub month: MonthView,
    pub selected_date: Option<String>,
    pub selected_date_label: Option<String>,
    pub slots: Vec<SlotView>,
    pub questions: Vec<QuestionView>,
    /// Names this wording and order of the questions; the booking form sends it back so
    /// answers are never filed under questions the instructor changed meanwhile.
    pub questions_version: String,
    /// A banner over the steps: the instructor's Client View preview.
    pub notice: Option<String>,
}
