//! The notice every page shows when some of its URL's values could not be used: what
//! the page did about it (left out, or defaults shown) and each value's problem.

use leptos::prelude::*;

use crate::domain::Problem;
use crate::i18n::td_string;
use crate::ui::style::NOTICE;
use crate::words::text::{problem_text, use_locale};

/// What a page does with a value it cannot use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fallback {
    /// Filters are left out (the tables).
    LeftOut,
    /// The default is shown instead (the reports).
    Defaults,
}

/// Nothing when there are no problems; otherwise an alert listing them.
#[component]
pub fn ProblemNotes(
    problems: Vec<Problem>,
    fallback: Fallback,
    testid: &'static str,
) -> impl IntoView {
    let locale = use_locale();
    (!problems.is_empty()).then(|| {
        let intro = match fallback {
            Fallback::LeftOut => td_string!(locale, query.intro_left_out),
            Fallback::Defaults => td_string!(locale, query.intro_defaults),
        };
        let items = problems
            .iter()
            .map(|problem| view! { <li>{problem_text(problem, locale)}</li> })
            .collect_view();
        view! {
            <div data-testid=testid role="alert" class=NOTICE>
                <p>{intro}</p>
                <ul class="ml-5 list-disc">{items}</ul>
            </div>
        }
    })
}
