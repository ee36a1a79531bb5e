//! The organization's billing page: plan, seats, usage against every plan limit for
//! the current month, the plans side by side, billing history, and changing plan.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::accounts::Action;
use crate::domain::billing::BillingOverview;
use crate::error::AppError;

/// Everything the billing page shows (readable by every member; changes are owners').
#[server(endpoint = "billing")]
pub async fn get_billing() -> Result<BillingOverview, AppError> {
    super::support::for_caller(
        Action::ViewBilling,
        "loading the billing page",
        ssr::get_billing,
    )
    .await
}

/// Moves the organization to another plan (owners only).
#[server(endpoint = "change_plan")]
pub async fn change_plan(plan_id: String) -> Result<(), AppError> {
    super::support::for_caller(Action::ManagePlan, "changing the plan", |caller| {
        ssr::change_plan(caller, plan_id)
    })
    .await
}

#[cfg(feature = "ssr")]
mod ssr {
    use chrono::Utc;

    use crate::api::support::{from_store, internal, Failure};
    use crate::domain::billing::{
        BillingEventRow, BillingOverview, LimitKey, PlanInfo, UsageMeter,
    };
    use crate::domain::period::first_of_month;
    use crate::server::caller::client_info;
    use crate::server::caller::org_today;
    use crate::server::caller::Caller;
    use crate::store::{BillingEventRecord, PlanChange, RowCounts, UsageKind};

    /// Bytes a mirrored organization takes, estimated from its row counts with the
    /// average row sizes of the demo data (rows plus their indexes). An estimate,
    /// labelled as such on the page: neither engine measures storage per tenant.
    fn estimated_storage_bytes(rows: &RowCounts) -> i64 {
        rows.invoices * 900
            + rows.invoice_lines * 300
            + rows.customers * 600
            + rows.products * 300
            + rows.payments * 400
            + rows.bills * 700
    }

    /// A plan's name from an event's payload field (`from`, `to`), by id.
    fn plan_name(event: &BillingEventRecord, field: &str, plans: &[PlanInfo]) -> Option<String> {
        event.payload[field].as_str().map(|id| {
            plans
                .iter()
                .find(|p| p.id == id)
                .map_or(id.to_string(), |p| p.name.clone())
        })
    }

    pub async fn get_billing(caller: Caller) -> Result<BillingOverview, Failure> {
        let store = &caller.ctx.store;
        let org = caller.org_id();
        let month = first_of_month(org_today(&caller.org));
        let (plans, subscription, usage, members, rows, events) = tokio::try_join!(
            store.plans(),
            store.subscription(org),
            store.usage_for_month(org, month),
            store.members(org),
            store.row_counts(org),
            store.billing_events(org, 50),
        )
        .map_err(|e| internal("loading the billing page", e))?;
        let plan = plans
            .iter()
            .find(|p| p.id == subscription.plan_id)
            .cloned()
            .ok_or_else(|| internal("reading the plan", subscription.plan_id.clone()))?;
        let used_this_month = |kind: UsageKind| {
            usage
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, q)| *q)
                .sum::<i64>()
        };
        let meters = LimitKey::ALL
            .into_iter()
            .map(|key| {
                let used = match key {
                    LimitKey::Records => used_this_month(UsageKind::InvoiceSynced),
                    LimitKey::ApiCallsPerMonth => used_this_month(UsageKind::ApiCall),
                    LimitKey::Seats => i64::try_from(members.len()).unwrap_or(i64::MAX),
                    LimitKey::StorageGb => estimated_storage_bytes(&rows),
                    LimitKey::Mau => used_this_month(UsageKind::UserActive),
                    LimitKey::Automations => used_this_month(UsageKind::AutomationRun),
                    LimitKey::Schedules | LimitKey::AiTokensPerMonth => 0,
                };
                let limit = match (key, plan.limit(key)) {
                    // Storage is metered in bytes against a limit in GB.
                    (LimitKey::StorageGb, gb) if gb > 0 => {
                        gb.saturating_mul(crate::domain::billing::BYTES_PER_GB)
                    }
                    (_, limit) => limit,
                };
                UsageMeter { key, used, limit }
            })
            .collect();
        let events = events
            .iter()
            .map(|e| BillingEventRow {
                at: e.created_at,
                kind: e.kind.clone(),
                from_plan: plan_name(e, "from", &plans),
                to_plan: plan_name(e, "to", &plans),
                actor: e.actor_email.clone(),
            })
            .collect();
        Ok(BillingOverview {
            org_name: caller.org.name.clone(),
            plan,
            status: subscription.status,
            month,
            meters,
            plans,
            events,
            can_change_plan: caller.role.can_manage_plan(),
        })
    }

    pub async fn change_plan(caller: Caller, plan_id: String) -> Result<(), Failure> {
        let client = client_info(&caller.ctx).await;
        caller
            .ctx
            .store
            .change_plan(
                caller.org_id(),
                &PlanChange {
                    plan_id: plan_id.trim().to_string(),
                    actor_user_id: Some(caller.user.id),
                    ip: client.ip,
                    user_agent: client.user_agent,
                },
                Utc::now(),
            )
            .await
            .map_err(|e| from_store("changing the plan", e))?;
        Ok(())
    }
}
