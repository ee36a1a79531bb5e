//! Customer insights over whole months: who brings the revenue (top customers and their
//! share, concentration with the Herfindahl index), new against returning customers
//! per month, how fast customers pay (days to pay, days past due), and DSO.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::period::PeriodKey;
use crate::domain::period::{first_of_month, last_of_month};
use crate::domain::query::Problem;
use crate::domain::DateRange;

/// Customers the top list shows.
pub const TOP_CUSTOMERS: usize = 10;
/// One customer above this share of revenue is flagged as a concentration risk.
pub const FLAG_SHARE: f64 = 0.25;

/// A customer's net revenue (base currency) in the range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRevenue {
    pub customer_id: i64,
    pub name: String,
    pub invoice_count: i64,
    pub net_base_minor: i64,
}

/// A top customer with its share of the positive revenue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerShare {
    pub customer_id: i64,
    pub name: String,
    pub invoice_count: i64,
    pub net_base_minor: i64,
    /// 0..=1.
    pub share: f64,
}

/// How much of the revenue depends on few customers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Concentration {
    pub top1: f64,
    pub top5: f64,
    pub top10: f64,
    /// Herfindahl-Hirschman index: the sum of squared percentage shares, 0..=10,000
    /// (one customer: 10,000).
    pub hhi: u32,
    /// The largest customer's share passes [`FLAG_SHARE`].
    pub flagged: bool,
    /// Customers with positive revenue in the range.
    pub customers: i64,
}

/// Top customers and concentration from every customer's revenue in the range. Only
/// positive revenue counts toward shares (a customer with more credit notes than
/// invoices takes no share).
pub fn shares(revenue: &[CustomerRevenue]) -> (Vec<CustomerShare>, Concentration) {
    let mut positive: Vec<&CustomerRevenue> =
        revenue.iter().filter(|c| c.net_base_minor > 0).collect();
    positive.sort_by(|a, b| {
        b.net_base_minor
            .cmp(&a.net_base_minor)
            .then(a.customer_id.cmp(&b.customer_id))
    });
    let total: i64 = positive.iter().map(|c| c.net_base_minor).sum();
    if total <= 0 {
        return (Vec::new(), Concentration::default());
    }
    let share = |c: &CustomerRevenue| c.net_base_minor as f64 / total as f64;
    let top_share = |n: usize| positive.iter().take(n).map(|c| share(c)).sum::<f64>();
    let hhi: f64 = positive.iter().map(|c| (share(c) * 100.0).powi(2)).sum();
    let concentration = Concentration {
        top1: top_share(1),
        top5: top_share(5),
        top10: top_share(10),
        hhi: hhi.round().clamp(0.0, 10_000.0) as u32,
        flagged: top_share(1) > FLAG_SHARE,
        customers: positive.len() as i64,
    };
    let top = positive
        .iter()
        .take(TOP_CUSTOMERS)
        .map(|c| CustomerShare {
            customer_id: c.customer_id,
            name: c.name.clone(),
            invoice_count: c.invoice_count,
            net_base_minor: c.net_base_minor,
            share: share(c),
        })
        .collect();
    (top, concentration)
}

/// One month of a customer's rollup row: (month, customer, invoices, net in base).
pub type MonthRow = (NaiveDate, i64, i64, i64);

/// Customers who bought in a month for the first time ever, against those who had
/// bought before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewReturning {
    pub month: NaiveDate,
    pub new_customers: i64,
    pub returning_customers: i64,
    pub new_net_base_minor: i64,
    pub returning_net_base_minor: i64,
    /// Credit notes to customers not invoiced that month: with the two above, the
    /// month's whole revenue.
    pub credited_only_net_base_minor: i64,
}

impl NewReturning {
    /// The month's revenue: new plus returning plus credit notes to others.
    pub fn total_net_base_minor(&self) -> i64 {
        self.new_net_base_minor + self.returning_net_base_minor + self.credited_only_net_base_minor
    }
}

