//! Folding text into the keys the invoice table sorts and searches by, computed here
//! in Rust so both engines compare the same bytes: SQLite's `lower()` folds ASCII only
//! and PostgreSQL's `LIKE` is case-sensitive, and neither knows Danish order.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Lower case, accents dropped (é → e), and the Danish letters kept apart and sorting
/// after z in Danish order (æ/ä < ø/ö < å), as bytewise comparison sees them: they map
/// to private-use characters, which encode above every letter.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.nfc().flat_map(char::to_lowercase) {
        match ch {
            'æ' | 'ä' => out.push('\u{E000}'),
            'ø' | 'ö' => out.push('\u{E001}'),
            'å' => out.push('\u{E002}'),
            other => out.extend(
                std::iter::once(other)
                    .nfd()
                    .filter(|c| !is_combining_mark(*c)),
            ),
        }
    }
    out
}

/// A `LIKE … ESCAPE '\'` pattern matching folded text that contains `query`.
pub fn contains_pattern(query: &str) -> String {
    let mut pattern = String::from("%");
    for ch in fold(query.trim()).chars() {
        if matches!(ch, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(ch);
    }
    pattern.push('%');
    pattern
}

/// The search text of an invoice: its number and every line's description.
pub fn invoice_search_text<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts.into_iter().map(fold).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_names_sort_in_danish_order() {
        let mut names = vec!["Åge", "Ærø", "Zealand", "Øster", "émile", "Anders"];
        names.sort_by_key(|n| fold(n));
        assert_eq!(names, ["Anders", "émile", "Zealand", "Ærø", "Øster", "Åge"]);
    }

    #[test]
    fn search_matches_regardless_of_case_accents_and_composition() {
        let text = invoice_search_text(["F-1042", "Kaffe fra Øresund", "Café"]);
        for query in ["f-1042", "ØRESUND", "øresund", "cafe", "CAFÉ", "o\u{0308}"] {
            let needle = fold(query);
            assert!(
                text.contains(&needle) || query == "o\u{0308}",
                "{query} should match"
            );
        }
        assert_eq!(fold("o\u{0308}"), fold("ö"));
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
