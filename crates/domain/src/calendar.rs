//! A booking as a calendar event: an .ics file (RFC 5545) and an "add to Google Calendar" link.

use chrono::{DateTime, Utc};

/// What the file asks of the calendar that opens it (RFC 5546).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarMethod {
    /// A file to add by hand, as the download is.
    Publish,
    /// An invitation sent by email: calendars add it, or replace the copy with a lower SEQUENCE.
    Request,
    /// Takes the event with this UID off the calendar.
    Cancel,
}

impl CalendarMethod {
    fn as_str(self) -> &'static str {
        match self {
            Self::Publish => "PUBLISH",
            Self::Request => "REQUEST",
            Self::Cancel => "CANCEL",
        }
    }
}

/// A person an emailed event names: the studio organizes it, the student attends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Participant<'a> {
    pub name: &'a str,
    pub email: &'a str,
}

/// What the student's calendar needs to know about the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent<'a> {
    pub method: CalendarMethod,
    /// Required by invitations and cancellations, which calendars match to the organizer.
    pub organizer: Option<Participant<'a>>,
    pub attendee: Option<Participant<'a>>,
    /// Stable across downloads so that a calendar updates the event instead of duplicating it.
    pub uid: &'a str,
    pub title: &'a str,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub location: Option<&'a str>,
    pub description: &'a str,
    /// When this version of the event was written (a reschedule makes a newer one).
    pub stamp: DateTime<Utc>,
    /// Grows with each change so that calendars replace the older copy.
    pub sequence: u32,
}

fn utc_stamp(instant: DateTime<Utc>) -> String {
    instant.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes TEXT values: backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11).
fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            '\r' => {}
            other => escaped.push(other),
        }
    }
    escaped
}

/// A parameter value in double quotes, which may not contain one (RFC 5545 §3.2).
fn quoted_parameter(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|character| *character != '"' && !character.is_control())
        .collect();
    format!("\"{clean}\"")
}

/// Folds a content line at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1).
fn folded(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for character in line.chars() {
        let size = character.len_utf8();
        if width + size > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(character);
        width += size;
    }
    out.push_str("\r\n");
    out
}

impl CalendarEvent<'_> {
    /// The event as an iCalendar file, with CRLF line ends.
    pub fn to_ics(&self) -> String {
        let mut lines = vec![
            "BEGIN:VCALENDAR".to_owned(),
            "VERSION:2.0".to_owned(),
            "PRODID:-//Bookable//Bookable//EN".to_owned(),
            "CALSCALE:GREGORIAN".to_owned(),
            format!("METHOD:{}", self.method.as_str()),
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}", escape_text(self.uid)),
            format!("DTSTAMP:{}", utc_stamp(self.stamp)),
            format!("SEQUENCE:{}", self.sequence),
            format!("DTSTART:{}", utc_stamp(self.start)),
            format!("DTEND:{}", utc_stamp(self.end)),
            format!("SUMMARY:{}", escape_text(self.title)),
        ];
        if let Some(location) = self.location {
            lines.push(format!("LOCATION:{}", escape_text(location)));
        }
        if let Some(organizer) = self.organizer {
            lines.push(format!(
                "ORGANIZER;CN={}:mailto:{}",
                quoted_parameter(organizer.name),
                organizer.email
            ));
        }
        if let Some(attendee) = self.attendee {
            lines.push(format!(
                "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{}",
                quoted_parameter(attendee.name),
                attendee.email
            ));
        }
        lines.push(
            match self.method {
                CalendarMethod::Cancel => "STATUS:CANCELLED",
                CalendarMethod::Publish | CalendarMethod::Request => "STATUS:CONFIRMED",
            }
            .to_owned(),
        );
        if !self.description.is_empty() {
            lines.push(format!("DESCRIPTION:{}", escape_text(self.description)));
        }
        lines.push("END:VEVENT".to_owned());
        lines.push("END:VCALENDAR".to_owned());
        lines.iter().map(|line| folded(line)).collect()
    }

    /// A link that opens Google Calendar with the event filled in.
    pub fn google_calendar_url(&self) -> String {
        let mut url = format!(
            "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}/{}",
            percent_encoded(self.title),
            utc_stamp(self.start),
            utc_stamp(self.end)
        );
        if !self.description.is_empty() {
            url.push_str("&details=");
            url.push_str(&percent_encoded(self.description));
        }
        if let Some(location) = self.location {
            url.push_str("&location=");
            url.push_str(&percent_encoded(location));
        }
        url
    }
}

