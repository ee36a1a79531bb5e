//! Words for what the domain says as data (ages, the freshness line, KPI and period
//! names, revenue buckets, URL problems), in the reader's language, for pages and
//! downloads alike. Strings come from `locales/`, never from here.

use crate::domain::accounts::OrgRole;
use crate::domain::billing::{
    FeatureFlag, LimitKey, PlanInfo, UsageMeter, BYTES_PER_GB, UNLIMITED,
};
use crate::domain::format::{self, Lang};
use crate::domain::invoices::{DocKind, DocState, PayFilter, PayStatus, SortKey};
use crate::domain::overview::Age;
use crate::domain::payments::Side;
use crate::domain::receivables::AgingBucket;
use crate::domain::revenue::{Compare, Granularity};
use crate::domain::sync::{Activity, DriftView, FreshnessLine, Synced};
use crate::domain::{DateRange, KpiKey, PeriodKey, Problem};
use crate::i18n::{lang_of, td_string, use_i18n, Locale};

/// The page's locale. Untracked: switching language reloads the page, so every text,
/// including server-rendered ones, changes together.
pub fn use_locale() -> Locale {
    use_i18n().get_locale_untracked()
}

/// The page's formatting language.
pub fn use_lang() -> Lang {
    lang_of(use_locale())
}

/// "3 min ago", "for 3 min. siden".
pub fn age(age: Age, locale: Locale) -> String {
    match age {
        Age::JustNow => td_string!(locale, common.age_just_now).to_string(),
        Age::Minutes(n) => td_string!(locale, common.age_minutes, n = n),
        Age::Hours(n) => td_string!(locale, common.age_hours, n = n),
        Age::Days(count) => td_string!(locale, common.age_days, count = count),
    }
}

/// Some resource names as a person says them ("bank payments").
pub fn resource(name: &str, locale: Locale) -> String {
    match name {
        "contacts" => td_string!(locale, common.resource_contacts).to_string(),
        "products" => td_string!(locale, common.resource_products).to_string(),
        "invoices" => td_string!(locale, common.resource_invoices).to_string(),
        "bills" => td_string!(locale, common.resource_bills).to_string(),
        "bank_payments" => td_string!(locale, common.resource_bank_payments).to_string(),
        other => other.replace('_', " "),
    }
}

/// "Synced 3 min ago · next sync in 12 min".
pub fn freshness_line(line: &FreshnessLine, locale: Locale) -> String {
    let synced = match line.synced {
        Synced::NotConnected => return td_string!(locale, common.sync_not_connected).to_string(),
        Synced::Never => td_string!(locale, common.sync_never).to_string(),
        Synced::Ago(ago) => td_string!(locale, common.sync_synced, age = age(ago, locale)),
    };
    let lang = lang_of(locale);
    let activity = match &line.activity {
        Activity::Running {
            resource: name,
            done,
        } => {
            let running = td_string!(
                locale,
                common.sync_running,
                resource = resource(name, locale)
            );
            match done {
                Some((done, total)) => format!(
                    "{running} {}…",
                    td_string!(
                        locale,
                        common.sync_progress,
                        done = format::count(*done, lang),
                        total = format::count(*total, lang)
                    )
                ),
                None => format!("{running}…"),
            }
        }
        Activity::NextIn(minutes) => td_string!(locale, common.sync_next_in, minutes = *minutes),
        Activity::DueNow => td_string!(locale, common.sync_next_due).to_string(),
        Activity::Idle => return synced,
    };
    format!("{synced} · {activity}")
}

pub fn kpi_label(key: KpiKey, locale: Locale) -> &'static str {
    match key {
        KpiKey::Revenue => td_string!(locale, overview.kpi_revenue),
        KpiKey::InvoiceCount => td_string!(locale, overview.kpi_invoice_count),
        KpiKey::ActiveCustomers => td_string!(locale, overview.kpi_active_customers),
        KpiKey::AverageInvoice => td_string!(locale, overview.kpi_average_invoice),
        KpiKey::Outstanding => td_string!(locale, overview.kpi_outstanding),
        KpiKey::Overdue => td_string!(locale, overview.kpi_overdue),
    }
}

