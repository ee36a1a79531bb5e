//! The SQL that keeps the rollup tables equal to their raw rows.
//!
//! Rollups are rebuilt for exactly the days (and months) a write touched, inside the
//! writing transaction, from the raw rows: simpler to prove right than incremental
//! deltas, and as cheap, because a day holds few documents. The statements are plain
//! SQL that SQLite and PostgreSQL both accept (`$N` parameters, no date functions).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use chrono::NaiveDate;

use crate::domain::period::{first_of_month, last_of_month};

/// SQL for `amount * rate / 10^6` rounded half away from zero: the same rule as
/// [`crate::domain::money::to_base_minor`], applied per document.
pub(crate) fn to_base(amount: &str, rate: &str) -> String {
    format!(
        "(CASE WHEN {amount} >= 0 THEN ({amount} * {rate} + 500000) / 1000000 \
         ELSE ({amount} * {rate} - 500000) / 1000000 END)"
    )
}

/// `-1` for credit notes, `1` for invoices.
const SIGN: &str = "(CASE WHEN kind = 'credit_note' THEN -1 ELSE 1 END)";

pub static DELETE_REVENUE_DAY: &str = "DELETE FROM revenue_daily WHERE org_id = $1 AND day = $2";

/// Rebuilds `revenue_daily` for one day: $1 org, $2 day.
pub static INSERT_REVENUE_DAY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO revenue_daily (org_id, day, currency, invoice_count, credit_note_count, \
           net_minor, gross_minor, net_base_minor, gross_base_minor) \
         SELECT $1, $2, currency, \
           SUM(CASE WHEN kind = 'invoice' THEN 1 ELSE 0 END), \
           SUM(CASE WHEN kind = 'credit_note' THEN 1 ELSE 0 END), \
           SUM({SIGN} * net_minor), SUM({SIGN} * gross_minor), \
           SUM({SIGN} * {net}), SUM({SIGN} * {gross}) \
         FROM invoices WHERE org_id = $1 AND entry_date = $2 AND state = 'approved' \
         GROUP BY currency",
        net = to_base("net_minor", "exchange_rate_micros"),
        gross = to_base("gross_minor", "exchange_rate_micros"),
    )
});

pub static DELETE_CUSTOMER_MONTH: &str =
    "DELETE FROM customer_revenue_monthly WHERE org_id = $1 AND month = $2";

/// Rebuilds `customer_revenue_monthly` for one month: $1 org, $2 first day, $3 last day.
pub static INSERT_CUSTOMER_MONTH: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO customer_revenue_monthly (org_id, month, customer_id, invoice_count, net_base_minor) \
         SELECT $1, $2, customer_id, SUM(CASE WHEN kind = 'invoice' THEN 1 ELSE 0 END), \
           SUM({SIGN} * {net}) \
         FROM invoices WHERE org_id = $1 AND entry_date >= $2 AND entry_date <= $3 \
           AND state = 'approved' \
         GROUP BY customer_id",
        net = to_base("net_minor", "exchange_rate_micros"),
    )
});

pub static DELETE_RECEIVABLES_DAY: &str =
    "DELETE FROM receivables_daily WHERE org_id = $1 AND day = $2";

/// Rebuilds `receivables_daily` for one day: $1 org, $2 day.
///
/// Receivables count approved invoices (not credit notes) at their gross amount. With
/// these five columns, outstanding and overdue at the end of any day D are sums over
/// days <= D (see `receivables_at`): a payment made on or before its invoice's due date
/// is filed under the due date, a later one under its own date.
pub static INSERT_RECEIVABLES_DAY: LazyLock<String> = LazyLock::new(|| {
    let gross = to_base("gross_minor", "exchange_rate_micros");
    let paid = to_base("pa.amount_minor", "i.exchange_rate_micros");
    let settled = "FROM payment_associations pa \
                   JOIN bank_payments p ON p.id = pa.payment_id \
                   JOIN invoices i ON i.id = pa.invoice_id \
                   WHERE pa.org_id = $1 AND NOT p.is_voided \
                     AND i.state = 'approved' AND i.kind = 'invoice'";
    format!(
        "INSERT INTO receivables_daily (org_id, day, currency, invoiced_base_minor, \
           paid_base_minor, due_base_minor, paid_by_due_base_minor, paid_after_due_base_minor) \
         SELECT $1, $2, currency, SUM(invoiced), SUM(paid), SUM(due), SUM(paid_by_due), \
           SUM(paid_after_due) \
         FROM ( \
           SELECT currency, {gross} AS invoiced, 0 AS paid, 0 AS due, 0 AS paid_by_due, \
             0 AS paid_after_due \
           FROM invoices WHERE org_id = $1 AND entry_date = $2 AND state = 'approved' \
             AND kind = 'invoice' \
           UNION ALL \
           SELECT currency, 0, 0, {gross}, 0, 0 \
           FROM invoices WHERE org_id = $1 AND due_date = $2 AND state = 'approved' \
             AND kind = 'invoice' \
           UNION ALL \
           SELECT i.currency, 0, {paid}, 0, 0, 0 {settled} AND p.entry_date = $2 \
           UNION ALL \
           SELECT i.currency, 0, 0, 0, {paid}, 0 {settled} AND i.due_date = $2 \
             AND p.entry_date <= i.due_date \
           UNION ALL \
           SELECT i.currency, 0, 0, 0, 0, {paid} {settled} AND p.entry_date = $2 \
             AND p.entry_date > i.due_date \
         ) parts GROUP BY currency"
    )
});

/// Outstanding and overdue at the end of day $2 for org $1.
pub static SELECT_RECEIVABLES_AT: &str = "SELECT \
     COALESCE(CAST(SUM(invoiced_base_minor - paid_base_minor) AS BIGINT), 0), \
     COALESCE(CAST(SUM(CASE WHEN day < $2 THEN due_base_minor - paid_by_due_base_minor ELSE 0 END) \
       - SUM(paid_after_due_base_minor) AS BIGINT), 0) \
   FROM receivables_daily WHERE org_id = $1 AND day <= $2";

/// The days and months a write touched, whose rollups must be rebuilt.
#[derive(Debug, Default)]
pub struct Touched {
    /// Days whose revenue may have changed (entry dates).
    pub revenue_days: BTreeSet<NaiveDate>,
    /// Days whose receivables may have changed (entry, due and payment dates).
    pub receivable_days: BTreeSet<NaiveDate>,
    /// Invoices (local ids) whose own facts may have changed: written ones and those a
    /// written, voided or deleted payment settles (see `refresh_invoice_facts`).
    pub invoices: BTreeSet<i64>,
}

impl Touched {
    /// An invoice dated `entry`, due `due` (before or after the write).
    pub fn invoice(&mut self, entry: NaiveDate, due: NaiveDate) {
        self.revenue_days.insert(entry);
        self.receivable_days.insert(entry);
        self.receivable_days.insert(due);
    }

    /// A payment on `paid` settling invoice `invoice_id`, due `due`.
    pub fn settlement(&mut self, invoice_id: i64, paid: NaiveDate, due: NaiveDate) {
        self.invoices.insert(invoice_id);
        self.receivable_days.insert(paid);
        self.receivable_days.insert(due);
    }

    /// The (first day, last day) of every month with a touched revenue day.
    pub fn revenue_months(&self) -> BTreeSet<(NaiveDate, NaiveDate)> {
        self.revenue_days
            .iter()
            .map(|day| (first_of_month(*day), last_of_month(*day)))
            .collect()
    }
}
