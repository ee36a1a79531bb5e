//! The invoice table's query (filters, search, sort and page, checked from the URL),
//! its rows, each row's payment status, and the invoice page's data.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::period::DateRange;

use crate::domain::query::{
    self, amount, choice, date_pair, major_amount_text, page_number, per_page, Problem,
};
use crate::domain::query::{Direction, PER_PAGE_CHOICES};

/// A document's life-cycle state upstream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocState {
    Draft,
    Approved,
    Voided,
}

impl DocState {
    pub const ALL: [DocState; 3] = [DocState::Approved, DocState::Draft, DocState::Voided];

    pub fn key(self) -> &'static str {
        match self {
            DocState::Draft => "draft",
            DocState::Approved => "approved",
            DocState::Voided => "voided",
        }
    }

    pub fn from_key(key: &str) -> Option<DocState> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// An invoice or a credit note (which counts negative).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocKind {
    Invoice,
    CreditNote,
}

impl DocKind {
    pub const ALL: [DocKind; 2] = [DocKind::Invoice, DocKind::CreditNote];

    pub fn key(self) -> &'static str {
        match self {
            DocKind::Invoice => "invoice",
            DocKind::CreditNote => "credit_note",
        }
    }

    pub fn from_key(key: &str) -> Option<DocKind> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// The payment filter: approved documents that are paid, unpaid, or unpaid past due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PayFilter {
    Paid,
    Unpaid,
    Overdue,
}

impl PayFilter {
    pub const ALL: [PayFilter; 3] = [PayFilter::Unpaid, PayFilter::Overdue, PayFilter::Paid];

    pub fn key(self) -> &'static str {
        match self {
            PayFilter::Paid => "paid",
            PayFilter::Unpaid => "unpaid",
            PayFilter::Overdue => "overdue",
        }
    }

    pub fn from_key(key: &str) -> Option<PayFilter> {
        Self::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// A column the table sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SortKey {
    Number,
    Customer,
    Date,
    Due,
    Amount,
    Status,
}

impl SortKey {
    pub const ALL: [SortKey; 6] = [
        SortKey::Number,
        SortKey::Customer,
        SortKey::Date,
        SortKey::Due,
        SortKey::Amount,
        SortKey::Status,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SortKey::Number => "number",
            SortKey::Customer => "customer",
            SortKey::Date => "date",
            SortKey::Due => "due",
            SortKey::Amount => "amount",
            SortKey::Status => "status",
        }
    }

    pub fn from_key(key: &str) -> Option<SortKey> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The direction a first click sorts in: newest, largest and most urgent first.
    pub fn natural_direction(self) -> Direction {
        match self {
            SortKey::Number | SortKey::Customer | SortKey::Status => Direction::Asc,
            SortKey::Date | SortKey::Due | SortKey::Amount => Direction::Desc,
        }
    }
}

/// The table's parameters as they arrive in the URL, unchecked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InvoiceParams {
    pub q: Option<String>,
    pub status: Option<String>,
    pub state: Option<String>,
    pub kind: Option<String>,
    pub customer: Option<String>,
    pub currency: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub min: Option<String>,
    pub max: Option<String>,
    pub sort: Option<String>,
    pub dir: Option<String>,
    pub page: Option<String>,
    pub per: Option<String>,
}

impl InvoiceParams {
    /// The parameters as `get` finds them by name (a URL's query, a list of pairs).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Self {
        InvoiceParams {
            q: get("q"),
            status: get("status"),
            state: get("state"),
            kind: get("kind"),
            customer: get("customer"),
            currency: get("currency"),
            from: get("from"),
            to: get("to"),
            min: get("min"),
            max: get("max"),
            sort: get("sort"),
            dir: get("dir"),
            page: get("page"),
            per: get("per"),
        }
    }
}