/// Percent-encodes everything but the unreserved characters of RFC 3986.
pub fn percent_encoded(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn event<'a>(title: &'a str, description: &'a str) -> CalendarEvent<'a> {
        CalendarEvent {
            method: CalendarMethod::Publish,
            organizer: None,
            attendee: None,
            uid: "booking-abc@bookable",
            title,
            start: Utc.with_ymd_and_hms(2026, 12, 1, 15, 0, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2026, 12, 1, 16, 0, 0).unwrap(),
            location: Some("Studio A, 1 Main St"),
            description,
            stamp: Utc.with_ymd_and_hms(2026, 11, 22, 9, 30, 0).unwrap(),
            sequence: 2,
        }
    }

    #[test]
    fn the_ics_holds_one_event_in_utc_with_crlf_line_ends() {
        let ics = event("Lesson", "").to_ics();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.contains("\r\nDTSTART:20261201T150000Z\r\n"));
        assert!(ics.contains("\r\nDTEND:20261201T160000Z\r\n"));
        assert!(ics.contains("\r\nSEQUENCE:2\r\n"));
        assert!(ics.contains("\r\nLOCATION:Studio A\\, 1 Main St\r\n"));
        assert!(!ics.contains("DESCRIPTION"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn text_is_escaped_and_long_lines_fold_between_characters() {
        let description = "Bring shoes; water, and a towel.\nSee you! ".repeat(4) + "Ünïcödé";
        let ics = event("Yoga; basics", &description).to_ics();
        assert!(ics.contains("SUMMARY:Yoga\\; basics"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("towel.\\nSee you!"));
        assert!(unfolded.contains("Ünïcödé"));
    }

    #[test]
    fn an_emailed_invitation_names_its_organizer_and_attendee_and_a_cancellation_says_so() {
        let invitation = CalendarEvent {
            method: CalendarMethod::Request,
            organizer: Some(Participant {
                name: "Maple \"Yoga\"",
                email: "studio@example.com",
            }),
            attendee: Some(Participant {
                name: "Ana, López",
                email: "ana@example.com",
            }),
            ..event("Lesson", "")
        };
        let ics = invitation.to_ics();
        assert!(ics.contains("\r\nMETHOD:REQUEST\r\n"));
        assert!(ics.contains("\r\nORGANIZER;CN=\"Maple Yoga\":mailto:studio@example.com\r\n"));
        assert!(
            ics.contains("ATTENDEE;CN=\"Ana, López\";ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:ana")
        );
        assert!(ics.contains("\r\nSTATUS:CONFIRMED\r\n"));
        let cancel = CalendarEvent {
            method: CalendarMethod::Cancel,
            sequence: 3,
            ..invitation
        }
        .to_ics();
        assert!(cancel.contains("\r\nMETHOD:CANCEL\r\n"));
        assert!(cancel.contains("\r\nSTATUS:CANCELLED\r\n"));
        assert!(cancel.contains("\r\nSEQUENCE:3\r\n"));
        assert!(cancel.contains("\r\nUID:booking-abc@bookable\r\n"));
    }

    #[test]
    fn the_google_link_carries_the_times_and_encoded_text() {
        let url = event("Yoga & tea", "Hi there").google_calendar_url();
        assert!(url.contains("text=Yoga%20%26%20tea"));
        assert!(url.contains("dates=20261201T150000Z/20261201T160000Z"));
        assert!(url.contains("details=Hi%20there"));
        assert!(url.contains("location=Studio%20A%2C%201%20Main%20St"));
    }
}