/// New and returning customers for each month of `range`, from the monthly rollup rows
/// of the range and each customer's first month with an invoice (ever). A customer
/// counts in a month when it was invoiced that month; credit notes to customers not
/// invoiced that month are kept apart, so the three amounts add up to the month.
pub fn new_vs_returning(
    range: DateRange,
    rows: &[MonthRow],
    first_month: &std::collections::HashMap<i64, NaiveDate>,
) -> Vec<NewReturning> {
    range
        .months()
        .into_iter()
        .map(|month| {
            let mut out = NewReturning {
                month,
                new_customers: 0,
                returning_customers: 0,
                new_net_base_minor: 0,
                returning_net_base_minor: 0,
                credited_only_net_base_minor: 0,
            };
            for (row_month, customer, invoices, net) in rows {
                if *row_month != month {
                    continue;
                }
                if *invoices <= 0 {
                    out.credited_only_net_base_minor += net;
                    continue;
                }
                if first_month.get(customer) == Some(&month) {
                    out.new_customers += 1;
                    out.new_net_base_minor += net;
                } else {
                    out.returning_customers += 1;
                    out.returning_net_base_minor += net;
                }
            }
            out
        })
        .collect()
}

/// Sums over the invoices a customer settled in the range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettlementSums {
    pub customer_id: i64,
    pub name: String,
    pub settled: i64,
    /// Σ days from invoice date to paid in full.
    pub days_to_pay: i64,
    /// Σ days from due date to paid in full (negative: early).
    pub days_late: i64,
}

impl SettlementSums {
    pub fn average_days_to_pay(&self) -> Option<f64> {
        (self.settled > 0).then(|| self.days_to_pay as f64 / self.settled as f64)
    }

    pub fn average_days_late(&self) -> Option<f64> {
        (self.settled > 0).then(|| self.days_late as f64 / self.settled as f64)
    }
}

/// The middle value (the mean of the two middle values for an even count); `None` for
/// no values. What "usually" means: one very late payment does not move it.
pub fn median(values: &[i64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => sorted.get(middle).map(|v| *v as f64),
        _ => {
            let low = *sorted.get(middle - 1)?;
            let high = *sorted.get(middle)?;
            Some((low as f64 + high as f64) / 2.0)
        }
    }
}

/// Days sales outstanding over `days` days: what was owed at the end, against the gross
/// sales of the period, in days. `None` when there were no sales.
pub fn dso(outstanding_base_minor: i64, gross_sales_base_minor: i64, days: i64) -> Option<f64> {
    (gross_sales_base_minor > 0)
        .then(|| outstanding_base_minor as f64 / gross_sales_base_minor as f64 * days as f64)
}

/// The page's period: a named period, widened to whole months (the rollups are
/// monthly). The default is the last twelve months; an unknown name is a problem.
pub fn insight_range(
    period: &Option<String>,
    today: NaiveDate,
    fiscal_year_end_month: u32,
    problems: &mut Vec<Problem>,
) -> (PeriodKey, DateRange) {
    let key = PeriodKey::parse(period, PeriodKey::Last12Months, problems);
    let range = key.range(today, fiscal_year_end_month);
    let whole = DateRange::new(first_of_month(range.start), last_of_month(range.end));
    (key, whole)
}

/// The Customers page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerInsights {
    pub period: PeriodKey,
    pub range: DateRange,
    /// URL values the page could not use.
    pub problems: Vec<Problem>,
    pub top: Vec<CustomerShare>,
    pub concentration: Concentration,
    pub total_net_base_minor: i64,
    pub new_vs_returning: Vec<NewReturning>,
    /// Customers paying slowest (by average days past due), at most [`TOP_CUSTOMERS`].
    pub slowest_payers: Vec<SettlementSums>,
    /// All settlements in the range together.
    pub all_settled: SettlementSums,
    pub dso_days: Option<f64>,
    pub outstanding_base_minor: i64,
    pub gross_sales_base_minor: i64,
    /// Whose figures, in which currency, for which day, how fresh.
    pub header: crate::domain::PageHeader,
}

