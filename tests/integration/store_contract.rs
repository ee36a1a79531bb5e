//! The store contract: the same behaviour from SQLite and PostgreSQL.

use crate::support;

use support::new_org;

use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use ledgerlight::domain::DateRange;
use ledgerlight::store::*;
use ledgerlight::sync::seed::{seed_demo, SeedOptions};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn customer(billy_id: &str) -> CustomerRecord {
    CustomerRecord {
        billy_id: billy_id.to_string(),
        name: format!("Customer {billy_id}"),
        contact_type: "company".to_string(),
        country_code: Some("DK".to_string()),
        city: None,
        contact_no: None,
        currency: Some("DKK".to_string()),
        registration_no: None,
        is_customer: true,
        is_supplier: false,
        payment_terms_days: Some(14),
        is_archived: false,
        created_at: None,
    }
}

fn invoice(billy_id: &str, customer: &str, entry: NaiveDate, net: i64) -> InvoiceRecord {
    InvoiceRecord {
        billy_id: billy_id.to_string(),
        customer_billy_id: customer.to_string(),
        invoice_no: billy_id.to_string(),
        kind: InvoiceKind::Invoice,
        state: DocumentState::Approved,
        sent_state: "sent".to_string(),
        entry_date: entry,
        due_date: entry + chrono::Duration::days(14),
        currency: "DKK".to_string(),
        exchange_rate_micros: 1_000_000,
        tax_mode: "excl".to_string(),
        net_minor: net,
        tax_minor: net / 4,
        gross_minor: net + net / 4,
        balance_minor: net + net / 4,
        is_paid: false,
        credited_invoice_billy_id: None,
        line_description: None,
        created_at: None,
        approved_at: None,
        lines: vec![InvoiceLineRecord {
            billy_id: None,
            product_billy_id: None,
            description: "Work".to_string(),
            quantity_milli: 1000,
            unit_price_minor: net,
            net_minor: net,
            tax_minor: net / 4,
        }],
    }
}

fn payment(billy_id: &str, invoice: &str, on: NaiveDate, amount: i64) -> PaymentRecord {
    PaymentRecord {
        billy_id: billy_id.to_string(),
        customer_billy_id: None,
        entry_date: on,
        cash_amount_minor: amount,
        currency: "DKK".to_string(),
        cash_side: "debit".to_string(),
        exchange_rate_micros: 1_000_000,
        fee_minor: 0,
        is_voided: false,
        created_at: None,
        associations: vec![PaymentAssociation {
            subject: PaymentSubject::Invoice(invoice.to_string()),
            amount_minor: amount,
        }],
    }
}

fn november() -> DateRange {
    DateRange::new(day(2026, 11, 1), day(2026, 11, 30))
}

async fn organizations_are_created_and_found(store: Arc<dyn Store>, _url: &str) {
    let created = store
        .create_organization(&new_org("acme"))
        .await
        .expect("create");
    let by_slug = store
        .organization_by_slug("acme")
        .await
        .expect("query")
        .expect("found");
    assert_eq!(created, by_slug);
    assert_eq!(
        store.organization(OrgId(created.id)).await.expect("query"),
        Some(created)
    );
    assert!(store
        .organization_by_slug("nobody")
        .await
        .expect("query")
        .is_none());
    // A second organization with the same slug is refused.
    assert!(store.create_organization(&new_org("acme")).await.is_err());
    assert_eq!(store.list_organizations().await.expect("list").len(), 1);
}

async fn writing_the_same_batch_twice_changes_nothing(store: Arc<dyn Store>, _url: &str) {
    let org = OrgId(
        store
            .create_organization(&new_org("twice"))
            .await
            .expect("org")
            .id,
    );
    let batch = Batch {
        customers: vec![customer("c1")],
        invoices: vec![invoice("i1", "c1", day(2026, 11, 3), 100_000)],
        payments: vec![payment("p1", "i1", day(2026, 11, 10), 50_000)],
        ..Batch::default()
    };
    let first = store.write_batch(org, &batch).await.expect("first write");
    assert_eq!((first.added, first.changed, first.unchanged), (3, 0, 0));
    let counts = store.row_counts(org).await.expect("counts");
    let totals = store.period_totals(org, november()).await.expect("totals");
    let second = store.write_batch(org, &batch).await.expect("second write");
    assert_eq!(
        (second.written(), second.unchanged, second.invoices),
        (0, 3, 0),
        "identical records are not written again"
    );
    assert_eq!(store.row_counts(org).await.expect("counts"), counts);
    assert_eq!(
        store.period_totals(org, november()).await.expect("totals"),
        totals
    );
    assert_eq!(counts.invoices, 1);
    assert_eq!(counts.invoice_lines, 1);
    assert_eq!(totals.revenue_base_minor, 100_000);
    assert_eq!(totals.invoice_count, 1);
    assert_eq!(totals.active_customers, 1);
}

