//! [`TenancyStore`](crate::store::TenancyStore) in SQL. Rules that must hold under
//! concurrency (the last owner stays, seats are not oversold, an invitation is used
//! once) run inside one transaction that first locks the organization's subscription
//! row (`tenancy_lock_org`).

use super::{begin_for_org, begin_write_for_org, Db, EngineStore, DIALECT};

#[async_trait::async_trait]
impl crate::store::TenancyStore for EngineStore {
    async fn member_role(
        &self,
        org: crate::store::OrgId,
        user_id: i64,
    ) -> Result<Option<crate::domain::accounts::OrgRole>, crate::store::StoreError> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2")
                .bind(org.0)
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(role,)| crate::domain::accounts::OrgRole::parse(&role)))
    }

    async fn members(
        &self,
        org: crate::store::OrgId,
    ) -> Result<Vec<crate::store::MemberRecord>, crate::store::StoreError> {
        let rows: Vec<(
            i64,
            String,
            Option<String>,
            String,
            chrono::DateTime<chrono::Utc>,
        )> = sqlx::query_as(
            "SELECT u.id, u.email, u.display_name, m.role, m.created_at \
                 FROM memberships m JOIN users u ON u.id = m.user_id \
                 WHERE m.org_id = $1 \
                 ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 \
                   WHEN 'member' THEN 2 ELSE 3 END, m.created_at, u.id",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(user_id, email, display_name, role, joined_at)| {
                Some(crate::store::MemberRecord {
                    user_id,
                    email,
                    display_name,
                    role: crate::domain::accounts::OrgRole::parse(&role)?,
                    joined_at,
                })
            })
            .collect())
    }

    async fn set_membership(
        &self,
        org: crate::store::OrgId,
        user_id: i64,
        role: crate::domain::accounts::OrgRole,
    ) -> Result<(), crate::store::StoreError> {
        sqlx::query(
            "INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, $3) \
             ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role",
        )
        .bind(org.0)
        .bind(user_id)
        .bind(role.as_str())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn change_role(
        &self,
        org: crate::store::OrgId,
        user_id: i64,
        role: crate::domain::accounts::OrgRole,
    ) -> Result<(), crate::store::StoreError> {
        let mut tx = self.pool.begin().await?;
        tenancy_lock_org(&mut tx, org).await?;
        let current = tenancy_role_in(&mut tx, org, user_id).await?;
        if current == crate::domain::accounts::OrgRole::Owner
            && role != crate::domain::accounts::OrgRole::Owner
        {
            tenancy_keep_an_owner(&mut tx, org).await?;
        }
        sqlx::query("UPDATE memberships SET role = $3 WHERE org_id = $1 AND user_id = $2")
            .bind(org.0)
            .bind(user_id)
            .bind(role.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn remove_member(
        &self,
        org: crate::store::OrgId,
        user_id: i64,
    ) -> Result<(), crate::store::StoreError> {
        let mut tx = self.pool.begin().await?;
        tenancy_lock_org(&mut tx, org).await?;
        let current = tenancy_role_in(&mut tx, org, user_id).await?;
        if current == crate::domain::accounts::OrgRole::Owner {
            tenancy_keep_an_owner(&mut tx, org).await?;
        }
        sqlx::query("DELETE FROM memberships WHERE org_id = $1 AND user_id = $2")
            .bind(org.0)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_invitation(
        &self,
        org: crate::store::OrgId,
        invitation: &crate::store::NewInvitation,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<i64, crate::store::StoreError> {
        let mut tx = self.pool.begin().await?;
        tenancy_lock_org(&mut tx, org).await?;
        let (already,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.org_id = $1 AND lower(u.email) = lower($2)",
        )
        .bind(org.0)
        .bind(invitation.email.as_str())
        .fetch_one(&mut *tx)
        .await?;
        if already > 0 {
            return Err(crate::store::StoreError::Refused(
                crate::domain::reason::Reason::AlreadyMember(invitation.email.as_str().to_string()),
            ));
        }
        // A second invitation to the same address replaces the first, so it
        // neither takes a second seat nor leaves two live links.
        sqlx::query(
            "UPDATE invitations SET revoked_at = $3 WHERE org_id = $1 \
             AND lower(email) = lower($2) AND accepted_at IS NULL AND revoked_at IS NULL",
        )
        .bind(org.0)
        .bind(invitation.email.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let used = tenancy_seats_taken(&mut tx, org, now).await?;
        tenancy_check_seats(&mut tx, org, used, 1).await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO invitations (org_id, email, role, token_hash, invited_by, \
               expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(org.0)
        .bind(invitation.email.as_str())
        .bind(invitation.role.as_str())
        .bind(&invitation.token_hash)
        .bind(invitation.invited_by)
        .bind(invitation.expires_at)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn pending_invitations(
        &self,
        org: crate::store::OrgId,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<crate::store::InvitationRecord>, crate::store::StoreError> {
        let rows: Vec<TenancyInvitationRow> = sqlx::query_as(&format!(
            "{TENANCY_INVITATION_COLUMNS} WHERE i.org_id = $1 AND i.accepted_at IS NULL \
             AND i.revoked_at IS NULL AND i.expires_at > $2 ORDER BY i.created_at DESC, i.id DESC"
        ))
        .bind(org.0)
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(tenancy_invitation_from_row)
            .collect())
    }

    async fn invitation_by_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<crate::store::InvitationRecord>, crate::store::StoreError> {
        let row: Option<TenancyInvitationRow> = sqlx::query_as(&format!(
            "{TENANCY_INVITATION_COLUMNS} WHERE i.token_hash = $1"
        ))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(tenancy_invitation_from_row))
    }

    async fn accept_invitation(
        &self,
        token_hash: &str,
        user: &crate::store::User,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(crate::store::OrgId, crate::domain::accounts::OrgRole), crate::store::StoreError>
    {
        let not_found =
            || crate::store::StoreError::Refused(crate::domain::reason::Reason::InvitationInvalid);
        let mut tx = self.pool.begin().await?;
        let row: Option<TenancyInvitationRow> = sqlx::query_as(&format!(
            "{TENANCY_INVITATION_COLUMNS} WHERE i.token_hash = $1"
        ))
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let invitation = row
            .and_then(tenancy_invitation_from_row)
            .ok_or_else(not_found)?;
        let org = crate::store::OrgId(invitation.org_id);
        tenancy_lock_org(&mut tx, org).await?;
        // Claimed with a conditional UPDATE after the lock: of two concurrent
        // acceptances exactly one changes the row.
        let claimed = sqlx::query(
            "UPDATE invitations SET accepted_at = $2, accepted_by = $3 \
             WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2",
        )
        .bind(invitation.id)
        .bind(now)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() != 1 {
            let reason = invitation
                .unusable_reason(now)
                .unwrap_or(crate::domain::reason::Reason::InvitationUsed);
            return Err(crate::store::StoreError::Refused(reason));
        }
        if !invitation.email.eq_ignore_ascii_case(&user.email) {
            return Err(crate::store::StoreError::Refused(
                crate::domain::reason::Reason::InvitationForSomeoneElse {
                    invited: invitation.email.to_string(),
                    signed_in: user.email.to_string(),
                },
            ));
        }
        if tenancy_role_in(&mut tx, org, user.id).await.is_ok() {
            return Err(crate::store::StoreError::Refused(
                crate::domain::reason::Reason::AlreadyMemberOf(invitation.org_name.clone()),
            ));
        }
        let (members,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM memberships WHERE org_id = $1")
                .bind(org.0)
                .fetch_one(&mut *tx)
                .await?;
        tenancy_check_seats(&mut tx, org, members, 1).await?;
        sqlx::query(
            "INSERT INTO memberships (org_id, user_id, role, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(org.0)
        .bind(user.id)
        .bind(invitation.role.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok((org, invitation.role))
    }

    async fn revoke_invitation(
        &self,
        org: crate::store::OrgId,
        invitation_id: i64,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool, crate::store::StoreError> {
        let done = sqlx::query(
            "UPDATE invitations SET revoked_at = $3 WHERE org_id = $1 AND id = $2 \
             AND accepted_at IS NULL AND revoked_at IS NULL",
        )
        .bind(org.0)
        .bind(invitation_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn plans(
        &self,
    ) -> Result<Vec<crate::domain::billing::PlanInfo>, crate::store::StoreError> {
        let mut conn = self.pool.acquire().await?;
        tenancy_plans(&mut conn).await
    }

    async fn subscription(
        &self,
        org: crate::store::OrgId,
    ) -> Result<crate::store::SubscriptionRecord, crate::store::StoreError> {
        let mut conn = self.pool.acquire().await?;
        tenancy_subscription(&mut conn, org).await
    }

    async fn change_plan(
        &self,
        org: crate::store::OrgId,
        change: &crate::store::PlanChange,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<crate::store::SubscriptionRecord, crate::store::StoreError> {
        use crate::domain::billing::{LimitKey, UNLIMITED};
        let mut tx = begin_write_for_org(&self.pool, org).await?;
        tenancy_lock_org(&mut tx, org).await?;
        let plans = tenancy_plans(&mut tx).await?;
        let target = plans
            .iter()
            .find(|p| p.id == change.plan_id)
            .ok_or_else(|| {
                crate::store::StoreError::Refused(crate::domain::reason::Reason::NoSuchPlan)
            })?;
        let current = tenancy_subscription(&mut tx, org).await?;
        if current.plan_id == target.id {
            return Err(crate::store::StoreError::Refused(
                crate::domain::reason::Reason::AlreadyOnPlan(target.name.clone()),
            ));
        }
        let (members,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM memberships WHERE org_id = $1")
                .bind(org.0)
                .fetch_one(&mut *tx)
                .await?;
        let max_seats = target.limit(LimitKey::Seats);
        if max_seats != UNLIMITED && members > max_seats {
            return Err(crate::store::StoreError::LimitReached(
                crate::domain::reason::Reason::TooManyMembersForPlan {
                    plan: target.name.clone(),
                    limit: max_seats,
                    members,
                },
            ));
        }
        let seats = if max_seats == UNLIMITED {
            members.max(1)
        } else {
            max_seats.max(1)
        };
        sqlx::query(
            "UPDATE org_subscriptions SET plan_id = $2, seats = $3, status = 'active', \
               current_period_start = $4 WHERE org_id = $1",
        )
        .bind(org.0)
        .bind(&target.id)
        .bind(i32::try_from(seats).unwrap_or(i32::MAX))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE organizations SET subscription_state = 'active' WHERE id = $1")
            .bind(org.0)
            .execute(&mut *tx)
            .await?;
        let detail = serde_json::json!({ "from": current.plan_id, "to": target.id });
        sqlx::query(&format!(
            "INSERT INTO billing_events (org_id, kind, payload, actor_user_id, created_at) \
             VALUES ($1, 'plan_changed', $2{json}, $3, $4)",
            json = DIALECT.json_param_cast
        ))
        .bind(org.0)
        .bind(detail.to_string())
        .bind(change.actor_user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(&format!(
            "INSERT INTO audit_log (org_id, actor_user_id, action, target, detail, ip, \
               user_agent, created_at) \
             VALUES ($1, $2, 'plan_changed', $3, $4{json}, $5, $6, $7)",
            json = DIALECT.json_param_cast
        ))
        .bind(org.0)
        .bind(change.actor_user_id)
        .bind(format!("plan:{}", target.id))
        .bind(detail.to_string())
        .bind(&change.ip)
        .bind(&change.user_agent)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let updated = tenancy_subscription(&mut tx, org).await?;
        tx.commit().await?;
        Ok(updated)
    }

    async fn billing_events(
        &self,
        org: crate::store::OrgId,
        limit: i64,
    ) -> Result<Vec<crate::store::BillingEventRecord>, crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        let rows: Vec<(
            i64,
            String,
            String,
            Option<String>,
            chrono::DateTime<chrono::Utc>,
        )> = sqlx::query_as(
            "SELECT b.id, b.kind, CAST(b.payload AS TEXT), u.email, b.created_at \
                 FROM billing_events b LEFT JOIN users u ON u.id = b.actor_user_id \
                 WHERE b.org_id = $1 ORDER BY b.created_at DESC, b.id DESC LIMIT $2",
        )
        .bind(org.0)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, kind, payload, actor_email, created_at)| crate::store::BillingEventRecord {
                    id,
                    kind,
                    payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
                    actor_email,
                    created_at,
                },
            )
            .collect())
    }

    async fn record_usage(
        &self,
        org: crate::store::OrgId,
        kind: crate::store::UsageKind,
        quantity: i64,
        user_id: Option<i64>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        tenancy_add_usage(&mut tx, org, kind, quantity, user_id, at).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn record_active_member(
        &self,
        org: crate::store::OrgId,
        user_id: i64,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), crate::store::StoreError> {
        let month_start = crate::domain::period::first_of_month(at.date_naive())
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc())
            .unwrap_or(at);
        let mut tx = begin_write_for_org(&self.pool, org).await?;
        let seen: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM usage_events WHERE org_id = $1 AND occurred_at >= $2 \
             AND kind = 'user_active' AND user_id = $3 LIMIT 1",
        )
        .bind(org.0)
        .bind(month_start)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
        if seen.is_none() {
            tenancy_add_usage(
                &mut tx,
                org,
                crate::store::UsageKind::UserActive,
                1,
                Some(user_id),
                at,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn usage_for_month(
        &self,
        org: crate::store::OrgId,
        month: chrono::NaiveDate,
    ) -> Result<Vec<(crate::store::UsageKind, i64)>, crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT kind, quantity FROM usage_monthly WHERE org_id = $1 AND month = $2",
        )
        .bind(org.0)
        .bind(crate::domain::period::first_of_month(month))
        .fetch_all(&mut *tx)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(kind, q)| Some((crate::store::UsageKind::parse(&kind)?, q)))
            .collect())
    }

    async fn usage_for_day(
        &self,
        org: crate::store::OrgId,
        day: chrono::NaiveDate,
    ) -> Result<Vec<(crate::store::UsageKind, i64)>, crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT kind, quantity FROM usage_daily WHERE org_id = $1 AND day = $2")
                .bind(org.0)
                .bind(day)
                .fetch_all(&mut *tx)
                .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(kind, q)| Some((crate::store::UsageKind::parse(&kind)?, q)))
            .collect())
    }

    async fn set_billy_connection(
        &self,
        org: crate::store::OrgId,
        connection: Option<&crate::store::BillyConnection>,
    ) -> Result<(), crate::store::StoreError> {
        sqlx::query(
            "UPDATE organizations SET billy_base_url = $2, billy_token_ciphertext = $3, \
               billy_token_nonce = $4 WHERE id = $1",
        )
        .bind(org.0)
        .bind(connection.and_then(|c| c.base_url.clone()))
        .bind(connection.map(|c| c.token.ciphertext.clone()))
        .bind(connection.map(|c| c.token.nonce.clone()))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn billy_connection(
        &self,
        org: crate::store::OrgId,
    ) -> Result<Option<crate::store::BillyConnection>, crate::store::StoreError> {
        let row: Option<(Option<String>, Option<Vec<u8>>, Option<Vec<u8>>)> = sqlx::query_as(
            "SELECT billy_base_url, billy_token_ciphertext, billy_token_nonce \
             FROM organizations WHERE id = $1",
        )
        .bind(org.0)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            Some((base_url, Some(ciphertext), Some(nonce))) => {
                Some(crate::store::BillyConnection {
                    base_url,
                    token: crate::store::SealedToken { ciphertext, nonce },
                })
            }
            _ => None,
        })
    }
}

pub(super) type TenancyConn = <Db as sqlx::Database>::Connection;

/// Serialises every rule-checking write of one organization (see the module doc).
pub(super) async fn tenancy_lock_org(
    conn: &mut TenancyConn,
    org: crate::store::OrgId,
) -> Result<(), crate::store::StoreError> {
    let done = sqlx::query("UPDATE org_subscriptions SET seats = seats WHERE org_id = $1")
        .bind(org.0)
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(crate::store::StoreError::Check(format!(
            "organization {} has no subscription",
            org.0
        )))
    }
}

/// The member's role, or a refusal naming that they are not a member.
pub(super) async fn tenancy_role_in(
    conn: &mut TenancyConn,
    org: crate::store::OrgId,
    user_id: i64,
) -> Result<crate::domain::accounts::OrgRole, crate::store::StoreError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2")
            .bind(org.0)
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await?;
    row.and_then(|(role,)| crate::domain::accounts::OrgRole::parse(&role))
        .ok_or_else(|| crate::store::StoreError::Refused(crate::domain::reason::Reason::NotAMember))
}

/// Refuses when the organization has one owner left (about to lose them).
pub(super) async fn tenancy_keep_an_owner(
    conn: &mut TenancyConn,
    org: crate::store::OrgId,
) -> Result<(), crate::store::StoreError> {
    let (owners,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND role = 'owner'")
            .bind(org.0)
            .fetch_one(&mut *conn)
            .await?;
    if owners <= 1 {
        Err(crate::store::StoreError::Refused(
            crate::domain::reason::Reason::LastOwner,
        ))
    } else {
        Ok(())
    }
}

/// Members plus live invitations: the seats in use or promised.
pub(super) async fn tenancy_seats_taken(
    conn: &mut TenancyConn,
    org: crate::store::OrgId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<i64, crate::store::StoreError> {
    let (taken,): (i64,) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM memberships WHERE org_id = $1) + \
           (SELECT COUNT(*) FROM invitations WHERE org_id = $1 AND accepted_at IS NULL \
              AND revoked_at IS NULL AND expires_at > $2)",
    )
    .bind(org.0)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(taken)
}

/// [`check_limit`](crate::domain::billing::check_limit) for seats on the
/// organization's current plan.
pub(super) async fn tenancy_check_seats(
    conn: &mut TenancyConn,
    org: crate::store::OrgId,
    used: i64,
    adding: i64,
) -> Result<(), crate::store::StoreError> {
    let plans = tenancy_plans(&mut *conn).await?;
    let subscription = tenancy_subscription(&mut *conn, org).await?;
    let current = plans
        .iter()
        .find(|p| p.id == subscription.plan_id)
        .ok_or_else(|| {
            crate::store::StoreError::Check(format!(
                "plan {} is not a public plan",
                subscription.plan_id
            ))
        })?;
    crate::domain::billing::check_limit(
        crate::domain::billing::LimitKey::Seats,
        used,
        adding,
        current,
        &plans,
    )
    .map_err(|limit| {
        crate::store::StoreError::LimitReached(crate::domain::reason::Reason::PlanLimit(limit))
    })
}

pub(super) async fn tenancy_plans(
    conn: &mut TenancyConn,
) -> Result<Vec<crate::domain::billing::PlanInfo>, crate::store::StoreError> {
    use crate::domain::billing::{FeatureFlag, LimitKey, PlanInfo};
    let plans: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT id, name, price_minor, currency FROM plans WHERE is_public \
         ORDER BY sort_order, id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let features: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT plan_id, feature_key, limit_value FROM plan_features")
            .fetch_all(&mut *conn)
            .await?;
    let value = |plan: &str, key: &str| {
        features
            .iter()
            .find(|(p, k, _)| p == plan && k == key)
            .map(|(_, _, v)| *v)
    };
    Ok(plans
        .into_iter()
        .map(|(id, name, price_minor, currency)| PlanInfo {
            limits: LimitKey::ALL
                .into_iter()
                .map(|k| (k, value(&id, k.feature_key()).unwrap_or(0)))
                .collect(),
            features: FeatureFlag::ALL
                .into_iter()
                .map(|f| (f, value(&id, f.feature_key()).unwrap_or(0) == 1))
                .collect(),
            id,
            name,
            price_minor,
            currency,
        })
        .collect())
}

pub(super) async fn tenancy_subscription(
    conn: &mut TenancyConn,
    org: crate::store::OrgId,
) -> Result<crate::store::SubscriptionRecord, crate::store::StoreError> {
    let row: Option<(String, i64, String, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
        "SELECT plan_id, CAST(seats AS BIGINT), status, current_period_start \
         FROM org_subscriptions WHERE org_id = $1",
    )
    .bind(org.0)
    .fetch_optional(&mut *conn)
    .await?;
    let (plan_id, seats, status, current_period_start) = row.ok_or_else(|| {
        crate::store::StoreError::Check(format!("organization {} has no subscription", org.0))
    })?;
    Ok(crate::store::SubscriptionRecord {
        plan_id,
        seats,
        status,
        current_period_start,
    })
}

/// Appends a usage event and adds it to the daily and monthly rollups (called
/// inside the transaction of whatever caused the usage).
pub(super) async fn tenancy_add_usage(
    conn: &mut TenancyConn,
    org: crate::store::OrgId,
    kind: crate::store::UsageKind,
    quantity: i64,
    user_id: Option<i64>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), crate::store::StoreError> {
    let day = at.date_naive();
    sqlx::query(
        "INSERT INTO usage_events (org_id, kind, quantity, user_id, occurred_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(org.0)
    .bind(kind.as_str())
    .bind(quantity)
    .bind(user_id)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO usage_daily (org_id, day, kind, quantity) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (org_id, day, kind) \
           DO UPDATE SET quantity = usage_daily.quantity + excluded.quantity",
    )
    .bind(org.0)
    .bind(day)
    .bind(kind.as_str())
    .bind(quantity)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO usage_monthly (org_id, month, kind, quantity) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (org_id, month, kind) \
           DO UPDATE SET quantity = usage_monthly.quantity + excluded.quantity",
    )
    .bind(org.0)
    .bind(crate::domain::period::first_of_month(day))
    .bind(kind.as_str())
    .bind(quantity)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(super) const TENANCY_INVITATION_COLUMNS: &str =
    "SELECT i.id, i.org_id, o.name, i.email, i.role, \
    u.email, i.expires_at, i.accepted_at, i.revoked_at FROM invitations i \
    JOIN organizations o ON o.id = i.org_id LEFT JOIN users u ON u.id = i.invited_by";

pub(super) type TenancyInvitationRow = (
    i64,
    i64,
    String,
    String,
    String,
    Option<String>,
    chrono::DateTime<chrono::Utc>,
    Option<chrono::DateTime<chrono::Utc>>,
    Option<chrono::DateTime<chrono::Utc>>,
);

pub(super) fn tenancy_invitation_from_row(
    row: TenancyInvitationRow,
) -> Option<crate::store::InvitationRecord> {
    let (id, org_id, org_name, email, role, invited_by, expires_at, accepted_at, revoked_at) = row;
    Some(crate::store::InvitationRecord {
        id,
        org_id,
        org_name,
        email,
        role: crate::domain::accounts::OrgRole::parse(&role)?,
        invited_by,
        expires_at,
        accepted_at,
        revoked_at,
    })
}
