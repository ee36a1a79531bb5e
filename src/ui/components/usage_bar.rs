//! One plan limit as a progress bar: amber from 80 %, red with a clear message at 100 %.

use leptos::prelude::*;

use crate::domain::billing::{MeterLevel, UsageMeter};
use crate::i18n::td_string;
use crate::words::text::{limit_label, meter_text, use_locale};

#[component]
pub fn UsageBar(meter: UsageMeter) -> impl IntoView {
    let locale = use_locale();
    let level = meter.level();
    let percent = meter.percent();
    let (bar, note) = match level {
        MeterLevel::Ok => ("bg-emerald-600", None),
        MeterLevel::Warning => (
            "bg-amber-500",
            Some(td_string!(locale, billing.meter_warning)),
        ),
        MeterLevel::Blocked => (
            "bg-rose-600",
            Some(td_string!(locale, billing.meter_blocked)),
        ),
    };
    let level_name = match level {
        MeterLevel::Ok => "ok",
        MeterLevel::Warning => "warning",
        MeterLevel::Blocked => "blocked",
    };
    let width = format!("width: {}%", percent.unwrap_or(0));
    view! {
        <div
            data-testid=format!("meter-{}", meter.key.feature_key())
            data-level=level_name
            class="rounded-lg border border-slate-200 bg-white p-3"
        >
            <div class="flex flex-wrap items-baseline justify-between gap-x-2">
                <h3 class="text-sm font-medium text-slate-700">{limit_label(meter.key, locale)}</h3>
                <p data-testid="meter-text" class="text-sm tabular-nums text-slate-900">
                    {meter_text(&meter, locale)}
                </p>
            </div>
            {match percent {
                Some(value) => {
                    view! {
                        <div
                            role="progressbar"
                            aria-label=limit_label(meter.key, locale)
                            aria-valuemin="0"
                            aria-valuemax="100"
                            aria-valuenow=value.to_string()
                            class="mt-2 h-2 w-full overflow-hidden rounded-full bg-slate-200"
                        >
                            <div class=format!("h-full rounded-full {bar}") style=width></div>
                        </div>
                    }
                        .into_any()
                }
                None => view! { <p class="mt-2 text-xs text-slate-600">{td_string!(locale, billing.meter_no_limit)}</p> }.into_any(),
            }}
            {note
                .map(|text| {
                    let class = if level == MeterLevel::Blocked {
                        "mt-2 text-xs font-medium text-rose-800"
                    } else {
                        "mt-2 text-xs font-medium text-amber-900"
                    };
                    view! { <p class=class>{text}</p> }
                })}
        </div>
    }
}
