//! Building URL query strings: the pages keep their whole state in the query.

/// Percent-encodes a string for a query parameter (`next=/billing%3Fx%3D1`). Slashes
/// stay readable; they mean nothing special inside a query value.
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(char::from(byte))
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// `key=value&…` with every value percent-encoded.
pub fn encode_pairs(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(key, value)| format!("{key}={}", encode_query_value(value)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(encode_query_value("/billing"), "/billing");
        assert_eq!(
            encode_query_value("/?period=this_month&x=1"),
            "/%3Fperiod%3Dthis_month%26x%3D1"
        );
        assert_eq!(encode_query_value("ø"), "%C3%B8");
        assert_eq!(
            encode_pairs(&[("q", "a b".to_string()), ("page", "2".to_string())]),
            "q=a%20b&page=2"
        );
    }
}
