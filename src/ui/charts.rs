//! Pure functions from page DTOs to chart options and their text summaries. Compiled
//! on both sides so they are unit-tested on the server; drawn only in the browser.

use charming::component::{Axis, Grid, Legend};
use charming::element::{AxisType, Tooltip, Trigger};
use charming::series::{Bar, Line};
use charming::Chart;

use crate::domain::format;
use crate::domain::money::percent_change;
use crate::domain::MonthPoint;
use crate::i18n::{lang_of, td_string, Locale};

/// Colours with at least 3:1 contrast against white (WCAG non-text contrast).
const CURRENT_COLOUR: &str = "#047857";
const LAST_YEAR_COLOUR: &str = "#64748b";

/// Thousands of major units (kr.), the scale the chart's axis is labelled in: axis
/// labels like 40,000,000 are hard to read on a phone.
fn thousands(minor: i64) -> f64 {
    // Chart coordinates only; sums and storage stay integer.
    (minor as f64 / 100_000.0).round()
}

/// Monthly revenue as bars, the same months a year earlier as a line, in thousands.
pub fn revenue_trend_chart(points: &[MonthPoint], locale: Locale) -> Chart {
    let lang = lang_of(locale);
    comparison_chart(
        points.iter().map(|p| p.label(lang)).collect(),
        points.iter().map(|p| p.revenue_minor).collect(),
        points.iter().map(|p| p.previous_year_minor).collect(),
        td_string!(locale, overview.series_revenue),
        td_string!(locale, overview.series_year_earlier),
    )
}

/// Amounts (minor units) as bars with a comparison line, on a scale of thousands.
pub fn comparison_chart(
    labels: Vec<String>,
    bars_minor: Vec<i64>,
    line_minor: Vec<i64>,
    bar_name: &str,
    line_name: &str,
) -> Chart {
    let bars: Vec<f64> = bars_minor.into_iter().map(thousands).collect();
    let line: Vec<f64> = line_minor.into_iter().map(thousands).collect();
    Chart::new()
        .color(vec![CURRENT_COLOUR, LAST_YEAR_COLOUR])
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().bottom(0))
        .grid(
            Grid::new()
                .left(8)
                .right(8)
                .top(16)
                .bottom(40)
                .contain_label(true),
        )
        .x_axis(Axis::new().type_(AxisType::Category).data(labels))
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(Bar::new().name(bar_name).data(bars))
        .series(Line::new().name(line_name).data(line))
}

/// Amounts (minor units) per category as bars, on a scale of thousands.
pub fn bar_chart(labels: Vec<String>, bars_minor: Vec<i64>, name: &str) -> Chart {
    let bars: Vec<f64> = bars_minor.into_iter().map(thousands).collect();
    Chart::new()
        .color(vec![CURRENT_COLOUR])
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(
            Grid::new()
                .left(8)
                .right(8)
                .top(16)
                .bottom(8)
                .contain_label(true),
        )
        .x_axis(Axis::new().type_(AxisType::Category).data(labels))
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(Bar::new().name(name).data(bars))
}

/// One sentence that says what the chart shows, for screen readers.
pub fn trend_summary(points: &[MonthPoint], currency: &str, locale: Locale) -> String {
    let lang = lang_of(locale);
    let total: i64 = points.iter().map(|p| p.revenue_minor).sum();
    let last_year: i64 = points.iter().map(|p| p.previous_year_minor).sum();
    match (points.first(), points.last()) {
        (Some(first), Some(last)) => td_string!(
            locale,
            overview.summary,
            from = first.label(lang),
            to = last.label(lang),
            total = format::money(total, currency, lang),
            change = format::change(percent_change(total, last_year), lang),
        ),
        _ => td_string!(locale, overview.summary_empty).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn point(month: u32, revenue: i64, last_year: i64) -> MonthPoint {
        MonthPoint {
            month: NaiveDate::from_ymd_opt(2026, month, 1).expect("date"),
            revenue_minor: revenue,
            invoice_count: 1,
            previous_year_minor: last_year,
            through: None,
        }
    }

    #[test]
    fn chart_has_both_series_with_one_value_per_month() {
        let points = vec![point(1, 10_000, 5_000), point(2, 20_000, 10_000)];
        let json = revenue_trend_chart(&points, Locale::en).to_string();
        assert!(json.contains("\"Revenue\""), "{json}");
        assert!(json.contains("\"A year earlier\""), "{json}");
        assert!(
            json.contains("Jan 2026") && json.contains("Feb 2026"),
            "{json}"
        );
    }

    #[test]
    fn summary_states_total_and_comparison() {
        let points = vec![point(1, 10_000, 5_000), point(2, 20_000, 10_000)];
        assert_eq!(
            trend_summary(&points, "DKK", Locale::en),
            "Revenue by month from Jan 2026 to Feb 2026: DKK\u{a0}300 in total, +100.0% on the same months a year earlier."
        );
        assert_eq!(
            trend_summary(&points, "DKK", Locale::da),
            "Omsætning pr. måned fra jan. 2026 til feb. 2026: 300\u{a0}kr. i alt, +100,0\u{a0}% i forhold til de samme måneder året før."
        );
        assert_eq!(
            trend_summary(&[], "DKK", Locale::en),
            "No revenue in this period."
        );
        let danish = revenue_trend_chart(&points, Locale::da).to_string();
        assert!(
            danish.contains("\"Omsætning\"") && danish.contains("jan. 2026"),
            "{danish}"
        );
    }
}
