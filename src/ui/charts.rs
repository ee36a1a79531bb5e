//! Pure functions from page DTOs to chart options and their text summaries. Compiled
//! on both sides so they are unit-tested on the server; drawn only in the browser.

use charming::component::{Axis, Grid, Legend};
use charming::element::{AxisLabel, AxisType, Tooltip, Trigger};
use charming::series::{Bar, Line};
use charming::Chart;

use crate::domain::format;
use crate::domain::money::percent_change;
use crate::domain::MonthPoint;
use crate::i18n::{lang_of, td_string, Locale};

/// Colours with at least 3:1 contrast against white (WCAG non-text contrast).
const CURRENT_COLOUR: &str = "#047857";
const LAST_YEAR_COLOUR: &str = "#64748b";

/// Up to this many categories every label is drawn (ECharts otherwise drops labels it
/// thinks overlap, which on a phone left "1-30" and "61-90" unnamed); more categories
/// (months of a year) keep ECharts' own spacing.
const ALWAYS_LABELLED: usize = 6;
/// A category label longer than this wraps at its spaces onto more lines: five labels
/// share a phone's 300 pixels ("1–30\ndays").
const LABEL_LINE_CHARS: usize = 7;
/// A ranked name longer than this is shortened with an ellipsis; the table twin has it
/// whole.
const RANKED_NAME_CHARS: usize = 18;
/// Room on the right for the last category's label, which ECharts centres on the last
/// bar and otherwise clips ("31 Dec 202").
const RIGHT_ROOM: i64 = 28;

/// A label broken at its spaces into lines of at most `width` characters (a longer word
/// keeps its own line), so ECharts can draw every label of a narrow chart.
pub fn wrapped(label: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in label.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines.join("\n")
}

/// A name cut to at most `max` characters, the last of them an ellipsis.
pub fn shortened(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_string();
    }
    let mut cut: String = name.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// A category axis that draws every label, wrapped, when there are few of them; more
/// keep one line each and ECharts' own spacing.
fn category_axis(labels: Vec<String>) -> Axis {
    if labels.len() > ALWAYS_LABELLED {
        return Axis::new().type_(AxisType::Category).data(labels);
    }
    let labels = labels
        .iter()
        .map(|label| wrapped(label, LABEL_LINE_CHARS))
        .collect::<Vec<_>>();
    Axis::new()
        .type_(AxisType::Category)
        .data(labels)
        .axis_label(AxisLabel::new().interval(0.0))
}

/// What every chart shares: its colours, a tooltip for the category under the pointer,
/// and a grid that holds its axis labels (with room for the last one). With `legend`,
/// the series are named under the grid.
fn framed(colours: Vec<&'static str>, top: i64, legend: bool) -> Chart {
    let chart = Chart::new()
        .color(colours)
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(
            Grid::new()
                .left(8)
                .right(RIGHT_ROOM)
                .top(top)
                .bottom(if legend { 40 } else { 8 })
                .contain_label(true),
        );
    if legend {
        chart.legend(Legend::new().bottom(0))
    } else {
        chart
    }
}

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
    framed(vec![CURRENT_COLOUR, LAST_YEAR_COLOUR], 16, true)
        .x_axis(category_axis(labels))
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(Bar::new().name(bar_name).data(bars))
        .series(Line::new().name(line_name).data(line))
}

/// Amounts (minor units) per category as bars, on a scale of thousands.
pub fn bar_chart(labels: Vec<String>, bars_minor: Vec<i64>, name: &str) -> Chart {
    let bars: Vec<f64> = bars_minor.into_iter().map(thousands).collect();
    framed(vec![CURRENT_COLOUR], 16, false)
        .x_axis(category_axis(labels))
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(Bar::new().name(name).data(bars))
}