/// The checked query: exactly what the table shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InvoiceQuery {
    /// As typed, trimmed; matched against number, customer and line texts.
    pub search: Option<String>,
    pub pay: Option<PayFilter>,
    pub state: Option<DocState>,
    pub kind: Option<DocKind>,
    pub customer: Option<i64>,
    pub currency: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Gross amount bounds in base-currency minor units (credit notes count negative).
    pub min_minor: Option<i64>,
    pub max_minor: Option<i64>,
    pub sort: SortKey,
    pub dir: Direction,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

impl Default for InvoiceQuery {
    fn default() -> Self {
        InvoiceQuery {
            search: None,
            pay: None,
            state: None,
            kind: None,
            customer: None,
            currency: None,
            from: None,
            to: None,
            min_minor: None,
            max_minor: None,
            sort: SortKey::Date,
            dir: Direction::Desc,
            page: 1,
            per_page: PER_PAGE_CHOICES[0],
        }
    }
}

/// The invoice table's address for the approved documents dated within `range` (up to
/// `today`: the table refuses days still to come), of one kind or both: exactly the
/// documents a revenue figure or an invoice count of those days sums. `None` for a
/// range that has not started.
pub fn approved_link(range: DateRange, kind: Option<DocKind>, today: NaiveDate) -> Option<String> {
    let end = range.end.min(today);
    if range.start > end {
        return None;
    }
    let kind = kind.map_or(String::new(), |k| format!("&kind={}", k.key()));
    Some(format!(
        "/invoices?state=approved{kind}&from={}&to={}",
        range.start.format("%Y-%m-%d"),
        end.format("%Y-%m-%d")
    ))
}

/// The invoice table's address for the invoices unpaid today, or only the overdue
/// ones: what the receivables figures of today sum.
pub fn unpaid_link(pay: PayFilter) -> String {
    format!("/invoices?status={}&kind=invoice", pay.key())
}

impl InvoiceQuery {
    /// Checks the URL's parameters. Anything unusable is reported and left out, so a
    /// bad link still shows a table.
    pub fn resolve(params: &InvoiceParams) -> (InvoiceQuery, Vec<Problem>) {
        let mut problems = Vec::new();
        let search = query::search(&params.q, &mut problems);
        let pay = choice("status", &params.status, PayFilter::from_key, &mut problems);
        let state = choice("state", &params.state, DocState::from_key, &mut problems);
        let kind = choice("kind", &params.kind, DocKind::from_key, &mut problems);
        let customer = choice(
            "customer",
            &params.customer,
            |v| v.parse::<i64>().ok().filter(|id| *id > 0),
            &mut problems,
        );
        let currency = choice(
            "currency",
            &params.currency,
            |v| {
                (v.len() == 3 && v.bytes().all(|b| b.is_ascii_alphabetic()))
                    .then(|| v.to_ascii_uppercase())
            },
            &mut problems,
        );
        let (from, to) = date_pair(&params.from, &params.to, &mut problems);
        let mut min_minor = amount("min", &params.min, &mut problems);
        let mut max_minor = amount("max", &params.max, &mut problems);
        if let (Some(lo), Some(hi)) = (min_minor, max_minor) {
            if lo > hi {
                problems.push(Problem::AmountsReversed);
                min_minor = None;
                max_minor = None;
            }
        }
        let sort =
            choice("sort", &params.sort, SortKey::from_key, &mut problems).unwrap_or(SortKey::Date);
        let dir = choice("dir", &params.dir, Direction::from_key, &mut problems)
            .unwrap_or_else(|| sort.natural_direction());
        let page = page_number(&params.page, &mut problems);
        let per_page = per_page(&params.per, &mut problems);
        let query = InvoiceQuery {
            search,
            pay,
            state,
            kind,
            customer,
            currency,
            from,
            to,
            min_minor,
            max_minor,
            sort,
            dir,
            page,
            per_page,
        };
        (query, problems)
    }

