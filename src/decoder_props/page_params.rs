//! The pages' URL parameters and the forms' fields: every value is either used, checked
//! and bounded, or named as a problem (shortened); what a page writes back into its
//! links reads back as the same query.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::calendar::window_day;
use super::{check, hostile_text, param};
use crate::api::accounts::safe_next;
use crate::domain::accounts::{Email, OrgRole, MAX_EMAIL_BYTES};
use crate::domain::calendar::in_window;
use crate::domain::customers::insight_range;
use crate::domain::invoices::{InvoiceParams, InvoiceQuery, TableKind};
use crate::domain::payments::{PaymentParams, PaymentQuery};
use crate::domain::query::{major_amount_text, parse_major_amount, Problem, PER_PAGE_CHOICES};
use crate::domain::receivables::resolve_as_of;
use crate::domain::revenue::{RevenueParams, RevenueQuery, MAX_BUCKETS};
use crate::domain::sync::RESOURCES;
use crate::domain::sync_history::{SyncHistoryParams, SyncHistoryQuery};

/// The longest echo of a bad value a message may carry (see `domain::echo`).
const MAX_ECHO_CHARS: usize = 81;

/// A today the product can meet: well inside the window, so last year's presets are too.
fn today() -> impl Strategy<Value = NaiveDate> {
    window_day().prop_filter("a year inside the window's edges", |day| {
        use chrono::Datelike;
        (1902..=2197).contains(&day.year())
    })
}

fn revenue_params() -> impl Strategy<Value = RevenueParams> {
    (
        param(&["this_month", "last_year", "fiscal_year", "last_12_months"]),
        param(&["2026-01-01", "2025-02-28", "1900-01-01", "2199-12-31"]),
        param(&["2026-03-31", "2024-02-29", "2199-12-31"]),
        param(&["day", "week", "month", "quarter"]),
        param(&["excl", "incl"]),
        param(&["previous", "last_year"]),
    )
        .prop_map(|(period, from, to, by, vat, compare)| RevenueParams {
            period,
            from,
            to,
            by,
            vat,
            compare,
        })
}

/// How many characters of outside input a problem repeats.
fn echo_len(problem: &Problem) -> usize {
    problem.echoed().map_or(0, |value| value.chars().count())
}

#[test]
fn revenue_parameters_are_bounded_and_their_links_read_back() {
    let fiscal = prop_oneof![1_u32..=12, any::<u32>()];
    check(
        "revenue::RevenueQuery::resolve",
        (revenue_params(), today(), fiscal),
        |(params, today, fiscal_end)| {
            let (query, problems) = RevenueQuery::resolve(&params, today, fiscal_end);
            prop_assert!(query.range.start <= query.range.end);
            prop_assert!(in_window(query.range.start) && in_window(query.range.end));
            prop_assert!(query.by.buckets(query.range).len() <= MAX_BUCKETS);
            for problem in &problems {
                prop_assert!(echo_len(problem) <= MAX_ECHO_CHARS);
            }
            // The page's own links (this view, previous, next) read back unchanged.
            for shown in [query.clone(), query.stepped(-1), query.stepped(1)] {
                if !(in_window(shown.range.start) && in_window(shown.range.end)) {
                    continue;
                }
                let back = RevenueParams::from_query_string(&shown.to_query_string());
                let (again, again_problems) = RevenueQuery::resolve(&back, today, fiscal_end);
                if again_problems.is_empty() {
                    prop_assert_eq!(again.range, shown.range);
                    prop_assert_eq!(again.vat, shown.vat);
                    prop_assert_eq!(again.compare, shown.compare);
                } else {
                    // Only a range too long to draw by its old grouping may be re-grouped.
                    prop_assert!(
                        again_problems == vec![Problem::TooManyPoints]
                            || again_problems == vec![Problem::RangeTooLong],
                        "{:?}",
                        again_problems
                    );
                }
            }
            Ok(())
        },
    );
}

