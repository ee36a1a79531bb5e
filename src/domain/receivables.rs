//! Receivables as of a day: what customers owed at the end of that day, aged by how far
//! past due each invoice was, rebuilt from invoice and payment dates (not from today's
//! balances), and the overdue invoices to chase, largest and oldest first.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How many overdue invoices the page lists (the Invoices table has them all).
pub const CHASE_LIST_LEN: usize = 25;
/// How many customers the "who owes most" table lists.
pub const TOP_DEBTORS: usize = 10;

/// An aging bucket by days past due at the as-of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AgingBucket {
    NotDue,
    Days1To30,
    Days31To60,
    Days61To90,
    Over90,
}

impl AgingBucket {
    pub const ALL: [AgingBucket; 5] = [
        AgingBucket::NotDue,
        AgingBucket::Days1To30,
        AgingBucket::Days31To60,
        AgingBucket::Days61To90,
        AgingBucket::Over90,
    ];

    /// The bucket of an invoice `days_past_due` days past its due date (0 or less: not
    /// due yet; due today counts as not due).
    pub fn for_days(days_past_due: i64) -> AgingBucket {
        match days_past_due {
            i64::MIN..=0 => AgingBucket::NotDue,
            1..=30 => AgingBucket::Days1To30,
            31..=60 => AgingBucket::Days31To60,
            61..=90 => AgingBucket::Days61To90,
            _ => AgingBucket::Over90,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            AgingBucket::NotDue => "not_due",
            AgingBucket::Days1To30 => "1_30",
            AgingBucket::Days31To60 => "31_60",
            AgingBucket::Days61To90 => "61_90",
            AgingBucket::Over90 => "over_90",
        }
    }

    fn index(self) -> usize {
        match self {
            AgingBucket::NotDue => 0,
            AgingBucket::Days1To30 => 1,
            AgingBucket::Days31To60 => 2,
            AgingBucket::Days61To90 => 3,
            AgingBucket::Over90 => 4,
        }
    }
}

/// An invoice still (partly) unpaid at the end of the as-of day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenInvoice {
    pub id: i64,
    pub invoice_no: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub entry_date: NaiveDate,
    pub due_date: NaiveDate,
    pub currency: String,
    /// Gross less the payments made by the as-of day, in the invoice's currency.
    pub open_minor: i64,
    /// The same at the invoice's own rate, in base currency.
    pub open_base_minor: i64,
}

impl OpenInvoice {
    pub fn days_past_due(&self, as_of: NaiveDate) -> i64 {
        (as_of - self.due_date).num_days()
    }
}

/// One bucket's count and amount.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BucketTotal {
    pub count: i64,
    pub base_minor: i64,
}

/// What one customer owed, by bucket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DebtorRow {
    pub customer_id: i64,
    pub customer_name: String,
    pub buckets: [i64; 5],
    pub total_base_minor: i64,
}

/// Aging of a set of open invoices at `as_of`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aging {
    /// In [`AgingBucket::ALL`] order.
    pub buckets: [BucketTotal; 5],
    pub total: BucketTotal,
    /// Overdue invoices, largest and oldest first (at most [`CHASE_LIST_LEN`]).
    pub to_chase: Vec<OpenInvoice>,
    /// All overdue invoices (the chase list may show fewer).
    pub overdue: BucketTotal,
    /// Customers owing most, largest first (at most [`TOP_DEBTORS`]).
    pub debtors: Vec<DebtorRow>,
}

impl Aging {
    /// Buckets, the chase list and top debtors from the invoices open at `as_of`.
    pub fn compute(open: &[OpenInvoice], as_of: NaiveDate) -> Aging {
        let mut aging = Aging::default();
        let mut debtors: std::collections::BTreeMap<i64, DebtorRow> = Default::default();
        for invoice in open {
            let bucket = AgingBucket::for_days(invoice.days_past_due(as_of));
            let slot = &mut aging.buckets[bucket.index()];
            slot.count += 1;
            slot.base_minor += invoice.open_base_minor;
            aging.total.count += 1;
            aging.total.base_minor += invoice.open_base_minor;
            if bucket != AgingBucket::NotDue {
                aging.overdue.count += 1;
                aging.overdue.base_minor += invoice.open_base_minor;
            }
            let debtor = debtors
                .entry(invoice.customer_id)
                .or_insert_with(|| DebtorRow {
                    customer_id: invoice.customer_id,
                    customer_name: invoice.customer_name.clone(),
                    buckets: [0; 5],
                    total_base_minor: 0,
                });
            debtor.buckets[bucket.index()] += invoice.open_base_minor;
            debtor.total_base_minor += invoice.open_base_minor;
        }
        let mut overdue: Vec<&OpenInvoice> =
            open.iter().filter(|i| i.days_past_due(as_of) > 0).collect();
        overdue.sort_by(|a, b| {
            b.open_base_minor
                .cmp(&a.open_base_minor)
                .then(a.due_date.cmp(&b.due_date))
                .then(a.id.cmp(&b.id))
        });
        aging.to_chase = overdue.into_iter().take(CHASE_LIST_LEN).cloned().collect();
        let mut debtors: Vec<DebtorRow> = debtors.into_values().collect();
        debtors.sort_by(|a, b| {
            b.total_base_minor
                .cmp(&a.total_base_minor)
                .then(a.customer_id.cmp(&b.customer_id))
        });
        debtors.truncate(TOP_DEBTORS);
        aging.debtors = debtors;
        aging
    }
}