    /// Drops a customer or currency filter naming something the organization has no
    /// document with (its choices are `customers` and `currencies`), noting it as a
    /// problem: a link with `currency=ABC` says so instead of showing an empty table.
    pub fn keep_known_choices(
        &mut self,
        customers: &[(i64, String)],
        currencies: &[String],
        problems: &mut Vec<Problem>,
    ) {
        if let Some(id) = self.customer {
            if !customers.iter().any(|(known, _)| *known == id) {
                problems.push(Problem::not_a_choice("customer", &id.to_string()));
                self.customer = None;
            }
        }
        if let Some(code) = &self.currency {
            if !currencies.iter().any(|known| known == code) {
                problems.push(Problem::not_a_choice("currency", code));
                self.currency = None;
            }
        }
    }

    /// Rows to skip before this page.
    pub fn offset(&self) -> u64 {
        query::offset(self.page, self.per_page)
    }

    /// The last page for `count` matching rows (1 when there are none).
    pub fn last_page(&self, count: u64) -> u32 {
        query::last_page(count, self.per_page)
    }

    /// The filters alone as `key=value` pairs (what the CSV export takes).
    pub fn filter_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(q) = &self.search {
            pairs.push(("q", q.clone()));
        }
        if let Some(pay) = self.pay {
            pairs.push(("status", pay.key().to_string()));
        }
        if let Some(state) = self.state {
            pairs.push(("state", state.key().to_string()));
        }
        if let Some(kind) = self.kind {
            pairs.push(("kind", kind.key().to_string()));
        }
        if let Some(customer) = self.customer {
            pairs.push(("customer", customer.to_string()));
        }
        if let Some(currency) = &self.currency {
            pairs.push(("currency", currency.clone()));
        }
        if let Some(from) = self.from {
            pairs.push(("from", from.format("%Y-%m-%d").to_string()));
        }
        if let Some(to) = self.to {
            pairs.push(("to", to.format("%Y-%m-%d").to_string()));
        }
        if let Some(min) = self.min_minor {
            pairs.push(("min", major_amount_text(min)));
        }
        if let Some(max) = self.max_minor {
            pairs.push(("max", major_amount_text(max)));
        }
        pairs
    }

    /// [`InvoiceQuery::resolve`] for one table: bills are all invoices, so the type
    /// filter means nothing there and is reported.
    pub fn resolve_for(table: TableKind, params: &InvoiceParams) -> (InvoiceQuery, Vec<Problem>) {
        let (mut query, mut problems) = InvoiceQuery::resolve(params);
        if table == TableKind::Bills {
            if let Some(kind) = query.kind.take() {
                problems.push(Problem::not_a_choice("kind", kind.key()));
            }
        }
        (query, problems)
    }

    /// Filters plus sort and page size (no page): the table's state minus its position.
    pub fn view_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = self.filter_pairs();
        pairs.push(("sort", self.sort.key().to_string()));
        pairs.push(("dir", self.dir.key().to_string()));
        if self.per_page != PER_PAGE_CHOICES[0] {
            pairs.push(("per", self.per_page.to_string()));
        }
        pairs
    }

    /// The query string that shows page `page` of this table.
    pub fn page_query_string(&self, page: u32) -> String {
        query::page_query(self.view_pairs(), page)
    }

    /// The query string after clicking column `sort`'s heading: that column in its
    /// natural direction, or the other direction when it is already the sort; page 1.
    pub fn sorted_query_string(&self, sort: SortKey) -> String {
        let dir = query::clicked_direction(self.sort, self.dir, sort, sort.natural_direction());
        InvoiceQuery {
            sort,
            dir,
            page: 1,
            ..self.clone()
        }
        .page_query_string(1)
    }

    /// Whether any filter or search is set (an empty result then says "no matches"
    /// rather than "no invoices yet").
    pub fn is_filtered(&self) -> bool {
        !self.filter_pairs().is_empty()
    }
}