/// How the figure is computed, in one sentence a business owner can check.
pub fn kpi_explanation(key: KpiKey, locale: Locale) -> &'static str {
    match key {
        KpiKey::Revenue => td_string!(locale, overview.explain_revenue),
        KpiKey::InvoiceCount => td_string!(locale, overview.explain_invoice_count),
        KpiKey::ActiveCustomers => td_string!(locale, overview.explain_active_customers),
        KpiKey::AverageInvoice => td_string!(locale, overview.explain_average_invoice),
        KpiKey::Outstanding => td_string!(locale, overview.explain_outstanding),
        KpiKey::Overdue => td_string!(locale, overview.explain_overdue),
    }
}

/// A URL value a page could not use, in words. Parameters with a vocabulary of their
/// own (period, grouping, VAT, comparison) say which; others name the parameter.
pub fn problem_text(problem: &Problem, locale: Locale) -> String {
    match problem {
        Problem::NotAChoice { field, value } => match field.as_str() {
            "period" => td_string!(locale, query.not_a_period, value = value),
            "by" => td_string!(locale, query.not_a_grouping, value = value),
            "vat" => td_string!(locale, query.not_a_vat_choice, value = value),
            "compare" => td_string!(locale, query.not_a_comparison, value = value),
            "against" => td_string!(locale, query.not_a_baseline, value = value),
            _ => td_string!(locale, query.not_a_choice, value = value, field = field),
        },
        Problem::NotADate { field, value } => {
            td_string!(locale, query.not_a_date, value = value, field = field)
        }
        Problem::AfterToday { field, value } => {
            td_string!(locale, query.after_today, value = value, field = field)
        }
        Problem::NotAnAmount { field, value } => {
            td_string!(locale, query.not_an_amount, value = value, field = field)
        }
        Problem::DatesReversed => td_string!(locale, query.dates_reversed).to_string(),
        Problem::AmountsReversed => td_string!(locale, query.amounts_reversed).to_string(),
        Problem::RangeTooLong => td_string!(locale, query.range_too_long).to_string(),
        Problem::TooManyPoints => td_string!(locale, query.too_many_points).to_string(),
        Problem::SearchTooLong => td_string!(
            locale,
            query.search_too_long,
            max = crate::domain::query::MAX_SEARCH_CHARS
        ),
        Problem::PageOutOfRange { requested, last } => td_string!(
            locale,
            query.page_out_of_range,
            requested = requested,
            last = last
        ),
    }
}

/// A named period's name ("Last 12 months").
pub fn period_label(period: PeriodKey, locale: Locale) -> &'static str {
    match period {
        PeriodKey::Today => td_string!(locale, query.period_today),
        PeriodKey::ThisWeek => td_string!(locale, query.period_this_week),
        PeriodKey::LastWeek => td_string!(locale, query.period_last_week),
        PeriodKey::ThisMonth => td_string!(locale, query.period_this_month),
        PeriodKey::LastMonth => td_string!(locale, query.period_last_month),
        PeriodKey::ThisQuarter => td_string!(locale, query.period_this_quarter),
        PeriodKey::LastQuarter => td_string!(locale, query.period_last_quarter),
        PeriodKey::ThisHalf => td_string!(locale, query.period_this_half),
        PeriodKey::LastHalf => td_string!(locale, query.period_last_half),
        PeriodKey::ThisYear => td_string!(locale, query.period_this_year),
        PeriodKey::LastYear => td_string!(locale, query.period_last_year),
        PeriodKey::FiscalYear => td_string!(locale, query.period_fiscal_year),
        PeriodKey::LastFiscalYear => td_string!(locale, query.period_last_fiscal_year),
        PeriodKey::Last12Months => td_string!(locale, query.period_last_12_months),
    }
}