/// One customer's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerView {
    pub customer_id: i64,
    pub name: String,
    /// Net revenue per month over the last twelve months.
    pub months: Vec<(NaiveDate, i64)>,
    pub total_net_base_minor: i64,
    /// What is open today, overdue included.
    pub outstanding_base_minor: i64,
    pub overdue_base_minor: i64,
    pub open_invoices: i64,
    /// Invoices settled in the last twelve months.
    pub settlements: SettlementSums,
    /// The median of those invoices' days past the due date (negative: early).
    pub median_days_late: Option<f64>,
    pub base_currency: String,
    pub today: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn the_median_is_the_middle_value() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5]), Some(5.0));
        // One payment 200 days late moves the mean to 42 but not the median.
        assert_eq!(median(&[2, 200, 1, 3, 4]), Some(3.0));
        assert_eq!(median(&[-3, 1, 2, 10]), Some(1.5));
        assert_eq!(median(&[i64::MAX, i64::MAX]), Some(i64::MAX as f64));
    }

    fn revenue(id: i64, net: i64) -> CustomerRevenue {
        CustomerRevenue {
            customer_id: id,
            name: format!("C{id}"),
            invoice_count: 1,
            net_base_minor: net,
        }
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn one_customer_is_total_concentration() {
        let (top, c) = shares(&[revenue(1, 500)]);
        assert_eq!(c.hhi, 10_000);
        assert!(c.flagged);
        assert_eq!(top[0].share, 1.0);
    }

    #[test]
    fn equal_customers_share_equally_and_negative_ones_take_no_share() {
        let rows: Vec<CustomerRevenue> = (1..=4)
            .map(|id| revenue(id, 100))
            .chain([revenue(9, -50), revenue(10, 0)])
            .collect();
        let (top, c) = shares(&rows);
        assert_eq!(top.len(), 4);
        assert_eq!(c.hhi, 2_500);
        assert!((c.top1 - 0.25).abs() < 1e-9);
        assert!(!c.flagged, "exactly 25 % is not above the flag");
        assert!((c.top5 - 1.0).abs() < 1e-9);
        assert_eq!(c.customers, 4);
        assert_eq!(shares(&[revenue(1, -5)]).1, Concentration::default());
    }

    #[test]
    fn new_customers_are_counted_in_their_first_month_only() {
        let range = DateRange::new(day("2026-01-01"), day("2026-02-28"));
        let rows = vec![
            (day("2026-01-01"), 1, 2, 100),
            (day("2026-01-01"), 2, 1, 50),
            (day("2026-02-01"), 1, 1, 70),
            (day("2026-02-01"), 3, 0, -20),
        ];
        let first: HashMap<i64, NaiveDate> =
            [(1, day("2026-01-01")), (2, day("2025-06-01"))].into();
        let months = new_vs_returning(range, &rows, &first);
        assert_eq!(
            (months[0].new_customers, months[0].returning_customers),
            (1, 1)
        );
        assert_eq!(months[0].new_net_base_minor, 100);
        assert_eq!(
            (months[1].new_customers, months[1].returning_customers),
            (0, 1)
        );
        // Customer 3 only got a credit note in February: kept apart, and the three
        // parts add up to the month's revenue.
        assert_eq!(months[1].credited_only_net_base_minor, -20);
        assert_eq!(months[1].total_net_base_minor(), 50);
    }

    #[test]
    fn dso_scales_outstanding_by_sales_per_day() {
        assert_eq!(dso(50_000, 365_000, 365), Some(50.0));
        assert_eq!(dso(10, 0, 30), None);
        assert_eq!(dso(10, -5, 30), None);
    }

    #[test]
    fn periods_widen_to_whole_months() {
        let today = day("2026-11-28");
        let mut problems = Vec::new();
        let (key, range) = insight_range(&None, today, 12, &mut problems);
        assert_eq!(key, PeriodKey::Last12Months);
        assert_eq!(range.start.format("%d").to_string(), "01");
        // The twelve whole months before November.
        assert_eq!(range.end, day("2026-10-31"));
        assert!(problems.is_empty());
        insight_range(&Some("forever".into()), today, 12, &mut problems);
        assert_eq!(problems, [Problem::not_a_choice("period", "forever")]);
    }
}