/// One row of the table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRow {
    pub id: i64,
    pub invoice_no: String,
    pub kind: DocKind,
    pub state: DocState,
    pub sent_state: String,
    pub entry_date: NaiveDate,
    pub due_date: NaiveDate,
    pub customer_id: i64,
    pub customer_name: String,
    pub currency: String,
    /// Gross in the document's currency, negative for credit notes.
    pub gross_minor: i64,
    /// Gross in the base currency at the document's own rate, negative for credit notes.
    pub gross_base_minor: i64,
    /// What upstream says is still to be paid, in the document's currency.
    pub balance_minor: i64,
    pub is_paid: bool,
    /// When recorded payments reached the gross amount (approved invoices only).
    pub settled_on: Option<NaiveDate>,
}

/// Where a document stands on `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PayStatus {
    Draft,
    Voided,
    Paid,
    /// Past due by this many days.
    Overdue(i64),
    /// Due in this many days (0: today).
    Due(i64),
}

impl InvoiceRow {
    pub fn status(&self, today: NaiveDate) -> PayStatus {
        match self.state {
            DocState::Draft => PayStatus::Draft,
            DocState::Voided => PayStatus::Voided,
            DocState::Approved if self.is_paid => PayStatus::Paid,
            DocState::Approved if self.due_date < today => {
                PayStatus::Overdue((today - self.due_date).num_days())
            }
            DocState::Approved => PayStatus::Due((self.due_date - today).num_days()),
        }
    }

    /// The rank the status column sorts by (most urgent first).
    pub fn status_rank(&self, today: NaiveDate) -> u8 {
        match self.status(today) {
            PayStatus::Overdue(_) => 1,
            PayStatus::Due(_) => 2,
            PayStatus::Paid => 3,
            PayStatus::Draft => 4,
            PayStatus::Voided => 5,
        }
    }
}

/// Sums over every row the filters match (not just the page).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceTotals {
    pub count: i64,
    /// Gross of the approved documents among them, in base currency.
    pub approved_base_minor: i64,
    /// Net (VAT excluded) of the approved documents among them, in base currency,
    /// credit notes subtracted: the revenue they make.
    pub approved_net_base_minor: i64,
    /// What is still to be paid on the approved, unpaid ones, in base currency.
    pub outstanding_base_minor: i64,
    /// The part of that past its due date.
    pub overdue_base_minor: i64,
    /// The part due within the next 30 days.
    pub due_soon_base_minor: i64,
}

/// The Invoices page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceTable {
    pub query: InvoiceQuery,
    pub problems: Vec<Problem>,
    pub rows: Vec<InvoiceRow>,
    pub totals: InvoiceTotals,
    pub last_page: u32,
    /// Choices for the customer filter: (id, name), sorted by name.
    pub customers: Vec<(i64, String)>,
    pub currencies: Vec<String>,
    /// Whose figures, in which currency, for which day, how fresh.
    pub header: crate::domain::PageHeader,
}

/// One line of an invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub description: String,
    pub quantity_milli: i64,
    pub unit_price_minor: i64,
    pub net_minor: i64,
    pub tax_minor: i64,
}

/// A payment applied to an invoice, in the invoice's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoicePayment {
    pub entry_date: NaiveDate,
    pub amount_minor: i64,
    pub is_voided: bool,
}

/// One stored invoice with its lines and payments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceDetail {
    pub row: InvoiceRow,
    pub net_minor: i64,
    pub tax_minor: i64,
    pub exchange_rate_micros: i64,
    pub lines: Vec<InvoiceLine>,
    pub payments: Vec<InvoicePayment>,
    /// The invoice a credit note credits: (id, number).
    pub credits: Option<(i64, String)>,
}

/// The invoice page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceView {
    pub detail: InvoiceDetail,
    pub base_currency: String,
    pub today: NaiveDate,
}

/// The facts kept beside each stored invoice for sorting, searching and settlement
/// figures, computed from its own fields and its payments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceFacts {
    pub gross_base_minor: i64,
    pub settled_on: Option<NaiveDate>,
    pub days_to_settle: Option<i64>,
    /// Days from the due date to `settled_on` (negative: paid early).
    pub days_late: Option<i64>,
}