pub fn granularity_label(by: Granularity, locale: Locale) -> &'static str {
    match by {
        Granularity::Day => td_string!(locale, revenue.by_day),
        Granularity::Week => td_string!(locale, revenue.by_week),
        Granularity::Month => td_string!(locale, revenue.by_month),
        Granularity::Quarter => td_string!(locale, revenue.by_quarter),
    }
}

pub fn granularity_unit(by: Granularity, locale: Locale) -> &'static str {
    match by {
        Granularity::Day => td_string!(locale, revenue.unit_day),
        Granularity::Week => td_string!(locale, revenue.unit_week),
        Granularity::Month => td_string!(locale, revenue.unit_month),
        Granularity::Quarter => td_string!(locale, revenue.unit_quarter),
    }
}

pub fn comparison_label(compare: Compare, locale: Locale) -> &'static str {
    match compare {
        Compare::PreviousPeriod => td_string!(locale, revenue.compare_previous),
        Compare::LastYear => td_string!(locale, revenue.compare_last_year),
    }
}

/// A bucket's name in the table and on the chart axis.
pub fn bucket_label(bucket: DateRange, by: Granularity, locale: Locale) -> String {
    use chrono::Datelike;
    let lang = lang_of(locale);
    match by {
        Granularity::Day => format::date_compact(bucket.start, lang),
        Granularity::Week => {
            let week = bucket.start.iso_week();
            td_string!(
                locale,
                revenue.week_label,
                week = week.week(),
                year = week.year()
            )
        }
        Granularity::Month => format::month(bucket.start, lang),
        Granularity::Quarter => td_string!(
            locale,
            revenue.quarter_label,
            quarter = bucket.start.month0() / 3 + 1,
            year = bucket.start.year()
        ),
    }
}

/// A member role's name.
pub fn role_label(role: OrgRole, locale: Locale) -> &'static str {
    match role {
        OrgRole::Owner => td_string!(locale, common.role_owner),
        OrgRole::Admin => td_string!(locale, common.role_admin),
        OrgRole::Member => td_string!(locale, common.role_member),
        OrgRole::Viewer => td_string!(locale, common.role_viewer),
    }
}

/// "Overdue · 9 days", "Due in 5 days", "Paid".
pub fn pay_status_label(status: PayStatus, locale: Locale) -> String {
    match status {
        PayStatus::Draft => td_string!(locale, invoices.status_draft).to_string(),
        PayStatus::Voided => td_string!(locale, invoices.status_voided).to_string(),
        PayStatus::Paid => td_string!(locale, invoices.status_paid).to_string(),
        PayStatus::Overdue(count) => td_string!(locale, invoices.status_overdue, count = count),
        PayStatus::Due(0) => td_string!(locale, invoices.status_due_today).to_string(),
        PayStatus::Due(count) => td_string!(locale, invoices.status_due_in, count = count),
    }
}

pub fn pay_filter_label(filter: PayFilter, locale: Locale) -> &'static str {
    match filter {
        PayFilter::Paid => td_string!(locale, invoices.pay_paid),
        PayFilter::Unpaid => td_string!(locale, invoices.pay_unpaid),
        PayFilter::Overdue => td_string!(locale, invoices.pay_overdue),
    }
}

pub fn doc_state_label(state: DocState, locale: Locale) -> &'static str {
    match state {
        DocState::Draft => td_string!(locale, invoices.state_draft),
        DocState::Approved => td_string!(locale, invoices.state_approved),
        DocState::Voided => td_string!(locale, invoices.state_voided),
    }
}

pub fn doc_kind_label(kind: DocKind, locale: Locale) -> &'static str {
    match kind {
        DocKind::Invoice => td_string!(locale, invoices.kind_invoice),
        DocKind::CreditNote => td_string!(locale, invoices.kind_credit_note),
    }
}

/// Billy's sent states (`unsent`, `sent`, `opened`, …) in words.
pub fn sent_state_label(state: &str, locale: Locale) -> String {
    match state {
        "unsent" => td_string!(locale, invoices.sent_unsent).to_string(),
        "printed" => td_string!(locale, invoices.sent_printed).to_string(),
        "sent" => td_string!(locale, invoices.sent_sent).to_string(),
        "opened" => td_string!(locale, invoices.sent_opened).to_string(),
        "viewed" => td_string!(locale, invoices.sent_viewed).to_string(),
        other => other.to_string(),
    }
}

