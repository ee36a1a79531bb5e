//! A page's URL parameters, checked: one problem type for every value a page could not
//! use, the parsers every page shares, and the paging and sorting rules of the tables.
//!
//! Every page works the same way: the browser sends its raw parameters, the server
//! function parses them here into a checked query plus a list of [`Problem`]s, and the
//! page shows the checked query and names the problems (`words::text::problem_text`).

mod paging;
mod parse;

use serde::{Deserialize, Serialize};

pub use paging::{
    clicked_direction, export_query, keep_page_in_range, last_page, offset, page_query, Direction,
    PER_PAGE_CHOICES,
};
pub use parse::{
    amount, choice, date, date_pair, given, major_amount_text, page_number, parse_major_amount,
    per_page, search, MAX_SEARCH_CHARS,
};

/// A URL value a page could not use. The page leaves it out (a table shows no such
/// filter) or shows its default instead (a report), and lists the problem in words.
/// `field` is the parameter's name in the URL; `value` is the value as given, cut for
/// echoing (`domain::echo`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// Not one of the parameter's choices (a period, a status, a sort column, …).
    NotAChoice { field: String, value: String },
    /// Not a day between 1900-01-01 and 2199-12-31 written `YYYY-MM-DD`.
    NotADate { field: String, value: String },
    /// A day after today where only days up to today have figures.
    AfterToday { field: String, value: String },
    /// Not an amount as people type one (`1500`, `-20`, `1500,50`).
    NotAnAmount { field: String, value: String },
    /// `from` is after `to`.
    DatesReversed,
    /// `min` is larger than `max`.
    AmountsReversed,
    /// The range is longer than a report draws.
    RangeTooLong,
    /// The grouping would give more points than a chart draws.
    TooManyPoints,
    /// The search is longer than [`MAX_SEARCH_CHARS`].
    SearchTooLong,
    /// A page past the last; the last is shown.
    PageOutOfRange { requested: u32, last: u32 },
}

impl Problem {
    /// `value` is not one of `field`'s choices.
    pub fn not_a_choice(field: &str, value: &str) -> Problem {
        Problem::NotAChoice {
            field: field.to_string(),
            value: crate::domain::echo::shown(value),
        }
    }

    /// The value from outside the problem repeats, if any.
    pub fn echoed(&self) -> Option<&str> {
        match self {
            Problem::NotAChoice { value, .. }
            | Problem::NotADate { value, .. }
            | Problem::AfterToday { value, .. }
            | Problem::NotAnAmount { value, .. } => Some(value),
            _ => None,
        }
    }
}
