//! Plans, their limits and usage against them: the pure rules behind the billing page
//! and the limit checks the server enforces. `-1` in a limit means unlimited.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use crate::domain::reason::PlanLimit;

/// A countable plan limit (the `max_*` rows of `plan_features`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LimitKey {
    Records,
    ApiCallsPerMonth,
    Seats,
    StorageGb,
    Mau,
    Automations,
    Schedules,
    AiTokensPerMonth,
}

impl LimitKey {
    pub const ALL: [LimitKey; 8] = [
        LimitKey::Records,
        LimitKey::ApiCallsPerMonth,
        LimitKey::Seats,
        LimitKey::StorageGb,
        LimitKey::Mau,
        LimitKey::Automations,
        LimitKey::Schedules,
        LimitKey::AiTokensPerMonth,
    ];

    /// The `feature_key` in the database.
    pub fn feature_key(self) -> &'static str {
        match self {
            LimitKey::Records => "max_records",
            LimitKey::ApiCallsPerMonth => "max_api_calls_per_month",
            LimitKey::Seats => "max_seats",
            LimitKey::StorageGb => "max_storage_gb",
            LimitKey::Mau => "max_mau",
            LimitKey::Automations => "max_automations",
            LimitKey::Schedules => "max_schedules",
            LimitKey::AiTokensPerMonth => "max_ai_tokens_per_month",
        }
    }

    pub fn from_feature_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.feature_key() == key)
    }
}

/// An on/off plan feature (the flag rows of `plan_features`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FeatureFlag {
    ApiAccess,
    AdvancedAnalytics,
    Sso,
    CustomBranding,
    PrioritySupport,
}

impl FeatureFlag {
    pub const ALL: [FeatureFlag; 5] = [
        FeatureFlag::ApiAccess,
        FeatureFlag::AdvancedAnalytics,
        FeatureFlag::Sso,
        FeatureFlag::CustomBranding,
        FeatureFlag::PrioritySupport,
    ];

    pub fn feature_key(self) -> &'static str {
        match self {
            FeatureFlag::ApiAccess => "api_access",
            FeatureFlag::AdvancedAnalytics => "advanced_analytics",
            FeatureFlag::Sso => "sso",
            FeatureFlag::CustomBranding => "custom_branding",
            FeatureFlag::PrioritySupport => "priority_support",
        }
    }

    pub fn from_feature_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.feature_key() == key)
    }
}

/// The value of a limit that has none.
pub const UNLIMITED: i64 = -1;

/// A plan with its price, limits and features.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanInfo {
    pub id: String,
    pub name: String,
    /// Per month, in minor units of `currency`.
    pub price_minor: i64,
    pub currency: String,
    /// Every [`LimitKey`], in [`LimitKey::ALL`] order; a missing row reads as 0.
    pub limits: Vec<(LimitKey, i64)>,
    /// Every [`FeatureFlag`], in [`FeatureFlag::ALL`] order.
    pub features: Vec<(FeatureFlag, bool)>,
}

impl PlanInfo {
    pub fn limit(&self, key: LimitKey) -> i64 {
        self.limits
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(0, |(_, v)| *v)
    }
}

/// How close a meter is to its limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeterLevel {
    Ok,
    /// At 80 % or more.
    Warning,
    /// At or past the limit: more is refused.
    Blocked,
}

/// Storage meters count bytes; plans limit storage in (decimal) gigabytes.
pub const BYTES_PER_GB: i64 = 1_000_000_000;

/// Usage of one limit for the current month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageMeter {
    pub key: LimitKey,
    pub used: i64,
    /// [`UNLIMITED`] or the maximum.
    pub limit: i64,
}

impl UsageMeter {
    /// The share of the limit used, in whole percent (capped at 100 for the bar);
    /// `None` when unlimited.
    pub fn percent(&self) -> Option<u8> {
        match self.limit {
            UNLIMITED => None,
            0 => Some(if self.used > 0 { 100 } else { 0 }),
            limit => {
                let pct = (self.used.max(0) as i128 * 100 / limit as i128).min(100);
                Some(u8::try_from(pct).unwrap_or(100))
            }
        }
    }

    pub fn level(&self) -> MeterLevel {
        match self.limit {
            UNLIMITED => MeterLevel::Ok,
            limit if self.used >= limit => MeterLevel::Blocked,
            // used / limit >= 0.8, in integers.
            limit if self.used * 5 >= limit * 4 => MeterLevel::Warning,
            _ => MeterLevel::Ok,
        }
    }
}