/// Which way a bank payment moved money.
pub fn payment_side_label(side: Side, locale: Locale) -> &'static str {
    match side {
        Side::In => td_string!(locale, payments.side_in),
        Side::Out => td_string!(locale, payments.side_out),
    }
}

pub fn sort_label(key: SortKey, locale: Locale) -> &'static str {
    match key {
        SortKey::Number => td_string!(locale, invoices.col_number),
        SortKey::Customer => td_string!(locale, invoices.col_customer),
        SortKey::Date => td_string!(locale, invoices.col_date),
        SortKey::Due => td_string!(locale, invoices.col_due),
        SortKey::Amount => td_string!(locale, invoices.col_amount),
        SortKey::Status => td_string!(locale, invoices.col_status),
    }
}

/// An aging bucket's name ("31–60 days").
pub fn aging_bucket_label(bucket: AgingBucket, locale: Locale) -> &'static str {
    match bucket {
        AgingBucket::NotDue => td_string!(locale, receivables.bucket_not_due),
        AgingBucket::Days1To30 => td_string!(locale, receivables.bucket_1_30),
        AgingBucket::Days31To60 => td_string!(locale, receivables.bucket_31_60),
        AgingBucket::Days61To90 => td_string!(locale, receivables.bucket_61_90),
        AgingBucket::Over90 => td_string!(locale, receivables.bucket_over_90),
    }
}

/// A plan limit's name ("Members (seats)").
pub fn limit_label(key: LimitKey, locale: Locale) -> &'static str {
    match key {
        LimitKey::Records => td_string!(locale, billing.limit_records),
        LimitKey::ApiCallsPerMonth => td_string!(locale, billing.limit_api_calls),
        LimitKey::Seats => td_string!(locale, billing.limit_seats),
        LimitKey::StorageGb => td_string!(locale, billing.limit_storage),
        LimitKey::Mau => td_string!(locale, billing.limit_mau),
        LimitKey::Automations => td_string!(locale, billing.limit_automations),
        LimitKey::Schedules => td_string!(locale, billing.limit_schedules),
        LimitKey::AiTokensPerMonth => td_string!(locale, billing.limit_ai_tokens),
    }
}

/// A limit's value with its unit: "5 seats", "1 plads", "unlimited seats".
pub fn limit_text(key: LimitKey, limit: i64, locale: Locale) -> String {
    if limit == UNLIMITED {
        return match key {
            LimitKey::Records => td_string!(locale, billing.unlimited_records),
            LimitKey::ApiCallsPerMonth => td_string!(locale, billing.unlimited_api_calls),
            LimitKey::Seats => td_string!(locale, billing.unlimited_seats),
            LimitKey::StorageGb => td_string!(locale, billing.unlimited_storage),
            LimitKey::Mau => td_string!(locale, billing.unlimited_mau),
            LimitKey::Automations => td_string!(locale, billing.unlimited_automations),
            LimitKey::Schedules => td_string!(locale, billing.unlimited_schedules),
            LimitKey::AiTokensPerMonth => td_string!(locale, billing.unlimited_ai_tokens),
        }
        .to_string();
    }
    let n = format::count(limit, lang_of(locale));
    let count = limit;
    match key {
        LimitKey::Records => td_string!(locale, billing.unit_records, count = count, n = n),
        LimitKey::ApiCallsPerMonth => {
            td_string!(locale, billing.unit_api_calls, count = count, n = n)
        }
        LimitKey::Seats => td_string!(locale, billing.unit_seats, count = count, n = n),
        LimitKey::StorageGb => td_string!(locale, billing.unit_storage, count = count, n = n),
        LimitKey::Mau => td_string!(locale, billing.unit_mau, count = count, n = n),
        LimitKey::Automations => td_string!(locale, billing.unit_automations, count = count, n = n),
        LimitKey::Schedules => td_string!(locale, billing.unit_schedules, count = count, n = n),
        LimitKey::AiTokensPerMonth => {
            td_string!(locale, billing.unit_ai_tokens, count = count, n = n)
        }
    }
}

