//! Words for what the domain says as data (ages, the freshness line, KPI and period
//! names, revenue buckets, URL problems), in the reader's language, for pages and
//! downloads alike. Strings come from `locales/`, never from here.

use crate::domain::accounts::OrgRole;
use crate::domain::format::{self, Lang};
use crate::domain::invoices::{DocKind, DocState, InvoiceProblem, PayFilter, PayStatus, SortKey};
use crate::domain::overview::Age;
use crate::domain::revenue::{Compare, Granularity, ParamProblem, PeriodKey};
use crate::domain::sync::{Activity, FreshnessLine, Synced};
use crate::domain::{DateRange, KpiKey, PeriodPreset};
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

pub fn period_label(preset: PeriodPreset, locale: Locale) -> &'static str {
    match preset {
        PeriodPreset::ThisMonth => td_string!(locale, overview.period_this_month),
        PeriodPreset::LastMonth => td_string!(locale, overview.period_last_month),
        PeriodPreset::ThisQuarter => td_string!(locale, overview.period_this_quarter),
        PeriodPreset::ThisYear => td_string!(locale, overview.period_this_year),
        PeriodPreset::Last12Months => td_string!(locale, overview.period_last_12_months),
    }
}

/// A Revenue page URL value the page could not use, in words.
pub fn problem_text(problem: &ParamProblem, locale: Locale) -> String {
    match problem {
        ParamProblem::UnknownPeriod(value) => {
            td_string!(locale, revenue.problem_period, value = value)
        }
        ParamProblem::BadDate { field, value } => {
            td_string!(locale, revenue.problem_date, value = value, field = field)
        }
        ParamProblem::Reversed => td_string!(locale, revenue.problem_reversed).to_string(),
        ParamProblem::TooLong => td_string!(locale, revenue.problem_too_long).to_string(),
        ParamProblem::UnknownGranularity(value) => {
            td_string!(locale, revenue.problem_by, value = value)
        }
        ParamProblem::TooManyBuckets => td_string!(locale, revenue.problem_too_many).to_string(),
        ParamProblem::UnknownVat(value) => td_string!(locale, revenue.problem_vat, value = value),
        ParamProblem::UnknownCompare(value) => {
            td_string!(locale, revenue.problem_compare, value = value)
        }
    }
}

pub fn revenue_period_label(period: PeriodKey, locale: Locale) -> &'static str {
    match period {
        PeriodKey::ThisMonth => td_string!(locale, revenue.period_this_month),
        PeriodKey::LastMonth => td_string!(locale, revenue.period_last_month),
        PeriodKey::ThisQuarter => td_string!(locale, revenue.period_this_quarter),
        PeriodKey::LastQuarter => td_string!(locale, revenue.period_last_quarter),
        PeriodKey::ThisHalf => td_string!(locale, revenue.period_this_half),
        PeriodKey::LastHalf => td_string!(locale, revenue.period_last_half),
        PeriodKey::ThisYear => td_string!(locale, revenue.period_this_year),
        PeriodKey::LastYear => td_string!(locale, revenue.period_last_year),
        PeriodKey::FiscalYear => td_string!(locale, revenue.period_fiscal_year),
        PeriodKey::LastFiscalYear => td_string!(locale, revenue.period_last_fiscal_year),
        PeriodKey::Last12Months => td_string!(locale, revenue.period_last_12_months),
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
            for key in [
                KpiKey::Revenue,
                KpiKey::InvoiceCount,
                KpiKey::ActiveCustomers,
                KpiKey::AverageInvoice,
                KpiKey::Outstanding,
                KpiKey::Overdue,
            ] {
                assert!(!kpi_label(key, locale).is_empty());
                assert!(kpi_explanation(key, locale).ends_with('.'));
            }
            for preset in PeriodPreset::ALL {
                assert!(!period_label(preset, locale).is_empty());
            }
        }
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

/// Why a value in the invoice table's URL was not used.
pub fn invoice_problem_text(problem: &InvoiceProblem, locale: Locale) -> String {
    match problem {
        InvoiceProblem::Unknown { field, value } => {
            td_string!(
                locale,
                invoices.problem_unknown,
                field = field,
                value = value
            )
        }
        InvoiceProblem::BadDate { field, value } => {
            td_string!(locale, invoices.problem_date, field = field, value = value)
        }
        InvoiceProblem::DatesReversed => {
            td_string!(locale, invoices.problem_dates_reversed).to_string()
        }
        InvoiceProblem::BadAmount { field, value } => {
            td_string!(
                locale,
                invoices.problem_amount,
                field = field,
                value = value
            )
        }
        InvoiceProblem::AmountsReversed => {
            td_string!(locale, invoices.problem_amounts_reversed).to_string()
        }
        InvoiceProblem::SearchTooLong => td_string!(
            locale,
            invoices.problem_search_long,
            max = crate::domain::invoices::MAX_SEARCH_CHARS
        ),
        InvoiceProblem::PageOutOfRange { requested, last } => td_string!(
            locale,
            invoices.problem_page,
            requested = requested,
            last = last
        ),
    }
}