impl InvoiceFacts {
    /// `payments` are the non-voided ones as (date, amount in the invoice's currency).
    /// Only approved invoices (not credit notes) settle: on the day their payments,
    /// taken in date order, first reach the gross amount.
    pub fn compute(
        kind: DocKind,
        state: DocState,
        gross_minor: i64,
        exchange_rate_micros: i64,
        entry_date: NaiveDate,
        due_date: NaiveDate,
        payments: &[(NaiveDate, i64)],
    ) -> InvoiceFacts {
        let sign = match kind {
            DocKind::Invoice => 1,
            DocKind::CreditNote => -1,
        };
        let gross_base_minor =
            sign * crate::domain::money::to_base_minor(gross_minor, exchange_rate_micros);
        let mut settled_on = None;
        if kind == DocKind::Invoice && state == DocState::Approved && gross_minor > 0 {
            let mut ordered = payments.to_vec();
            ordered.sort();
            let mut paid = 0i64;
            for (day, amount) in ordered {
                paid = paid.saturating_add(amount);
                if paid >= gross_minor {
                    settled_on = Some(day);
                    break;
                }
            }
        }
        InvoiceFacts {
            gross_base_minor,
            settled_on,
            days_to_settle: settled_on.map(|day| (day - entry_date).num_days()),
            days_late: settled_on.map(|day| (day - due_date).num_days()),
        }
    }
}

/// Which documents a table lists: the customers' invoices or the suppliers' bills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    Invoices,
    Bills,
}

