//! Rollup correctness: for random invoice histories (with credit notes, foreign
//! currency, partial payments, voided documents and rewrites), every figure read from
//! the rollups equals a brute-force sum over the final raw records, on both engines.

use crate::support;

use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use ledgerlight::domain::period::{add_months, last_of_month};
use ledgerlight::domain::DateRange;
use ledgerlight::store::*;
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
use support::history::{brute_receivables, brute_totals, start, write_random_history};

const CASES: u64 = 6;

async fn rollups_equal_brute_force_sums(store: Arc<dyn Store>, _url: &str) {
    for case in 0..CASES {
        let mut rng = ChaCha8Rng::seed_from_u64(case);
        let org = store
            .create_organization(&support::new_org(&format!("case-{case}")))
            .await
            .expect("org");
        let org = OrgId(org.id);
        let model = write_random_history(&*store, org, &mut rng).await;

        // Month-aligned periods of one to six months, as the presets are.
        for months in 1..=6 {
            for offset in 0..6 {
                let first = add_months(start(), offset);
                let range = DateRange::new(first, last_of_month(add_months(first, months - 1)));
                let stored = store.period_totals(org, range).await.expect("totals");
                assert_eq!(
                    stored,
                    brute_totals(&model, range),
                    "case {case}, {range:?}"
                );
            }
        }
        // Ranges with loose days, as running periods, weeks and single days are: the
        // active customers of a few days are those invoiced on those days only.
        for (from, days) in [(0, 0), (3, 2), (12, 6), (20, 40), (45, 75), (1, 150)] {
            let first = start() + Duration::days(from);
            let range = DateRange::new(first, first + Duration::days(days));
            let stored = store.period_totals(org, range).await.expect("totals");
            assert_eq!(
                stored,
                brute_totals(&model, range),
                "case {case}, {range:?}"
            );
        }
        let months = store
            .revenue_by_month(
                org,
                DateRange::new(start(), NaiveDate::from_ymd_opt(2026, 6, 30).expect("date")),
            )
            .await
            .expect("months");
        for month in months {
            let range = DateRange::new(month.month, last_of_month(month.month));
            let brute = brute_totals(&model, range);
            assert_eq!(
                month.revenue_base_minor, brute.revenue_base_minor,
                "case {case}"
            );
            assert_eq!(month.invoice_count, brute.invoice_count, "case {case}");
        }
        for offset in (0..200).step_by(3) {
            let day = start() - Duration::days(10) + Duration::days(offset);
            let stored = store.receivables_at(org, day).await.expect("receivables");
            assert_eq!(
                stored,
                brute_receivables(&model, day),
                "case {case}, day {day}"
            );
        }
    }
}

on_both_engines!(rollups_equal_brute_force_sums);
