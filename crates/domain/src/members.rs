//! A studio's member list, imported from a spreadsheet saved as CSV.
//!
//! The file is read as RFC 4180 CSV, leniently where spreadsheets and people differ from it:
//! a UTF-8 byte order mark is dropped, lines may end in CRLF, LF or CR, and the delimiter is a
//! comma or a semicolon (Excel in many locales), whichever the first non-blank line uses.
//! A header row is optional. Every row is either accepted or rejected with its line number and
//! a reason, so the studio can fix the rejected rows and import them again.
//!
//! Emails are compared as [`Email`] values: `Email::parse` trims the address and lower-cases
//! all of it, local part included, so `Ada@Example.com` and `ada@example.com` are one member.

use crate::text::{Email, PersonName};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A member to add: one accepted row of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMember {
    pub name: PersonName,
    pub email: Email,
}

/// A row that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedRow {
    /// The 1-based line of the file the row starts on, counting blank lines.
    pub line: usize,
    /// The row as written, cut to [`RejectedRow::CONTENT_MAX_CHARS`] characters and "…".
    pub content: String,
    pub reason: String,
}

impl RejectedRow {
    pub const CONTENT_MAX_CHARS: usize = 200;
}

/// The outcome of reading a member file, rows in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberImport {
    pub accepted: Vec<NewMember>,
    pub rejected: Vec<RejectedRow>,
}

impl MemberImport {
    /// Data rows read from one file; blank lines and the header row do not count.
    pub const MAX_ROWS: usize = 5_000;
}

const UNTERMINATED_QUOTE: &str =
    "A quoted value is never closed: the row has a \" without its closing \".";
const TEXT_AFTER_QUOTE: &str =
    "A quoted value has text after its closing \"; write a \" inside a quoted value as \"\".";

/// Reads a member list: names and emails, one member a row.
///
/// With a header row (recognised by column names such as "Name", "Full name", "First name" and
/// "Last name", "Email" or "E-mail", in any case and order), the named columns are read and any
/// other column is ignored. Without one, a row is name then email, or email then name when only
/// its first value has an "@".
pub fn parse_member_csv(text: &str) -> MemberImport {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut import = MemberImport::default();
    let mut layout: Option<Layout> = None;
    // Keyed by the normalised address, so the comparison ignores case.
    let mut accepted_on: BTreeMap<String, usize> = BTreeMap::new();
    let mut data_rows = 0_usize;
    for record in Records::new(text, detect_delimiter(text)) {
        let reject = |reason: String| RejectedRow {
            line: record.line,
            content: excerpt(record.raw),
            reason,
        };
        if record
            .fields
            .as_ref()
            .is_ok_and(|fields| fields.iter().all(|field| field.trim().is_empty()))
        {
            continue;
        }
        if layout.is_none() {
            match record
                .fields
                .as_ref()
                .ok()
                .and_then(|fields| header_layout(fields))
            {
                Some(Ok(columns)) => {
                    layout = Some(columns);
                    continue;
                }
                Some(Err(reason)) => {
                    import.rejected.push(reject(reason.to_owned()));
                    layout = Some(Layout::Positional);
                    continue;
                }
                None => {}
            }
        }
        let row_layout = layout.get_or_insert(Layout::Positional);
        data_rows += 1;
        if data_rows > MemberImport::MAX_ROWS {
            import.rejected.push(reject(format!(
                "Only the first {} rows of a file are imported; import the rest from another file.",
                MemberImport::MAX_ROWS
            )));
            continue;
        }
        let fields = match &record.fields {
            Ok(fields) => fields,
            Err(reason) => {
                import.rejected.push(reject((*reason).to_owned()));
                continue;
            }
        };
        let (name, email) = row_layout.name_and_email(fields);
        match (
            PersonName::parse("name", &name),
            Email::parse("email", email),
        ) {
            (Ok(name), Ok(email)) => match accepted_on.get(email.as_str()) {
                Some(earlier) => import.rejected.push(reject(format!(
                    "{email} is already on line {earlier} of this file."
                ))),
                None => {
                    accepted_on.insert(email.as_str().to_owned(), record.line);
                    import.accepted.push(NewMember { name, email });
                }
            },
            (name, email) => {
                let reasons: Vec<String> = [name.err(), email.err()]
                    .into_iter()
                    .flatten()
                    .map(|error| error.message)
                    .collect();
                import.rejected.push(reject(reasons.join(" ")));
            }
        }
    }
    import
}