impl TableKind {
    /// The name in paths, file names and test ids.
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Invoices => "invoices",
            TableKind::Bills => "bills",
        }
    }

    /// The table's page.
    pub fn path(self) -> &'static str {
        match self {
            TableKind::Invoices => "/invoices",
            TableKind::Bills => "/bills",
        }
    }

    /// The CSV download of the table's filtered rows.
    pub fn export_path(self) -> &'static str {
        match self {
            TableKind::Invoices => "/export/invoices.csv",
            TableKind::Bills => "/export/bills.csv",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> InvoiceParams {
        InvoiceParams::from_lookup(|key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn a_clean_url_is_the_default_table() {
        let (query, problems) = InvoiceQuery::resolve(&InvoiceParams::default());
        assert!(problems.is_empty());
        assert_eq!(query, InvoiceQuery::default());
        assert!(!query.is_filtered());
    }

    #[test]
    fn bad_values_are_reported_and_ignored() {
        let (query, problems) = InvoiceQuery::resolve(&params(&[
            ("status", "late"),
            ("from", "2026-13-01"),
            ("min", "1.000"),
            ("sort", "colour"),
            ("page", "0"),
            ("per", "7"),
            ("customer", "x"),
            ("currency", "DK"),
        ]));
        assert_eq!(problems.len(), 8, "{problems:?}");
        assert_eq!(query, InvoiceQuery::default());
    }

    #[test]
    fn reversed_ranges_are_dropped_with_a_reason() {
        let (query, problems) = InvoiceQuery::resolve(&params(&[
            ("from", "2026-05-01"),
            ("to", "2026-04-01"),
            ("min", "500"),
            ("max", "100"),
        ]));
        assert_eq!(
            problems,
            vec![Problem::DatesReversed, Problem::AmountsReversed]
        );
        assert_eq!((query.from, query.min_minor), (None, None));
    }

    #[test]
    fn the_query_string_round_trips() {
        let (query, problems) = InvoiceQuery::resolve(&params(&[
            ("q", "Søren & co"),
            ("status", "overdue"),
            ("currency", "eur"),
            ("from", "2026-01-01"),
            ("max", "1500,5"),
            ("sort", "amount"),
            ("dir", "asc"),
            ("page", "3"),
            ("per", "50"),
        ]));
        assert!(problems.is_empty());
        assert_eq!(query.currency.as_deref(), Some("EUR"));
        let text = query.page_query_string(3);
        assert!(text.contains("q=S%C3%B8ren%20%26%20co"), "{text}");
        let mut back = InvoiceParams::default();
        for pair in text.split('&') {
            let (key, value) = pair.split_once('=').expect("pair");
            let value = percent_decode(value);
            match key {
                "q" => back.q = Some(value),
                "status" => back.status = Some(value),
                "currency" => back.currency = Some(value),
                "from" => back.from = Some(value),
                "max" => back.max = Some(value),
                "sort" => back.sort = Some(value),
                "dir" => back.dir = Some(value),
                "page" => back.page = Some(value),
                "per" => back.per = Some(value),
                other => panic!("unexpected {other}"),
            }
        }
        assert_eq!(InvoiceQuery::resolve(&back), (query, vec![]));
    }

    fn percent_decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).expect("hex"));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).expect("utf8")
    }

    #[test]
    fn clicking_a_heading_sorts_then_flips() {
        let query = InvoiceQuery {
            page: 4,
            ..InvoiceQuery::default()
        };
        assert_eq!(
            query.sorted_query_string(SortKey::Customer),
            "sort=customer&dir=asc"
        );
        assert_eq!(
            query.sorted_query_string(SortKey::Date),
            "sort=date&dir=asc"
        );
    }

    #[test]
    fn pages_cover_every_row() {
        let query = InvoiceQuery::default();
        assert_eq!(query.last_page(0), 1);
        assert_eq!(query.last_page(25), 1);
        assert_eq!(query.last_page(26), 2);
        let page3 = InvoiceQuery { page: 3, ..query };
        assert_eq!(page3.offset(), 50);
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn an_invoice_settles_when_its_payments_reach_the_gross() {
        let payments = [(day("2026-03-20"), 600), (day("2026-03-05"), 500)];
        let facts = InvoiceFacts::compute(
            DocKind::Invoice,
            DocState::Approved,
            1_000,
            7_460_000,
            day("2026-03-01"),
            day("2026-03-31"),
            &payments,
        );
        assert_eq!(facts.settled_on, Some(day("2026-03-20")));
        assert_eq!(facts.days_to_settle, Some(19));
        assert_eq!(facts.days_late, Some(-11));
        assert_eq!(facts.gross_base_minor, 7_460);
        let partly = InvoiceFacts::compute(
            DocKind::Invoice,
            DocState::Approved,
            1_000,
            1_000_000,
            day("2026-03-01"),
            day("2026-03-31"),
            &payments[..1],
        );
        assert_eq!(partly.settled_on, None);
        let credit = InvoiceFacts::compute(
            DocKind::CreditNote,
            DocState::Approved,
            1_000,
            1_000_000,
            day("2026-03-01"),
            day("2026-03-31"),
            &payments,
        );
        assert_eq!((credit.gross_base_minor, credit.settled_on), (-1_000, None));
    }

    #[test]
    fn status_follows_state_payment_and_due_date() {
        let today = day("2026-06-10");
        let row = InvoiceRow {
            id: 1,
            invoice_no: "1".into(),
            kind: DocKind::Invoice,
            state: DocState::Approved,
            sent_state: "sent".into(),
            entry_date: day("2026-05-01"),
            due_date: day("2026-06-01"),
            customer_id: 1,
            customer_name: "A".into(),
            currency: "DKK".into(),
            gross_minor: 100,
            gross_base_minor: 100,
            balance_minor: 100,
            is_paid: false,
            settled_on: None,
        };
        assert_eq!(row.status(today), PayStatus::Overdue(9));
        let due = InvoiceRow {
            due_date: today,
            ..row.clone()
        };
        assert_eq!(due.status(today), PayStatus::Due(0));
        let paid = InvoiceRow {
            is_paid: true,
            ..row.clone()
        };
        assert_eq!(paid.status(today), PayStatus::Paid);
        let draft = InvoiceRow {
            state: DocState::Draft,
            ..row
        };
        assert_eq!(draft.status(today), PayStatus::Draft);
    }
}
