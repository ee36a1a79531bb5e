//! The bank payments table: money in (customers paying invoices) and out (paying
//! bills), searched by party, filtered by direction and dates, sorted and paged on the
//! server, with totals of everything matching.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::query::{
    self, choice, date_pair, page_number, per_page, Direction, Problem, PER_PAGE_CHOICES,
};

/// Money in or out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    /// From a customer (Billy's `debit`).
    In,
    /// To a supplier (`credit`).
    Out,
}

impl Side {
    pub const ALL: [Side; 2] = [Side::In, Side::Out];

    pub fn key(self) -> &'static str {
        match self {
            Side::In => "in",
            Side::Out => "out",
        }
    }

    pub fn from_key(key: &str) -> Option<Side> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Billy's cash side for this direction.
    pub fn cash_side(self) -> &'static str {
        match self {
            Side::In => "debit",
            Side::Out => "credit",
        }
    }
}

/// A column the payments table sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PaymentSort {
    Date,
    Party,
    Amount,
}

impl PaymentSort {
    pub const ALL: [PaymentSort; 3] = [PaymentSort::Date, PaymentSort::Party, PaymentSort::Amount];

    pub fn key(self) -> &'static str {
        match self {
            PaymentSort::Date => "date",
            PaymentSort::Party => "party",
            PaymentSort::Amount => "amount",
        }
    }

    pub fn from_key(key: &str) -> Option<PaymentSort> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    fn natural_direction(self) -> Direction {
        match self {
            PaymentSort::Party => Direction::Asc,
            PaymentSort::Date | PaymentSort::Amount => Direction::Desc,
        }
    }
}

/// The table's URL parameters, unchecked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PaymentParams {
    pub q: Option<String>,
    pub side: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub sort: Option<String>,
    pub dir: Option<String>,
    pub page: Option<String>,
    pub per: Option<String>,
}

impl PaymentParams {
    /// The parameters as `get` finds them by name (a URL's query, a list of pairs).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Self {
        PaymentParams {
            q: get("q"),
            side: get("side"),
            from: get("from"),
            to: get("to"),
            sort: get("sort"),
            dir: get("dir"),
            page: get("page"),
            per: get("per"),
        }
    }
}

/// The checked query.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PaymentQuery {
    pub search: Option<String>,
    pub side: Option<Side>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub sort: PaymentSort,
    pub dir: Direction,
    pub page: u32,
    pub per_page: u32,
}

impl Default for PaymentQuery {
    fn default() -> Self {
        PaymentQuery {
            search: None,
            side: None,
            from: None,
            to: None,
            sort: PaymentSort::Date,
            dir: Direction::Desc,
            page: 1,
            per_page: PER_PAGE_CHOICES[0],
        }
    }
}

impl PaymentQuery {
    /// Checks the URL's parameters; anything unusable is reported and left out.
    pub fn resolve(params: &PaymentParams) -> (PaymentQuery, Vec<Problem>) {
        let mut problems = Vec::new();
        let search = query::search(&params.q, &mut problems);
        let side = choice("side", &params.side, Side::from_key, &mut problems);
        let (from, to) = date_pair(&params.from, &params.to, &mut problems);
        let sort = choice("sort", &params.sort, PaymentSort::from_key, &mut problems)
            .unwrap_or(PaymentSort::Date);
        let dir = choice("dir", &params.dir, Direction::from_key, &mut problems)
            .unwrap_or_else(|| sort.natural_direction());
        let page = page_number(&params.page, &mut problems);
        let per_page = per_page(&params.per, &mut problems);
        let query = PaymentQuery {
            search,
            side,
            from,
            to,
            sort,
            dir,
            page,
            per_page,
        };
        (query, problems)
    }

    pub fn offset(&self) -> u64 {
        query::offset(self.page, self.per_page)
    }

    pub fn last_page(&self, count: u64) -> u32 {
        query::last_page(count, self.per_page)
    }

    /// Filters, sort and page size (no page) as `key=value` pairs.
    pub fn view_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(q) = &self.search {
            pairs.push(("q", q.clone()));
        }
        if let Some(side) = self.side {
            pairs.push(("side", side.key().to_string()));
        }
        if let Some(from) = self.from {
            pairs.push(("from", from.format("%Y-%m-%d").to_string()));
        }
        if let Some(to) = self.to {
            pairs.push(("to", to.format("%Y-%m-%d").to_string()));
        }
        pairs.push(("sort", self.sort.key().to_string()));
        pairs.push(("dir", self.dir.key().to_string()));
        if self.per_page != PER_PAGE_CHOICES[0] {
            pairs.push(("per", self.per_page.to_string()));
        }
        pairs
    }

    /// The query string of page `page` of this table.
    pub fn page_query_string(&self, page: u32) -> String {
        query::page_query(self.view_pairs(), page)
    }

    /// The query string after clicking column `sort`'s heading (page 1).
    pub fn sorted_query_string(&self, sort: PaymentSort) -> String {
        let dir = query::clicked_direction(self.sort, self.dir, sort, sort.natural_direction());
        PaymentQuery {
            sort,
            dir,
            page: 1,
            ..self.clone()
        }
        .page_query_string(1)
    }

    pub fn is_filtered(&self) -> bool {
        self.search.is_some() || self.side.is_some() || self.from.is_some() || self.to.is_some()
    }
}

/// One bank payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRow {
    pub id: i64,
    pub entry_date: NaiveDate,
    /// The customer or supplier, when Billy names one.
    pub party_name: String,
    pub side: Side,
    pub amount_minor: i64,
    pub currency: String,
    pub amount_base_minor: i64,
    pub fee_minor: i64,
    pub is_voided: bool,
    /// Invoices and bills it settles.
    pub documents: i64,
}

impl PaymentRow {
    /// The amount in base currency as the table shows it: money out negative.
    pub fn signed_base_minor(&self) -> i64 {
        match self.side {
            Side::In => self.amount_base_minor,
            Side::Out => -self.amount_base_minor,
        }
    }
}

/// Sums over every matching payment (voided ones counted apart).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentTotals {
    pub count: i64,
    pub in_base_minor: i64,
    pub out_base_minor: i64,
    pub voided: i64,
}

/// The Bank payments page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentTable {
    pub query: PaymentQuery,
    pub problems: Vec<Problem>,
    pub rows: Vec<PaymentRow>,
    pub totals: PaymentTotals,
    pub last_page: u32,
    /// Whose figures, in which currency, for which day, how fresh.
    pub header: crate::domain::PageHeader,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payment_queries_check_and_round_trip() {
        let (query, problems) = PaymentQuery::resolve(&PaymentParams {
            side: Some("sideways".into()),
            from: Some("2026-05-01".into()),
            to: Some("2026-04-01".into()),
            sort: Some("amount".into()),
            ..PaymentParams::default()
        });
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!((query.side, query.from), (None, None));
        assert_eq!(query.dir, Direction::Desc);
        assert_eq!(
            query.sorted_query_string(PaymentSort::Amount),
            "sort=amount&dir=asc"
        );
        assert_eq!(
            query.sorted_query_string(PaymentSort::Party),
            "sort=party&dir=asc"
        );
    }
}