async fn an_update_moves_the_rollups_with_it(store: Arc<dyn Store>, _url: &str) {
    let org = OrgId(
        store
            .create_organization(&new_org("moves"))
            .await
            .expect("org")
            .id,
    );
    let mut batch = Batch {
        customers: vec![customer("c1")],
        invoices: vec![invoice("i1", "c1", day(2026, 11, 3), 100_000)],
        ..Batch::default()
    };
    store.write_batch(org, &batch).await.expect("write");
    // The invoice moves to October with a new amount: November empties, October fills.
    batch.invoices[0] = invoice("i1", "c1", day(2026, 10, 20), 70_000);
    let outcome = store.write_batch(org, &batch).await.expect("rewrite");
    assert_eq!(
        (outcome.changed, outcome.unchanged),
        (1, 1),
        "the invoice changed, its customer did not"
    );
    let nov = store.period_totals(org, november()).await.expect("totals");
    assert_eq!(nov, PeriodTotals::default());
    let oct = store
        .period_totals(org, DateRange::new(day(2026, 10, 1), day(2026, 10, 31)))
        .await
        .expect("totals");
    assert_eq!(oct.revenue_base_minor, 70_000);
    assert_eq!(oct.active_customers, 1);
    // Voiding removes it from revenue entirely.
    batch.invoices[0].state = DocumentState::Voided;
    store.write_batch(org, &batch).await.expect("void");
    let oct = store
        .period_totals(org, DateRange::new(day(2026, 10, 1), day(2026, 10, 31)))
        .await
        .expect("totals");
    assert_eq!(oct, PeriodTotals::default());
}

async fn receivables_follow_due_dates_and_payments(store: Arc<dyn Store>, _url: &str) {
    let org = OrgId(
        store
            .create_organization(&new_org("recv"))
            .await
            .expect("org")
            .id,
    );
    // 1,250.00 kr. gross, entered 1 Nov, due 15 Nov; 500 paid 10 Nov, 750 paid 20 Nov.
    let batch = Batch {
        customers: vec![customer("c1")],
        invoices: vec![invoice("i1", "c1", day(2026, 11, 1), 100_000)],
        payments: vec![
            payment("p1", "i1", day(2026, 11, 10), 50_000),
            payment("p2", "i1", day(2026, 11, 20), 75_000),
        ],
        ..Batch::default()
    };
    store.write_batch(org, &batch).await.expect("write");
    let at = |d| {
        let store = store.clone();
        async move { store.receivables_at(org, d).await.expect("receivables") }
    };
    assert_eq!(at(day(2026, 10, 31)).await, Receivables::default());
    assert_eq!(at(day(2026, 11, 1)).await.outstanding_base_minor, 125_000);
    assert_eq!(at(day(2026, 11, 10)).await.outstanding_base_minor, 75_000);
    // Due on the 15th: not overdue that day, overdue the next.
    assert_eq!(at(day(2026, 11, 15)).await.overdue_base_minor, 0);
    assert_eq!(
        at(day(2026, 11, 16)).await,
        Receivables {
            outstanding_base_minor: 75_000,
            overdue_base_minor: 75_000
        }
    );
    assert_eq!(at(day(2026, 11, 20)).await, Receivables::default());
}

async fn organizations_never_see_each_others_rows(store: Arc<dyn Store>, _url: &str) {
    let a = OrgId(
        store
            .create_organization(&new_org("org-a"))
            .await
            .expect("org")
            .id,
    );
    let b = OrgId(
        store
            .create_organization(&new_org("org-b"))
            .await
            .expect("org")
            .id,
    );
    // The same upstream ids in both organizations are different records.
    let batch = |net| Batch {
        customers: vec![customer("c1")],
        invoices: vec![invoice("i1", "c1", day(2026, 11, 3), net)],
        payments: vec![payment("p1", "i1", day(2026, 11, 5), 1_000)],
        ..Batch::default()
    };
    store
        .write_batch(a, &batch(100_000))
        .await
        .expect("write a");
    store
        .write_batch(b, &batch(300_000))
        .await
        .expect("write b");
    assert_eq!(
        store
            .period_totals(a, november())
            .await
            .expect("a")
            .revenue_base_minor,
        100_000
    );
    assert_eq!(
        store
            .period_totals(b, november())
            .await
            .expect("b")
            .revenue_base_minor,
        300_000
    );
    assert_eq!(store.row_counts(a).await.expect("a").invoices, 1);
    let recv_a = store.receivables_at(a, day(2026, 11, 30)).await.expect("a");
    assert_eq!(recv_a.outstanding_base_minor, 125_000 - 1_000);
    // A third organization sees nothing at all.
    let c = OrgId(
        store
            .create_organization(&new_org("org-c"))
            .await
            .expect("org")
            .id,
    );
    assert_eq!(store.row_counts(c).await.expect("c"), RowCounts::default());
    assert_eq!(
        store.period_totals(c, november()).await.expect("c"),
        PeriodTotals::default()
    );
}

