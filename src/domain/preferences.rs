//! Display preferences a person picks (kept in cookies, read by the server so the first
//! paint is already right): the colour theme. The language is `format::Lang`.

use serde::{Deserialize, Serialize};

/// The cookie that remembers a chosen theme. Not HttpOnly: a preference.
pub const THEME_COOKIE: &str = "ll_theme";

/// The colour theme: follow the device (default), or always light or dark. `key()` is
/// the `ll_theme` cookie value and the `<html data-theme>` attribute.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_key(key: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|theme| theme.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_keys_round_trip() {
        for theme in Theme::ALL {
            assert_eq!(Theme::from_key(theme.key()), Some(theme));
        }
        assert_eq!(Theme::from_key("sepia"), None);
        assert_eq!(Theme::default(), Theme::System);
    }
}