/// "3 of 5 seats", "0,25 af 10 GB lagerplads".
pub fn meter_text(meter: &UsageMeter, locale: Locale) -> String {
    let lang = lang_of(locale);
    // Storage is measured in bytes but limited and described in (decimal) GB.
    let (used, limit) = match meter.key {
        LimitKey::StorageGb => (
            format::plain_amount(meter.used / (BYTES_PER_GB / 100), lang),
            if meter.limit == UNLIMITED {
                UNLIMITED
            } else {
                meter.limit / BYTES_PER_GB
            },
        ),
        _ => (format::count(meter.used, lang), meter.limit),
    };
    td_string!(
        locale,
        billing.meter_of,
        used = used,
        limit = limit_text(meter.key, limit, locale)
    )
}

pub fn feature_label(flag: FeatureFlag, locale: Locale) -> &'static str {
    match flag {
        FeatureFlag::ApiAccess => td_string!(locale, billing.feature_api_access),
        FeatureFlag::AdvancedAnalytics => td_string!(locale, billing.feature_advanced_analytics),
        FeatureFlag::Sso => td_string!(locale, billing.feature_sso),
        FeatureFlag::CustomBranding => td_string!(locale, billing.feature_custom_branding),
        FeatureFlag::PrioritySupport => td_string!(locale, billing.feature_priority_support),
    }
}

/// "DKK 99 a month", "99 kr. om måneden", "Free".
pub fn price_text(plan: &PlanInfo, locale: Locale) -> String {
    if plan.price_minor == 0 {
        return td_string!(locale, billing.free).to_string();
    }
    let price = format::money(plan.price_minor, &plan.currency, lang_of(locale));
    td_string!(locale, billing.price_month, price = price)
}

/// A subscription status (`active`, `trialing`, `past_due`, `canceled`) in words.
pub fn plan_status_label(status: &str, locale: Locale) -> String {
    match status {
        "active" => td_string!(locale, billing.status_active).to_string(),
        "trialing" => td_string!(locale, billing.status_trialing).to_string(),
        "past_due" => td_string!(locale, billing.status_past_due).to_string(),
        "canceled" => td_string!(locale, billing.status_canceled).to_string(),
        other => other.replace('_', " "),
    }
}

/// A sync run's or resource's status in words.
pub fn sync_status_label(status: &str, locale: Locale) -> String {
    match status {
        "idle" => td_string!(locale, sync.status_idle).to_string(),
        "running" => td_string!(locale, sync.status_running).to_string(),
        "succeeded" => td_string!(locale, sync.status_succeeded).to_string(),
        "failed" => td_string!(locale, sync.status_failed).to_string(),
        other => other.replace('_', " "),
    }
}

/// What started a sync run, in words.
pub fn trigger_label(trigger: &str, locale: Locale) -> String {
    match trigger {
        "schedule" => td_string!(locale, sync.trigger_schedule).to_string(),
        "manual" => td_string!(locale, sync.trigger_manual).to_string(),
        "startup" => td_string!(locale, sync.trigger_startup).to_string(),
        "seed" => td_string!(locale, sync.trigger_seed).to_string(),
        other => other.replace('_', " "),
    }
}

