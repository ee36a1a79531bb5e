//! Paging and heading-sort rules shared by the server-side tables (invoices, bills,
//! bank payments): which rows a page holds, how many pages there are, and the query
//! string of a page or of a click on a column heading.

use serde::{Deserialize, Serialize};

use super::Problem;
use crate::domain::url::encode_pairs;

/// Rows per page a visitor may choose; the first is the default.
pub const PER_PAGE_CHOICES: [u32; 3] = [25, 50, 100];

/// A sort direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Direction {
    Asc,
    Desc,
}

impl Direction {
    pub fn key(self) -> &'static str {
        match self {
            Direction::Asc => "asc",
            Direction::Desc => "desc",
        }
    }

    pub fn from_key(key: &str) -> Option<Direction> {
        match key {
            "asc" => Some(Direction::Asc),
            "desc" => Some(Direction::Desc),
            _ => None,
        }
    }

    pub fn flipped(self) -> Direction {
        match self {
            Direction::Asc => Direction::Desc,
            Direction::Desc => Direction::Asc,
        }
    }
}

/// Rows to skip before page `page` (1-based).
pub fn offset(page: u32, per_page: u32) -> u64 {
    u64::from(page.saturating_sub(1)) * u64::from(per_page)
}

/// The last page for `count` rows (1 when there are none).
pub fn last_page(count: u64, per_page: u32) -> u32 {
    let pages = count.div_ceil(u64::from(per_page.max(1)));
    u32::try_from(pages.max(1)).unwrap_or(u32::MAX)
}

/// A page past the last becomes the last, and a problem says so.
pub fn keep_page_in_range(page: &mut u32, last_page: u32, problems: &mut Vec<Problem>) {
    if *page > last_page {
        problems.push(Problem::PageOutOfRange {
            requested: *page,
            last: last_page,
        });
        *page = last_page;
    }
}

/// A table's state (`view`: filters, sort, page size) plus page `page` as a query
/// string; page 1 is left out.
pub fn page_query(mut view: Vec<(&'static str, String)>, page: u32) -> String {
    if page > 1 {
        view.push(("page", page.to_string()));
    }
    encode_pairs(&view)
}

/// The query string of a table's CSV download: its filters and order (every row, so
/// no page size), and the language the headings and numbers are written in.
pub fn export_query(mut view: Vec<(&'static str, String)>, lang_code: &str) -> String {
    view.retain(|(key, _)| *key != "per");
    view.push(("lang", lang_code.to_string()));
    encode_pairs(&view)
}

/// The direction after clicking a heading: the other way round when the table is
/// already sorted by it, else the column's natural direction.
pub fn clicked_direction<K: PartialEq>(
    current: K,
    current_dir: Direction,
    clicked: K,
    natural: Direction,
) -> Direction {
    if current == clicked {
        current_dir.flipped()
    } else {
        natural
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_every_row() {
        assert_eq!(last_page(0, 25), 1);
        assert_eq!(last_page(25, 25), 1);
        assert_eq!(last_page(26, 25), 2);
        assert_eq!(offset(3, 25), 50);
        assert_eq!(page_query(vec![("sort", "date".into())], 1), "sort=date");
        assert_eq!(
            page_query(vec![("sort", "date".into())], 2),
            "sort=date&page=2"
        );
        assert_eq!(
            export_query(vec![("sort", "date".into()), ("per", "50".into())], "da"),
            "sort=date&lang=da"
        );
    }
}