async fn a_batch_with_a_dangling_reference_writes_nothing(store: Arc<dyn Store>, _url: &str) {
    let org = OrgId(
        store
            .create_organization(&new_org("atomic"))
            .await
            .expect("org")
            .id,
    );
    let batch = Batch {
        customers: vec![customer("c1")],
        invoices: vec![invoice("i1", "nobody", day(2026, 11, 3), 100_000)],
        ..Batch::default()
    };
    let err = store.write_batch(org, &batch).await.expect_err("must fail");
    assert!(
        matches!(
            err,
            StoreError::MissingReference {
                kind: "customer",
                ..
            }
        ),
        "{err}"
    );
    // The customer written earlier in the same batch was rolled back too.
    assert_eq!(
        store.row_counts(org).await.expect("counts"),
        RowCounts::default()
    );
}

async fn demo_seed_fills_an_empty_store_once(store: Arc<dyn Store>, _url: &str) {
    let today = day(2026, 11, 21);
    let options = SeedOptions {
        seed: 1,
        invoices: 400,
        months: 6,
        today,
    };
    let report = seed_demo(&*store, options).await.expect("seed");
    assert_eq!(report.organizations.len(), 2);
    assert!(report.invoices >= 400);
    let orgs: Vec<Organization> = store
        .list_organizations()
        .await
        .expect("orgs")
        .into_iter()
        .filter(|org| org.is_demo)
        .collect();
    assert_eq!(orgs.len(), 2);
    // The demo accounts belong to both demo organizations with their roles.
    let (viewer, _) = store
        .user_credentials("viewer@demo.ledgerlight.test")
        .await
        .expect("query")
        .expect("demo viewer exists");
    let roles: Vec<_> = store
        .memberships(viewer.id)
        .await
        .expect("memberships")
        .into_iter()
        .filter(|m| m.organization.is_demo)
        .map(|m| m.role)
        .collect();
    assert_eq!(
        roles,
        vec![ledgerlight::domain::accounts::OrgRole::Viewer; 2]
    );
    let (admin, _) = store
        .user_credentials("admin@demo.ledgerlight.test")
        .await
        .expect("query")
        .expect("demo admin exists");
    assert!(admin.platform_role.is_platform_admin());
    let first = OrgId(orgs[0].id);
    let counts = store.row_counts(first).await.expect("counts");
    assert!(counts.customers > 0 && counts.invoices > 0 && counts.payments > 0 && counts.bills > 0);
    assert!(store.data_as_of(first).await.expect("as of").is_some());
    let again = seed_demo(&*store, options).await.expect("seed again");
    assert!(again.organizations.is_empty());
    assert_eq!(store.row_counts(first).await.expect("counts"), counts);
}

async fn freshness_is_unknown_until_synced(store: Arc<dyn Store>, _url: &str) {
    let org = OrgId(
        store
            .create_organization(&new_org("fresh"))
            .await
            .expect("org")
            .id,
    );
    assert_eq!(store.data_as_of(org).await.expect("as of"), None);
    let at = Utc::now();
    store
        .mark_synced(org, "invoices", "manual", None, at, 3)
        .await
        .expect("mark");
    let as_of = store.data_as_of(org).await.expect("as of").expect("some");
    assert!((as_of - at).num_milliseconds().abs() < 1000);
}