/// Where a row keeps the name and the email.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Layout {
    /// No header: name then email, or email then name.
    Positional,
    Columns {
        name: NameColumns,
        email: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum NameColumns {
    Full(usize),
    /// Joined with a space; either may be missing.
    Parts {
        first: Option<usize>,
        last: Option<usize>,
    },
}

impl Layout {
    fn name_and_email<'a>(&self, fields: &'a [String]) -> (String, &'a str) {
        let field = |index: usize| fields.get(index).map_or("", String::as_str);
        match self {
            Layout::Positional => {
                let (first, second) = (field(0), field(1));
                if first.contains('@') && !second.contains('@') {
                    (second.to_owned(), first)
                } else {
                    (first.to_owned(), second)
                }
            }
            Layout::Columns { name, email } => {
                let name = match name {
                    NameColumns::Full(index) => field(*index).to_owned(),
                    NameColumns::Parts { first, last } => [*first, *last]
                        .into_iter()
                        .flatten()
                        .map(|index| field(index).trim())
                        .filter(|part| !part.is_empty())
                        .collect::<Vec<_>>()
                        .join(" "),
                };
                (name, field(*email))
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Heading {
    Name,
    FirstName,
    LastName,
    Email,
}

impl Heading {
    fn recognise(raw: &str) -> Option<Self> {
        let key: String = raw
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        match key.as_str() {
            "name" | "fullname" | "membername" | "studentname" | "contactname" => {
                Some(Heading::Name)
            }
            "firstname" | "givenname" | "forename" => Some(Heading::FirstName),
            "lastname" | "surname" | "familyname" => Some(Heading::LastName),
            "email" | "emailaddress" | "mail" | "mailaddress" => Some(Heading::Email),
            _ => None,
        }
    }
}

/// `None` when the row is data; otherwise the columns it names, or why they cannot be used.
fn header_layout(fields: &[String]) -> Option<Result<Layout, &'static str>> {
    if fields.iter().any(|field| field.contains('@')) {
        return None;
    }
    let headings: Vec<Option<Heading>> = fields
        .iter()
        .map(|field| Heading::recognise(field))
        .collect();
    let position = |wanted: Heading| headings.iter().position(|heading| *heading == Some(wanted));
    if headings.iter().all(Option::is_none) {
        return None;
    }
    let name = match (
        position(Heading::Name),
        position(Heading::FirstName),
        position(Heading::LastName),
    ) {
        (Some(index), _, _) => Some(NameColumns::Full(index)),
        (None, None, None) => None,
        (None, first, last) => Some(NameColumns::Parts { first, last }),
    };
    Some(match (name, position(Heading::Email)) {
        (Some(name), Some(email)) => Ok(Layout::Columns { name, email }),
        (None, _) => Err(
            "This header row has no name column; call it \"Name\" (or \"First name\" and \"Last name\"). Rows are read as name, email.",
        ),
        (Some(_), None) => Err(
            "This header row has no email column; call it \"Email\". Rows are read as name, email.",
        ),
    })
}

/// A comma, unless the first non-blank line has more semicolons outside quotes than commas.
fn detect_delimiter(text: &str) -> u8 {
    let Some(line) = text.lines().find(|line| !line.trim().is_empty()) else {
        return b',';
    };
    let (mut commas, mut semicolons, mut quoted) = (0_usize, 0_usize, false);
    for byte in line.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    // "Smith, Ada;ada@example.com" has one of each: the split that frees an email wins.
    let frees_an_email = |delimiter: char| {
        line.split(delimiter)
            .any(|part| Email::parse("email", part.trim().trim_matches('"')).is_ok())
    };
    match semicolons.cmp(&commas) {
        std::cmp::Ordering::Greater => b';',
        std::cmp::Ordering::Equal
            if semicolons > 0 && frees_an_email(';') && !frees_an_email(',') =>
        {
            b';'
        }
        _ => b',',
    }
}

/// The row as shown next to its reason, cut short so a runaway row cannot flood the page.
fn excerpt(raw: &str) -> String {
    match raw.char_indices().nth(RejectedRow::CONTENT_MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &raw[..cut]),
        None => raw.to_owned(),
    }
}

/// CRLF, LF and a lone CR each end one line.
fn count_line_breaks(text: &str) -> usize {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|&(index, &byte)| {
            byte == b'\n' || (byte == b'\r' && bytes.get(index + 1) != Some(&b'\n'))
        })
        .count()
}

fn is_line_break(byte: u8) -> bool {
    byte == b'\n' || byte == b'\r'
}

/// One CSV record: a row, which quoted line breaks can spread over several lines.
struct Record<'a> {
    line: usize,
    /// The record as written, without its final line break.
    raw: &'a str,
    fields: Result<Vec<String>, &'static str>,
}

