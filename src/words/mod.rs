//! The words of the product in both languages: labels and sentences for what the
//! domain says as data (`text`) and for why a request was refused (`errors`). Pages and
//! CSV downloads both word things here; the strings themselves live in `locales/`.

pub mod errors;
pub mod text;