/// The Receivables page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivablesData {
    pub as_of: NaiveDate,
    /// Whose figures, in which currency, for which day, how fresh.
    pub header: crate::domain::PageHeader,
    /// URL values the page could not use.
    pub problems: Vec<crate::domain::query::Problem>,
    pub aging: Aging,
}

/// The as-of day from the URL: a date no later than today; today when absent or
/// unusable (and a problem).
pub fn resolve_as_of(
    value: &Option<String>,
    today: NaiveDate,
    problems: &mut Vec<crate::domain::query::Problem>,
) -> NaiveDate {
    match crate::domain::query::date("as_of", value, problems) {
        Some(day) if day > today => {
            problems.push(crate::domain::query::Problem::AfterToday {
                field: "as_of".to_string(),
                value: day.format("%Y-%m-%d").to_string(),
            });
            today
        }
        Some(day) => day,
        None => today,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    fn open(id: i64, customer: i64, due: &str, amount: i64) -> OpenInvoice {
        OpenInvoice {
            id,
            invoice_no: id.to_string(),
            customer_id: customer,
            customer_name: format!("C{customer}"),
            entry_date: day("2026-01-01"),
            due_date: day(due),
            currency: "DKK".into(),
            open_minor: amount,
            open_base_minor: amount,
        }
    }

    #[test]
    fn buckets_follow_days_past_due() {
        assert_eq!(AgingBucket::for_days(-3), AgingBucket::NotDue);
        assert_eq!(AgingBucket::for_days(0), AgingBucket::NotDue);
        assert_eq!(AgingBucket::for_days(1), AgingBucket::Days1To30);
        assert_eq!(AgingBucket::for_days(30), AgingBucket::Days1To30);
        assert_eq!(AgingBucket::for_days(31), AgingBucket::Days31To60);
        assert_eq!(AgingBucket::for_days(90), AgingBucket::Days61To90);
        assert_eq!(AgingBucket::for_days(91), AgingBucket::Over90);
    }

    #[test]
    fn the_chase_list_is_largest_then_oldest_and_debtors_add_up() {
        let as_of = day("2026-06-30");
        let invoices = [
            open(1, 1, "2026-06-01", 500),
            open(2, 2, "2026-03-01", 500),
            open(3, 1, "2026-07-15", 900),
            open(4, 2, "2026-06-20", 800),
        ];
        let aging = Aging::compute(&invoices, as_of);
        let chase: Vec<i64> = aging.to_chase.iter().map(|i| i.id).collect();
        assert_eq!(chase, [4, 2, 1]);
        assert_eq!(aging.total.base_minor, 2_700);
        assert_eq!(
            aging.overdue,
            BucketTotal {
                count: 3,
                base_minor: 1_800
            }
        );
        assert_eq!(aging.buckets[0].base_minor, 900);
        assert_eq!(aging.buckets[4].base_minor, 500);
        assert_eq!(aging.debtors[0].customer_id, 1);
        assert_eq!(aging.debtors[0].total_base_minor, 1_400);
        let by_bucket: i64 = aging.debtors.iter().flat_map(|d| d.buckets).sum();
        assert_eq!(by_bucket, aging.total.base_minor);
    }

    #[test]
    fn the_as_of_day_is_today_or_earlier() {
        use crate::domain::query::Problem;
        let today = day("2026-11-28");
        let as_of = |value: Option<&str>| {
            let mut problems = Vec::new();
            let day = resolve_as_of(&value.map(String::from), today, &mut problems);
            (day, problems)
        };
        assert_eq!(as_of(None), (today, vec![]));
        assert_eq!(as_of(Some("2026-01-31")), (day("2026-01-31"), vec![]));
        assert_eq!(
            as_of(Some("2027-01-01")),
            (
                today,
                vec![Problem::AfterToday {
                    field: "as_of".into(),
                    value: "2027-01-01".into()
                }]
            )
        );
        assert_eq!(
            as_of(Some("yesterday")),
            (
                today,
                vec![Problem::NotADate {
                    field: "as_of".into(),
                    value: "yesterday".into()
                }]
            )
        );
    }
}