/// Splits the text into records. The delimiter, quote and line breaks are ASCII, so byte
/// positions found by scanning are always character boundaries of the UTF-8 text.
struct Records<'a> {
    text: &'a str,
    delimiter: u8,
    position: usize,
    line: usize,
}

impl<'a> Records<'a> {
    fn new(text: &'a str, delimiter: u8) -> Self {
        Self {
            text,
            delimiter,
            position: 0,
            line: 1,
        }
    }

    /// The fields of the record starting at `start`, and where the record ends.
    fn read_fields(&self, start: usize) -> Result<(usize, Vec<String>), &'static str> {
        let bytes = self.text.as_bytes();
        let is_blank = |index: usize| matches!(bytes.get(index), Some(b' ' | b'\t'));
        let mut fields = Vec::new();
        let mut field_start = start;
        loop {
            let mut quote = field_start;
            while is_blank(quote) {
                quote += 1;
            }
            let end = if bytes.get(quote) == Some(&b'"') {
                let mut value = String::new();
                let mut index = quote + 1;
                let mut segment = index;
                loop {
                    match bytes.get(index) {
                        None => return Err(UNTERMINATED_QUOTE),
                        Some(b'"') if bytes.get(index + 1) == Some(&b'"') => {
                            value.push_str(&self.text[segment..=index]);
                            index += 2;
                            segment = index;
                        }
                        Some(b'"') => {
                            value.push_str(&self.text[segment..index]);
                            index += 1;
                            break;
                        }
                        Some(_) => index += 1,
                    }
                }
                while is_blank(index) {
                    index += 1;
                }
                if bytes
                    .get(index)
                    .is_some_and(|&byte| byte != self.delimiter && !is_line_break(byte))
                {
                    return Err(TEXT_AFTER_QUOTE);
                }
                fields.push(value);
                index
            } else {
                let end = bytes[field_start..]
                    .iter()
                    .position(|&byte| byte == self.delimiter || is_line_break(byte))
                    .map_or(bytes.len(), |offset| field_start + offset);
                fields.push(self.text[field_start..end].to_owned());
                end
            };
            if bytes.get(end) == Some(&self.delimiter) {
                field_start = end + 1;
            } else {
                return Ok((end, fields));
            }
        }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Record<'a>;

