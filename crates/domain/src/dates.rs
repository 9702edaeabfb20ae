//! Dates as people type them into a form: the page writes dates as "Thursday 24 December 2026",
//! so a date field reads that, and the unambiguous ISO form "2026-12-24". Numeric forms with
//! slashes or dots ("12/11/2026") mean different days in different countries and are refused.

use crate::FieldError;
use chrono::NaiveDate;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// How the page writes a date: "Thursday 24 December 2026".
pub fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// The form value of a date: "2026-12-24".
pub fn iso_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Reads "2026-12-24", "24 December 2026", "24 Dec 2026" or "Thursday 24 December 2026".
pub fn parse_date(field: &str, raw: &str) -> Result<NaiveDate, FieldError> {
    let text = raw.trim();
    let example = || FieldError::new(field, "Write the date like 24 December 2026 or 2026-12-24.");
    if text.is_empty() {
        return Err(FieldError::new(
            field,
            "Enter a date, like 24 December 2026.",
        ));
    }
    let iso_shaped = text.len() == 10
        && text
            .char_indices()
            .all(|(at, character)| matches!(at, 4 | 7) == (character == '-'));
    if iso_shaped && let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date);
    }
    let words: Vec<String> = text
        .split(|character: char| character.is_whitespace() || character == ',')
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    let words: Vec<&str> = match words.first() {
        Some(first) if is_weekday(first) => words[1..].iter().map(String::as_str).collect(),
        _ => words.iter().map(String::as_str).collect(),
    };
    let [day, month, year] = words.as_slice() else {
        return Err(example());
    };
    let day: u32 = day
        .trim_end_matches(['.', 's', 't', 'n', 'd', 'r', 'h'])
        .parse()
        .map_err(|_| example())?;
    let month = month_number(month).ok_or_else(example)?;
    let year: i32 = year.parse().map_err(|_| example())?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        let name = MONTHS[(month - 1) as usize];
        FieldError::new(
            field,
            format!(
                "{}{} has no day {day}.",
                name[..1].to_uppercase(),
                &name[1..]
            ),
        )
    })
}

fn is_weekday(word: &str) -> bool {
    word.len() >= 3
        && WEEKDAYS
            .iter()
            .any(|weekday| weekday.starts_with(word.trim_end_matches('.')))
}

/// "dec" or "December": English names, as the page writes them.
fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|month| month.starts_with(word))
        .and_then(|index| u32::try_from(index + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn dates_are_read_as_the_page_writes_them_and_in_iso_form() {
        for raw in [
            "2026-12-24",
            "24 December 2026",
            "24 Dec 2026",
            "Thursday 24 December 2026",
            "Thu, 24 Dec 2026",
            " 24th december 2026 ",
        ] {
            assert_eq!(
                parse_date("date", raw).unwrap(),
                date("2026-12-24"),
                "{raw}"
            );
        }
    }

    #[test]
    fn what_the_page_writes_reads_back() {
        let mut day = date("2026-01-01");
        while day < date("2028-01-01") {
            assert_eq!(parse_date("date", &long_date(day)).unwrap(), day);
            assert_eq!(parse_date("date", &iso_date(day)).unwrap(), day);
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn dates_that_read_differently_by_country_are_refused() {
        for raw in ["12/11/2026", "11.12.2026", "12-11-26", "next friday", ""] {
            let error = parse_date("from", raw).unwrap_err();
            assert_eq!(error.field, "from");
            assert!(
                error.message.contains("December 2026"),
                "{raw}: {}",
                error.message
            );
        }
        assert_eq!(
            parse_date("date", "31 February 2027").unwrap_err().message,
            "February has no day 31."
        );
    }
}