fn invoice_params() -> impl Strategy<Value = InvoiceParams> {
    let first = (
        param(&["ACME", "Fjordline", "1042"]),
        param(&["paid", "unpaid", "overdue"]),
        param(&["draft", "approved", "voided"]),
        param(&["invoice", "credit_note"]),
        param(&["1", "42", "0", "-3"]),
        param(&["DKK", "eur", "ABC", "DK"]),
        param(&["2026-01-01", "1900-01-01"]),
    );
    let second = (
        param(&["2026-12-31", "2199-12-31"]),
        param(&["-1", "1.5", "1500,50", "0"]),
        param(&["100", "99999999999", "1.000"]),
        param(&["number", "customer", "date", "due", "amount", "status"]),
        param(&["asc", "desc"]),
        param(&["1", "2", "4294967295", "0"]),
        param(&["25", "50", "100", "1000"]),
    );
    (first, second).prop_map(
        |(
            (q, status, state, kind, customer, currency, from),
            (to, min, max, sort, dir, page, per),
        )| {
            InvoiceParams {
                q,
                status,
                state,
                kind,
                customer,
                currency,
                from,
                to,
                min,
                max,
                sort,
                dir,
                page,
                per,
            }
        },
    )
}

fn lookup(pairs: &[(&'static str, String)], key: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.clone())
}

#[test]
fn table_parameters_are_bounded_and_their_links_read_back() {
    let table = proptest::sample::select(vec![TableKind::Invoices, TableKind::Bills]);
    check(
        "invoices::InvoiceQuery::resolve_for (invoices and bills)",
        (invoice_params(), table),
        |(params, table)| {
            let (query, problems) = InvoiceQuery::resolve_for(table, &params);
            prop_assert!(query.page >= 1);
            prop_assert!(PER_PAGE_CHOICES.contains(&query.per_page));
            prop_assert!(query.from.is_none_or(in_window) && query.to.is_none_or(in_window));
            for problem in &problems {
                prop_assert!(echo_len(problem) <= MAX_ECHO_CHARS);
            }
            let pairs = query.view_pairs();
            let back = InvoiceParams::from_lookup(|key| lookup(&pairs, key));
            let (again, again_problems) = InvoiceQuery::resolve_for(table, &back);
            prop_assert!(again_problems.is_empty(), "{:?}", again_problems);
            prop_assert_eq!(again, InvoiceQuery { page: 1, ..query });
            Ok(())
        },
    );
}

#[test]
fn payment_parameters_are_bounded_and_their_links_read_back() {
    let params = (
        param(&["Fjordline", "1042"]),
        param(&["in", "out"]),
        param(&["2026-01-01"]),
        param(&["2026-12-31"]),
        param(&["date", "party", "amount"]),
        param(&["asc", "desc"]),
        param(&["1", "7", "4294967296"]),
        param(&["25", "50", "100"]),
    )
        .prop_map(|(q, side, from, to, sort, dir, page, per)| PaymentParams {
            q,
            side,
            from,
            to,
            sort,
            dir,
            page,
            per,
        });
    check("payments::PaymentQuery::resolve", params, |params| {
        let (query, problems) = PaymentQuery::resolve(&params);
        prop_assert!(query.page >= 1 && PER_PAGE_CHOICES.contains(&query.per_page));
        for problem in &problems {
            prop_assert!(echo_len(problem) <= MAX_ECHO_CHARS);
        }
        let pairs = query.view_pairs();
        let back = PaymentParams::from_lookup(|key| lookup(&pairs, key));
        let (again, again_problems) = PaymentQuery::resolve(&back);
        prop_assert!(again_problems.is_empty(), "{:?}", again_problems);
        prop_assert_eq!(again, PaymentQuery { page: 1, ..query });
        Ok(())
    });
}

#[test]
fn sync_history_parameters_are_bounded_and_their_links_read_back() {
    let params = (
        param(&["invoices", "bank_payments", "contacts"]),
        param(&["succeeded", "failed", "running"]),
        param(&["1", "7", "4294967296"]),
    )
        .prop_map(|(resource, status, page)| SyncHistoryParams {
            resource,
            status,
            page,
        });
    check(
        "sync_history::SyncHistoryQuery::resolve",
        params,
        |params| {
            let (query, problems) = SyncHistoryQuery::resolve(&params);
            prop_assert!(query.page >= 1);
            prop_assert!(query
                .resource
                .as_deref()
                .is_none_or(|r| RESOURCES.contains(&r)));
            for problem in &problems {
                prop_assert!(echo_len(problem) <= MAX_ECHO_CHARS);
            }
            let link = query.page_query_string(query.page);
            let pairs: Vec<(String, String)> = url::form_urlencoded::parse(link.as_bytes())
                .into_owned()
                .collect();
            let back = SyncHistoryParams::from_lookup(|key| {
                pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
            });
            let (again, again_problems) = SyncHistoryQuery::resolve(&back);
            prop_assert!(again_problems.is_empty(), "{:?}", again_problems);
            prop_assert_eq!(again, query);
            Ok(())
        },
    );
}

#[test]
fn amounts_typed_in_a_filter_read_back_exactly() {
    let amounts = prop_oneof![
        hostile_text().prop_map(Err),
        (-10_i64.pow(15)..10_i64.pow(15)).prop_map(Ok),
    ];
    check("query::parse_major_amount", amounts, |input| {
        match input {
            Err(text) => {
                if let Some(minor) = parse_major_amount(&text) {
                    prop_assert_eq!(parse_major_amount(&major_amount_text(minor)), Some(minor));
                }
            }
            Ok(minor) => {
                prop_assert_eq!(parse_major_amount(&major_amount_text(minor)), Some(minor));
            }
        }
        Ok(())
    });
}

#[test]
fn as_of_days_and_customer_periods_never_leave_the_window() {
    let input = (
        param(&["2026-01-31", "2199-12-31", "1900-01-01"]),
        param(&["last_year", "this_quarter", "fiscal_year"]),
        today(),
        1_u32..=12,
    );
    check(
        "receivables::resolve_as_of and customers::insight_range",
        input,
        |(as_of, period, today, fiscal_end)| {
            let mut problems = Vec::new();
            let day = resolve_as_of(&as_of, today, &mut problems);
            prop_assert!(day <= today && in_window(day));
            let (_, range) = insight_range(&period, today, fiscal_end, &mut problems);
            prop_assert!(range.start <= range.end && range.days() <= 366);
            prop_assert!(problems.len() <= 2);
            for problem in &problems {
                prop_assert!(echo_len(problem) <= MAX_ECHO_CHARS);
            }
            Ok(())
        },
    );
}

#[test]
fn form_fields_and_the_way_back_are_checked() {
    let input = (
        prop_oneof![hostile_text(), "[a-z]{1,10}@[a-z]{1,10}\\.[a-z]{2,3}"],
        prop_oneof![hostile_text(), "/[ -~\t]{0,40}"],
        hostile_text(),
    );
    check(
        "accounts::Email::parse, safe_next and role names",
        input,
        |(email, next, role)| {
            if let Ok(email) = Email::parse(&email) {
                let text = email.as_str();
                prop_assert!(text.len() <= MAX_EMAIL_BYTES);
                prop_assert!(!text.chars().any(char::is_whitespace));
                prop_assert_eq!(text.to_lowercase(), text);
            }
            let path = safe_next(Some(&next));
            prop_assert!(path.starts_with('/'));
            prop_assert!(!path.starts_with("//") && !path.starts_with("/\\"));
            prop_assert!(path.bytes().all(|b| b.is_ascii_graphic()));
            if let Some(parsed) = OrgRole::parse(&role) {
                prop_assert_eq!(parsed.as_str(), role.as_str());
            }
            Ok(())
        },
    );
}