/// A ranking (top customers) as horizontal bars, first at the top, every name drawn:
/// names read across, where under vertical bars ECharts could fit only some of them.
pub fn ranking_chart(names: Vec<String>, bars_minor: Vec<i64>, name: &str) -> Chart {
    let bars: Vec<f64> = bars_minor.into_iter().map(thousands).collect();
    let names: Vec<String> = names
        .iter()
        .map(|n| shortened(n, RANKED_NAME_CHARS))
        .collect();
    framed(vec![CURRENT_COLOUR], 8, false)
        .y_axis(
            Axis::new()
                .type_(AxisType::Category)
                .inverse(true)
                .data(names)
                .axis_label(AxisLabel::new().interval(0.0)),
        )
        .x_axis(Axis::new().type_(AxisType::Value))
        .series(Bar::new().name(name).data(bars))
}

/// The sync history's last days: records changed per day as bars (left axis) and the
/// mean sync duration in seconds as a line (right axis).
pub fn sync_days_chart(
    labels: Vec<String>,
    records: Vec<i64>,
    mean_seconds: Vec<Option<f64>>,
    records_name: &str,
    seconds_name: &str,
) -> Chart {
    // A day without a finished sync has no duration: a gap in the line, not a zero.
    let seconds: Vec<charming::datatype::DataPointItem> = mean_seconds
        .into_iter()
        .map(|s| match s {
            Some(s) => charming::datatype::DataPointItem::new(s),
            None => charming::datatype::DataPointItem::new("-"),
        })
        .collect();
    framed(vec![CURRENT_COLOUR, LAST_YEAR_COLOUR], 24, true)
        .x_axis(category_axis(labels))
        // The legend names both axes' series; axis names would be clipped on a phone.
        .y_axis(Axis::new().type_(AxisType::Value))
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(Bar::new().name(records_name).data(records))
        .series(Line::new().name(seconds_name).y_axis_index(1).data(seconds))
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
    fn labels_wrap_at_spaces_and_names_shorten() {
        assert_eq!(wrapped("Not yet due", 7), "Not yet\ndue");
        assert_eq!(wrapped("1–30 days", 7), "1–30\ndays");
        assert_eq!(wrapped("Over 90 days", 7), "Over 90\ndays");
        assert_eq!(wrapped("Overforfaldne", 7), "Overforfaldne");
        assert_eq!(
            shortened("Nordisk Træ & Tømmer ApS", 18),
            "Nordisk Træ & Tøm…"
        );
        assert_eq!(shortened("Kaffe ApS", 18), "Kaffe ApS");
        assert_eq!(
            shortened("Nordisk Træ & Tømmer ApS", 18).chars().count(),
            18
        );
    }

    #[test]
    fn few_categories_draw_every_label_and_rankings_every_name() {
        let aging = bar_chart(
            vec![
                "Not yet due".into(),
                "1–30 days".into(),
                "31–60 days".into(),
            ],
            vec![1, 2, 3],
            "Outstanding",
        )
        .to_string();
        assert!(aging.contains("\"interval\": 0.0"), "{aging}");
        assert!(aging.contains("Not yet\\ndue"), "{aging}");
        let names: Vec<String> = (1..=10).map(|i| format!("Customer {i}")).collect();
        let ranking = ranking_chart(names, (1..=10).collect(), "Revenue").to_string();
        assert!(ranking.contains("\"inverse\": true"), "{ranking}");
        assert!(ranking.contains("\"interval\": 0.0"), "{ranking}");
        assert!(ranking.contains("Customer 10"), "{ranking}");
    }

    #[test]
    fn chart_has_both_series_with_one_value_per_month() {
        let points = vec![point(1, 10_000, 5_000), point(2, 20_000, 10_000)];
        let json = revenue_trend_chart(&points, Locale::en).to_string();
        assert!(json.contains("\"Revenue\""), "{json}");
        assert!(json.contains("\"A year earlier\""), "{json}");
        // Few months: every label drawn, each on two lines.
        assert!(
            json.contains("Jan\\n2026") && json.contains("Feb\\n2026"),
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
            danish.contains("\"Omsætning\"") && danish.contains("jan.\\n2026"),
            "{danish}"
        );
    }
}