/// Whether `adding` more fits under `current`'s limit for `key` given `used` already,
/// and if not, the limit with the cheapest plan that lifts it.
pub fn check_limit(
    key: LimitKey,
    used: i64,
    adding: i64,
    current: &PlanInfo,
    plans: &[PlanInfo],
) -> Result<(), PlanLimit> {
    let limit = current.limit(key);
    if limit == UNLIMITED || used + adding <= limit {
        return Ok(());
    }
    let lifting = plans
        .iter()
        .filter(|p| p.id != current.id)
        .filter(|p| {
            let l = p.limit(key);
            l == UNLIMITED || used + adding <= l
        })
        .min_by_key(|p| p.price_minor);
    Err(PlanLimit {
        key,
        plan: current.name.clone(),
        limit,
        used,
        upgrade: lifting.map(|plan| (plan.name.clone(), plan.limit(key))),
    })
}

/// One line of the billing history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingEventRow {
    pub at: DateTime<Utc>,
    pub kind: String,
    /// For a plan change: the plans' names before and after.
    pub from_plan: Option<String>,
    pub to_plan: Option<String>,
    pub actor: Option<String>,
}

/// Everything the billing page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingOverview {
    pub org_name: String,
    pub plan: PlanInfo,
    /// `active`, `trialing`, `past_due` or `canceled`.
    pub status: String,
    /// The first day of the month the meters count.
    pub month: NaiveDate,
    pub meters: Vec<UsageMeter>,
    pub plans: Vec<PlanInfo>,
    pub events: Vec<BillingEventRow>,
    /// Whether the person looking may change the plan (owners).
    pub can_change_plan: bool,
}

impl BillingOverview {
    pub fn meter(&self, key: LimitKey) -> Option<&UsageMeter> {
        self.meters.iter().find(|m| m.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(id: &str, price: i64, seats: i64) -> PlanInfo {
        PlanInfo {
            id: id.to_string(),
            name: format!("{}{}", id[..1].to_uppercase(), &id[1..]),
            price_minor: price,
            currency: "EUR".to_string(),
            limits: vec![(LimitKey::Seats, seats), (LimitKey::Records, 100)],
            features: vec![],
        }
    }

    #[test]
    fn meters_warn_from_80_percent_and_block_at_the_limit() {
        let meter = |used, limit| UsageMeter {
            key: LimitKey::Seats,
            used,
            limit,
        };
        assert_eq!(meter(3, 5).level(), MeterLevel::Ok);
        assert_eq!(meter(4, 5).level(), MeterLevel::Warning);
        assert_eq!(meter(5, 5).level(), MeterLevel::Blocked);
        assert_eq!(meter(7, 5).percent(), Some(100));
        assert_eq!(meter(79, 100).level(), MeterLevel::Ok);
        assert_eq!(meter(80, 100).level(), MeterLevel::Warning);
        assert_eq!(meter(1_000_000, UNLIMITED).level(), MeterLevel::Ok);
        assert_eq!(meter(1_000_000, UNLIMITED).percent(), None);
        assert_eq!(meter(0, 0).level(), MeterLevel::Blocked);
    }

    #[test]
    fn a_limit_names_the_plan_that_lifts_it() {
        let plans = vec![
            plan("free", 0, 1),
            plan("pro", 9900, 5),
            plan("enterprise", 99900, UNLIMITED),
        ];
        assert!(check_limit(LimitKey::Seats, 0, 1, &plans[0], &plans).is_ok());
        let err = check_limit(LimitKey::Seats, 1, 1, &plans[0], &plans).expect_err("full");
        assert_eq!(
            err,
            PlanLimit {
                key: LimitKey::Seats,
                plan: "Free".to_string(),
                limit: 1,
                used: 1,
                upgrade: Some(("Pro".to_string(), 5)),
            }
        );
        assert_eq!(
            crate::domain::reason::Reason::PlanLimit(err).to_string(),
            "The Free plan allows 1 seat, and this organization already uses 1. \
             The Pro plan allows 5 seats."
        );
        let err = check_limit(LimitKey::Seats, 5, 1, &plans[1], &plans).expect_err("full");
        assert_eq!(err.upgrade, Some(("Enterprise".to_string(), UNLIMITED)));
        assert!(crate::domain::reason::Reason::PlanLimit(err)
            .to_string()
            .ends_with("The Enterprise plan allows unlimited seats."));
        assert!(check_limit(LimitKey::Seats, 500, 1, &plans[2], &plans).is_ok());
    }
}
