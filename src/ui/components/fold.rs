//! Controls that fold into one line on a phone, so a page's first figure is on the first
//! screen: a `<details>` whose summary names the current choice. From the sm breakpoint
//! up the summary is hidden and the content always shown, laid out as if the `<details>`
//! were not there (`details.fold-on-phone` in the stylesheet). Works without JavaScript.

use leptos::prelude::*;

/// `label` names what the controls choose ("Period"); `current` is the choice in force.
#[component]
pub fn FoldOnPhone(
    label: &'static str,
    #[prop(into)] current: Signal<String>,
    testid: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <details data-testid=testid class="fold-on-phone group">
            <summary class="mt-3 flex min-h-10 items-center justify-between gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-800 sm:hidden">
                <span class="min-w-0 truncate">
                    <span class="font-medium">{label}": "</span>
                    {move || current.get()}
                </span>
                <span aria-hidden="true" class="shrink-0 transition-transform group-open:rotate-180">
                    "▾"
                </span>
            </summary>
            {children()}
        </details>
    }
}