/// Runs given a sync belong to it; the history pages by sync, newest first, filters by
/// the sync's outcome and by resource, and the chart's totals sum each sync's records.
async fn the_history_groups_runs_by_sync(store: Arc<dyn Store>, _url: &str) {
    let org = OrgId(
        store
            .create_organization(&new_org("history"))
            .await
            .expect("org")
            .id,
    );
    let start = Utc::now() - chrono::Duration::hours(1);
    let at = |minutes: i64| start + chrono::Duration::minutes(minutes);
    // Three syncs of two resources each: the second fails on its second resource, the
    // third is still running.
    let mut cycles = Vec::new();
    for (n, outcome) in ["succeeded", "failed", "running"].into_iter().enumerate() {
        let base = i64::try_from(n).expect("small") * 10;
        let first = store
            .begin_run(org, "contacts", "schedule", None, at(base))
            .await
            .expect("begin");
        store
            .end_run(org, first, &RunEnd::default(), at(base + 1))
            .await
            .expect("end");
        let second = store
            .begin_run(org, "invoices", "schedule", Some(first), at(base + 2))
            .await
            .expect("begin");
        match outcome {
            "succeeded" => store
                .end_run(org, second, &RunEnd::default(), at(base + 4))
                .await
                .expect("end"),
            "failed" => store
                .end_run(
                    org,
                    second,
                    &RunEnd {
                        error: Some(("http".into(), "Billy said no".into())),
                        ..RunEnd::default()
                    },
                    at(base + 3),
                )
                .await
                .expect("end"),
            _ => {}
        }
        cycles.push(first);
    }
    let page = |resource: Option<&str>, outcome: Option<&str>, limit: i64, offset: i64| {
        let store = store.clone();
        let filter = CycleFilter {
            resource: resource.map(str::to_string),
            outcome: outcome.map(str::to_string),
            limit,
            offset,
        };
        async move { store.sync_cycles(org, &filter).await.expect("cycles") }
    };
    let all = page(None, None, 20, 0).await;
    assert_eq!(all.cycle_count, 3);
    let order: Vec<i64> = all.runs.iter().map(|r| r.cycle_id).collect();
    assert_eq!(
        order,
        vec![cycles[2], cycles[2], cycles[1], cycles[1], cycles[0], cycles[0]],
        "newest sync first, each sync's runs in the order they ran"
    );
    assert_eq!(all.runs[0].resource, "contacts");
    let second_page = page(None, None, 2, 2).await;
    assert_eq!(second_page.cycle_count, 3);
    assert!(second_page.runs.iter().all(|r| r.cycle_id == cycles[0]));
    let failed = page(None, Some("failed"), 20, 0).await;
    assert_eq!(failed.cycle_count, 1);
    assert!(failed.runs.iter().all(|r| r.cycle_id == cycles[1]));
    assert_eq!(
        failed.runs.len(),
        2,
        "a failed sync shows its good runs too"
    );
    let running = page(None, Some("running"), 20, 0).await;
    assert_eq!(running.cycle_count, 1);
    let invoices = page(Some("invoices"), Some("succeeded"), 20, 0).await;
    assert_eq!(invoices.cycle_count, 1);
    assert_eq!(invoices.runs.len(), 1);
    assert_eq!(invoices.runs[0].resource, "invoices");

    let totals = store
        .sync_cycle_totals(org, start - chrono::Duration::minutes(1))
        .await
        .expect("totals");
    assert_eq!(totals.len(), 3);
    assert_eq!(
        totals
            .iter()
            .map(|t| t.outcome.as_str())
            .collect::<Vec<_>>(),
        vec!["succeeded", "failed", "running"]
    );
    let took = |t: &CycleTotals| t.finished_at.map(|end| (end - t.started_at).num_minutes());
    assert_eq!(took(&totals[0]), Some(4));
    assert_eq!(took(&totals[1]), Some(3));
    assert_eq!(took(&totals[2]), None, "a running sync has no end yet");
    // Another organization sees none of it.
    let other = OrgId(
        store
            .create_organization(&new_org("history-other"))
            .await
            .expect("org")
            .id,
    );
    let theirs = store
        .sync_cycles(
            other,
            &CycleFilter {
                limit: 20,
                ..CycleFilter::default()
            },
        )
        .await
        .expect("cycles");
    assert_eq!(theirs.cycle_count, 0);
    assert!(theirs.runs.is_empty());
}

on_both_engines!(
    the_history_groups_runs_by_sync,
    organizations_are_created_and_found,
    writing_the_same_batch_twice_changes_nothing,
    an_update_moves_the_rollups_with_it,
    receivables_follow_due_dates_and_payments,
    organizations_never_see_each_others_rows,
    a_batch_with_a_dangling_reference_writes_nothing,
    demo_seed_fills_an_empty_store_once,
    freshness_is_unknown_until_synced,
);
