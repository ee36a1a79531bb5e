//! Values from outside, shortened before a message repeats them: a page that names a
//! bad value must not copy a megabyte of query string into itself.

/// Shortens a value from outside for echoing it back in a message, so a megabyte of
/// query string is not repeated into the page.
pub fn shown(value: &str) -> String {
    const MAX_CHARS: usize = 80;
    if value.chars().count() <= MAX_CHARS {
        value.to_string()
    } else {
        let mut cut: String = value.chars().take(MAX_CHARS).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_for_echoing() {
        assert_eq!(shown("abc"), "abc");
        assert_eq!(shown(&"x".repeat(1000)).chars().count(), 81);
    }
}
