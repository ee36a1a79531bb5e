//! The Tailwind classes several pages share, named once so the pages look alike and a
//! change of look is one edit. Classes only one page uses stay on that page.

/// A link inside text or a table.
pub const LINK: &str = "font-medium text-emerald-800 underline";
/// A table cell.
pub const CELL: &str = "px-2 py-1.5 sm:px-3";
/// A table cell holding a number: right-aligned, figures of one width, never wrapped.
pub const NUM: &str = "px-2 py-1.5 text-right tabular-nums whitespace-nowrap sm:px-3";
/// A figure's card.
pub const CARD: &str = "min-w-0 rounded-lg border border-slate-200 bg-white p-3 shadow-sm sm:p-4";
/// A section's box below the previous one.
pub const BOX: &str = "mt-6 rounded-lg border border-slate-200 bg-white p-3 sm:p-4";
/// A filter form's field (label above input).
pub const FIELD: &str = "flex min-w-0 flex-col gap-1 text-sm";
/// A filter form's input, at least 36 px tall for fingers.
pub const INPUT: &str =
    "min-h-9 w-full rounded border border-slate-300 bg-white px-2 py-1 text-slate-900";
/// A choice among several (a period, a granularity).
pub const PILL: &str = "inline-flex whitespace-nowrap min-h-6 items-center gap-1 rounded-full border border-slate-300 bg-white px-3 py-1 text-sm text-slate-800 hover:border-emerald-600";
/// The chosen one.
pub const PILL_ACTIVE: &str = "inline-flex whitespace-nowrap min-h-6 items-center rounded-full bg-emerald-700 px-3 py-1 text-sm font-medium text-white";
/// A notice that something needs the reader's attention (a link's unusable values).
pub const NOTICE: &str =
    "mt-4 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950";