    fn next(&mut self) -> Option<Record<'a>> {
        let bytes = self.text.as_bytes();
        let start = self.position;
        if start >= bytes.len() {
            return None;
        }
        let (end, fields) = match self.read_fields(start) {
            Ok((end, fields)) => (end, Ok(fields)),
            // A broken quote would swallow the rest of the file: reject its line and go on.
            Err(reason) => (
                bytes[start..]
                    .iter()
                    .position(|&byte| is_line_break(byte))
                    .map_or(bytes.len(), |offset| start + offset),
                Err(reason),
            ),
        };
        let next = match (bytes.get(end), bytes.get(end + 1)) {
            (Some(b'\r'), Some(b'\n')) => end + 2,
            (Some(_), _) => end + 1,
            (None, _) => end,
        };
        let record = Record {
            line: self.line,
            raw: &self.text[start..end],
            fields,
        };
        self.line += count_line_breaks(&self.text[start..next]);
        self.position = next;
        Some(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn members(import: &MemberImport) -> Vec<(&str, &str)> {
        import
            .accepted
            .iter()
            .map(|member| (member.name.as_str(), member.email.as_str()))
            .collect()
    }

    fn rejected(import: &MemberImport) -> Vec<(usize, &str)> {
        import
            .rejected
            .iter()
            .map(|row| (row.line, row.reason.as_str()))
            .collect()
    }

    #[test]
    fn a_file_of_names_and_emails_without_a_header_is_imported() {
        let import =
            parse_member_csv("Ada Lovelace,ada@example.com\nGrace Hopper,grace@navy.mil\n");
        assert_eq!(
            members(&import),
            [
                ("Ada Lovelace", "ada@example.com"),
                ("Grace Hopper", "grace@navy.mil")
            ]
        );
        assert!(import.rejected.is_empty());
    }

    #[test]
    fn a_header_is_recognised_in_any_case_and_order_and_extra_columns_are_ignored() {
        let import = parse_member_csv(
            "Phone,E-MAIL,Full Name,Notes\n555-0100,ada@example.com,Ada Lovelace,likes tea\n",
        );
        assert_eq!(members(&import), [("Ada Lovelace", "ada@example.com")]);
        assert!(import.rejected.is_empty());
    }

    #[test]
    fn first_and_last_name_columns_are_joined_into_one_name() {
        let import = parse_member_csv(
            "email,first_name,last_name\nada@example.com,Ada,Lovelace\ncher@example.com,Cher,\n",
        );
        assert_eq!(
            members(&import),
            [
                ("Ada Lovelace", "ada@example.com"),
                ("Cher", "cher@example.com")
            ]
        );
    }

    #[test]
    fn a_header_without_an_email_column_is_rejected_and_rows_are_read_by_position() {
        let import = parse_member_csv("Name,Phone\nAda Lovelace,ada@example.com\n");
        assert_eq!(members(&import), [("Ada Lovelace", "ada@example.com")]);
        assert_eq!(import.rejected.len(), 1);
        assert_eq!(import.rejected[0].line, 1);
        assert!(
            import.rejected[0].reason.contains("no email column"),
            "{}",
            import.rejected[0].reason
        );
    }

    #[test]
    fn without_a_header_a_row_may_give_the_email_first() {
        let import =
            parse_member_csv("ada@example.com,Ada Lovelace\nGrace Hopper,grace@navy.mil\n");
        assert_eq!(
            members(&import),
            [
                ("Ada Lovelace", "ada@example.com"),
                ("Grace Hopper", "grace@navy.mil")
            ]
        );
    }

    #[test]
    fn quoted_values_keep_commas_doubled_quotes_and_line_breaks() {
        let text = "name,email,notes\n\"Lovelace, Ada\",ada@example.com,\"first line\nsecond line\"\n\"Grace \"\"Amazing\"\" Hopper\",grace@navy.mil,\n";
        let import = parse_member_csv(text);
        assert_eq!(
            members(&import),
            [
                ("Lovelace, Ada", "ada@example.com"),
                ("Grace \"Amazing\" Hopper", "grace@navy.mil")
            ]
        );
    }

    #[test]
    fn line_numbers_count_blank_lines_and_lines_inside_quoted_values() {
        let text = "name,email,notes\n\nAda,ada@example.com,\"two\nlines\"\n\nBob,not-an-email,\n";
        let import = parse_member_csv(text);
        assert_eq!(
            rejected(&import),
            [(6, "Enter an email address like name@example.com.")]
        );
    }

    #[test]
    fn a_byte_order_mark_and_windows_line_endings_are_handled() {
        let import = parse_member_csv(
            "\u{feff}Name,Email\r\nAda Lovelace,ada@example.com\r\n\r\nBob,bob@\r\n",
        );
        assert_eq!(members(&import), [("Ada Lovelace", "ada@example.com")]);
        assert_eq!(rejected(&import)[0].0, 4);
        assert_eq!(import.rejected[0].content, "Bob,bob@");
    }

    #[test]
    fn old_mac_line_endings_are_handled() {
        let import = parse_member_csv("Ada,ada@example.com\rBob,bob\r");
        assert_eq!(members(&import), [("Ada", "ada@example.com")]);
        assert_eq!(rejected(&import)[0].0, 2);
    }

    #[test]
    fn blank_lines_and_rows_of_empty_cells_are_skipped_silently() {
        let import = parse_member_csv("\n  \nAda,ada@example.com\n,,\n \"\" , \n");
        assert_eq!(members(&import), [("Ada", "ada@example.com")]);
        assert!(import.rejected.is_empty(), "{:?}", import.rejected);
        let semicolons = parse_member_csv("Ada;ada@example.com\n;;\n");
        assert_eq!(members(&semicolons), [("Ada", "ada@example.com")]);
        assert!(semicolons.rejected.is_empty(), "{:?}", semicolons.rejected);
    }

    #[test]
    fn a_semicolon_separated_file_is_read_with_commas_inside_names() {
        let import = parse_member_csv("Name;E-mail\nLovelace, Ada;ada@example.com\n");
        assert_eq!(members(&import), [("Lovelace, Ada", "ada@example.com")]);
        let headerless = parse_member_csv("Lovelace, Ada;ada@example.com\nBob;bob@example.com\n");
        assert_eq!(
            members(&headerless),
            [
                ("Lovelace, Ada", "ada@example.com"),
                ("Bob", "bob@example.com")
            ]
        );
    }

    #[test]
    fn a_row_without_an_email_is_rejected_with_its_line_number() {
        let import = parse_member_csv("name,email\nAda Lovelace,ada@example.com\nGrace Hopper\n");
        assert_eq!(rejected(&import), [(3, "Email is required.")]);
        assert_eq!(import.rejected[0].content, "Grace Hopper");
    }

    #[test]
    fn a_row_without_a_name_is_rejected_with_the_name_message() {
        let import = parse_member_csv("ada@example.com\n ,grace@navy.mil\n");
        assert_eq!(
            rejected(&import),
            [(1, "Name is required."), (2, "Name is required.")]
        );
    }

    #[test]
    fn a_row_with_a_bad_name_and_a_bad_email_gives_both_reasons() {
        let import = parse_member_csv(&format!("{},ada@\n", "x".repeat(101)));
        assert_eq!(
            rejected(&import),
            [(
                1,
                "Name must be at most 100 characters (it has 101). Enter an email address like name@example.com."
            )]
        );
    }

    #[test]
    fn an_unterminated_quote_rejects_its_row_and_the_rows_after_it_still_import() {
        let import =
            parse_member_csv("Ada,ada@example.com\n\"Bob,bob@example.com\nCy,cy@example.com\n");
        assert_eq!(
            members(&import),
            [("Ada", "ada@example.com"), ("Cy", "cy@example.com")]
        );
        assert_eq!(rejected(&import), [(2, UNTERMINATED_QUOTE)]);
        assert_eq!(import.rejected[0].content, "\"Bob,bob@example.com");
    }

    #[test]
    fn text_after_a_closing_quote_rejects_only_that_row() {
        let import = parse_member_csv(
            "\"Ada\" Lovelace,ada@example.com\n\"Bob\",bob@example.com\n\"Cy,cy@example.com\nDee,dee@example.com\n",
        );
        assert_eq!(
            members(&import),
            [("Bob", "bob@example.com"), ("Dee", "dee@example.com")]
        );
        // No quote follows Cy's, so it never closes.
        assert_eq!(
            rejected(&import),
            [(1, TEXT_AFTER_QUOTE), (3, UNTERMINATED_QUOTE)]
        );
    }

    #[test]
    fn a_quote_left_open_that_meets_a_later_quote_rejects_only_its_own_row() {
        let import =
            parse_member_csv("\"Ada,ada@example.com\nBob,bob@example.com\n\"Cy\",cy@example.com\n");
        assert_eq!(
            members(&import),
            [("Bob", "bob@example.com"), ("Cy", "cy@example.com")]
        );
        assert_eq!(rejected(&import), [(1, TEXT_AFTER_QUOTE)]);
    }

    #[test]
    fn a_repeated_email_is_rejected_naming_the_earlier_line_ignoring_case() {
        let import = parse_member_csv(
            "name,email\nAda,ada@example.com\nBob,bob@example.com\nAda L,ADA@Example.com\n",
        );
        assert_eq!(members(&import).len(), 2);
        assert_eq!(
            rejected(&import),
            [(4, "ada@example.com is already on line 2 of this file.")]
        );
    }

    #[test]
    fn an_email_whose_first_row_was_rejected_can_still_be_accepted_later() {
        let import = parse_member_csv(",ada@example.com\nAda,ada@example.com\n");
        assert_eq!(members(&import), [("Ada", "ada@example.com")]);
        assert_eq!(rejected(&import), [(1, "Name is required.")]);
    }

    #[test]
    fn rows_beyond_5000_are_rejected_saying_the_limit() {
        let mut text = String::from("name,email\n\n");
        for row in 1..=5_002 {
            text.push_str(&format!("Member {row},member{row}@example.com\n"));
        }
        let import = parse_member_csv(&text);
        assert_eq!(import.accepted.len(), 5_000);
        assert_eq!(import.rejected.len(), 2);
        assert_eq!(import.rejected[0].line, 5_003);
        assert!(
            import.rejected[0].reason.contains("first 5000 rows"),
            "{}",
            import.rejected[0].reason
        );
    }

    #[test]
    fn a_long_rejected_row_is_cut_to_200_characters() {
        let row = format!("{},no-email", "é".repeat(300));
        let import = parse_member_csv(&row);
        let content = &import.rejected[0].content;
        assert_eq!(content.chars().count(), 201);
        assert!(content.ends_with('…'));
    }

    #[test]
    fn an_empty_file_imports_nothing() {
        assert_eq!(parse_member_csv(""), MemberImport::default());
        assert_eq!(parse_member_csv("\u{feff}\r\n"), MemberImport::default());
        assert_eq!(parse_member_csv("Name,Email\n"), MemberImport::default());
    }

    fn write_csv(rows: &[(String, String)], delimiter: char, line_break: &str) -> String {
        let quote = |value: &str| format!("\"{}\"", value.replace('"', "\"\""));
        rows.iter()
            .map(|(name, email)| format!("{}{delimiter}{}{line_break}", quote(name), quote(email)))
            .collect()
    }

    proptest! {
        #[test]
        fn members_written_as_quoted_csv_are_read_back(
            names in prop::collection::vec("[A-Za-zé ,;\"'-]{0,20}[A-Za-z]", 1..20),
            semicolons in any::<bool>(),
            crlf in any::<bool>(),
        ) {
            let rows: Vec<(String, String)> = names
                .iter()
                .enumerate()
                .map(|(row, name)| (name.clone(), format!("Member{row}@Example.com")))
                .collect();
            let text = write_csv(
                &rows,
                if semicolons { ';' } else { ',' },
                if crlf { "\r\n" } else { "\n" },
            );
            let import = parse_member_csv(&text);
            prop_assert!(import.rejected.is_empty(), "{:?}", import.rejected);
            let expected: Vec<(String, String)> = rows
                .iter()
                .map(|(name, email)| (name.trim().to_owned(), email.to_lowercase()))
                .collect();
            let read: Vec<(String, String)> = import
                .accepted
                .iter()
                .map(|member| (member.name.as_str().to_owned(), member.email.as_str().to_owned()))
                .collect();
            prop_assert_eq!(read, expected);
        }
    }
}