/// Billy's totals against ours: "matches", or "differs: +2 records, +10.00 in totals here".
pub fn drift_text(drift: &DriftView, locale: Locale) -> String {
    let lang = lang_of(locale);
    let count = drift.local_count - drift.upstream_count;
    let total = drift.local_total_minor - drift.upstream_total_minor;
    if count == 0 && total == 0 {
        return td_string!(locale, sync.drift_matches).to_string();
    }
    let signed = |text: String, value: i64| if value > 0 { format!("+{text}") } else { text };
    let mut parts = Vec::new();
    if count != 0 {
        let n = signed(format::count(count, lang), count);
        parts.push(td_string!(locale, sync.drift_records, n = n));
    }
    if total != 0 {
        let amount = signed(format::plain_amount(total, lang), total);
        parts.push(td_string!(locale, sync.drift_totals, amount = amount));
    }
    td_string!(locale, sync.drift_differs, parts = parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(synced: Synced, activity: Activity) -> FreshnessLine {
        FreshnessLine { synced, activity }
    }

    #[test]
    fn the_freshness_line_reads_naturally_in_both_languages() {
        let normal = line(Synced::Ago(Age::Minutes(3)), Activity::NextIn(12));
        assert_eq!(
            freshness_line(&normal, Locale::en),
            "Synced 3 min ago · next sync in 12 min"
        );
        assert_eq!(
            freshness_line(&normal, Locale::da),
            "Synkroniseret for 3 min. siden · næste synkronisering om 12 min."
        );
        let running = line(
            Synced::Ago(Age::JustNow),
            Activity::Running {
                resource: "bank_payments".into(),
                done: Some((200, 1000)),
            },
        );
        assert_eq!(
            freshness_line(&running, Locale::en),
            "Synced just now · syncing bank payments (200 of 1,000)…"
        );
        assert_eq!(
            freshness_line(&running, Locale::da),
            "Synkroniseret lige nu · synkroniserer bankbetalinger (200 af 1.000)…"
        );
    }

    #[test]
    fn days_are_plural_aware() {
        assert_eq!(age(Age::Days(1), Locale::en), "1 day ago");
        assert_eq!(age(Age::Days(4), Locale::en), "4 days ago");
        assert_eq!(age(Age::Days(1), Locale::da), "for 1 dag siden");
        assert_eq!(age(Age::Days(4), Locale::da), "for 4 dage siden");
    }

    #[test]
    fn every_kpi_and_period_has_words() {
        for locale in [Locale::en, Locale::da] {
            for key in KpiKey::ALL {
                assert!(!kpi_label(key, locale).is_empty());
                assert!(kpi_explanation(key, locale).ends_with('.'));
            }
            for period in PeriodKey::ALL {
                assert!(!period_label(period, locale).is_empty());
            }
        }
    }

    #[test]
    fn meters_and_limits_read_in_both_languages() {
        use crate::domain::billing::{LimitKey, UsageMeter, UNLIMITED};
        let meter = |key, used, limit| UsageMeter { key, used, limit };
        assert_eq!(
            meter_text(&meter(LimitKey::Seats, 3, 5), Locale::en),
            "3 of 5 seats"
        );
        assert_eq!(
            meter_text(&meter(LimitKey::Seats, 1, 1), Locale::da),
            "1 af 1 plads"
        );
        assert_eq!(
            meter_text(&meter(LimitKey::Seats, 2, UNLIMITED), Locale::en),
            "2 of unlimited seats"
        );
        assert_eq!(
            meter_text(
                &meter(LimitKey::StorageGb, 12_500_000, 10 * BYTES_PER_GB),
                Locale::da
            ),
            "0,01 af 10 GB lagerplads"
        );
        assert_eq!(
            meter_text(&meter(LimitKey::Records, 1_500, 10_000), Locale::da),
            "1.500 af 10.000 synkroniserede fakturaer"
        );
    }

    #[test]
    fn drift_is_worded_with_signs() {
        let drift = |local_count, local_total_minor| DriftView {
            checked_at: chrono::Utc::now(),
            upstream_count: 10,
            local_count,
            upstream_total_minor: 1_000,
            local_total_minor,
        };
        assert_eq!(drift_text(&drift(10, 1_000), Locale::en), "matches");
        assert_eq!(
            drift_text(&drift(12, 0), Locale::en),
            "differs: +2 records, -10.00 in totals here"
        );
        assert_eq!(
            drift_text(&drift(9, 1_000), Locale::da),
            "afviger: -1 poster her"
        );
    }
}
