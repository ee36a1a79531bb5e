//! What every analytics page's data starts with: whose figures they are, in which
//! currency, for which day, how fresh the mirrored data is and when the figures were
//! computed.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The header of a page's data (one shape for every page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageHeader {
    pub org_name: String,
    /// The organization's base currency, which every base amount is in.
    pub base_currency: String,
    /// Today in the organization's time zone.
    pub today: NaiveDate,
    /// When the organization's data was last refreshed from Billy, if ever.
    pub data_as_of: Option<DateTime<Utc>>,
    /// When the server computed these figures.
    pub computed_at: DateTime<Utc>,
}
