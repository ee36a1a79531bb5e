//! Accounts in the store, on both engines: sign-up creates a personal organization on
//! the Free plan with its owner; emails are unique in any letter case; memberships list
//! exactly the user's organizations.

use std::sync::Arc;

use ledgerlight::domain::accounts::{Email, OrgRole, PlatformRole};
use ledgerlight::store::*;

fn new_user(email: &str) -> NewUser {
    NewUser {
        email: Email::parse(email).expect("valid email"),
        display_name: Some("Jane Jensen".to_string()),
    }
}

async fn sign_up_creates_a_personal_org_owned_by_the_user(store: Arc<dyn Store>, _url: &str) {
    let (user, org) = store
        .sign_up(&new_user("Jane@Example.com"), "$argon2id$fake")
        .await
        .expect("sign up");
    assert_eq!(user.email, "jane@example.com");
    assert_eq!(user.platform_role, PlatformRole::User);
    assert_eq!(org.name, "Jane Jensen (personal)");
    let memberships = store.memberships(user.id).await.expect("memberships");
    assert_eq!(memberships.len(), 1);
    assert_eq!(memberships[0].organization, org);
    assert_eq!(memberships[0].role, OrgRole::Owner);
    // The credentials are found whatever the letter case typed at sign-in.
    let (found, hash) = store
        .user_credentials("JANE@example.COM")
        .await
        .expect("query")
        .expect("found");
    assert_eq!((found, hash.as_str()), (user, "$argon2id$fake"));
    assert!(store
        .user_credentials("nobody@example.com")
        .await
        .expect("query")
        .is_none());
}

async fn an_email_registers_once_in_any_letter_case(store: Arc<dyn Store>, _url: &str) {
    store
        .sign_up(&new_user("jane@example.com"), "h1")
        .await
        .expect("first");
    let orgs_before = store.list_organizations().await.expect("orgs").len();
    let err = store
        .sign_up(
            &NewUser {
                email: Email::parse("JANE@EXAMPLE.COM").expect("email"),
                display_name: None,
            },
            "h2",
        )
        .await
        .expect_err("duplicate");
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    assert!(err.to_string().contains("already exists"));
    // Nothing of the failed sign-up remains.
    assert_eq!(
        store.list_organizations().await.expect("orgs").len(),
        orgs_before
    );
}

async fn memberships_list_only_the_users_own_organizations(store: Arc<dyn Store>, _url: &str) {
    let (jane, jane_org) = store
        .sign_up(&new_user("jane@example.com"), "h")
        .await
        .expect("jane");
    let (bo, bo_org) = store
        .sign_up(&new_user("bo@example.com"), "h")
        .await
        .expect("bo");
    store
        .set_membership(OrgId(bo_org.id), jane.id, OrgRole::Viewer)
        .await
        .expect("invite");
    let janes: Vec<(String, OrgRole)> = store
        .memberships(jane.id)
        .await
        .expect("memberships")
        .into_iter()
        .map(|m| (m.organization.slug, m.role))
        .collect();
    assert_eq!(
        janes,
        vec![
            (jane_org.slug.clone(), OrgRole::Owner),
            (bo_org.slug.clone(), OrgRole::Viewer)
        ]
    );
    let bos = store.memberships(bo.id).await.expect("memberships");
    assert_eq!(bos.len(), 1);
    assert_eq!(bos[0].organization.id, bo_org.id);
    // Changing a role replaces it.
    store
        .set_membership(OrgId(bo_org.id), jane.id, OrgRole::Admin)
        .await
        .expect("promote");
    let janes = store.memberships(jane.id).await.expect("memberships");
    assert_eq!(janes[1].role, OrgRole::Admin);
}

on_both_engines!(
    sign_up_creates_a_personal_org_owned_by_the_user,
    an_email_registers_once_in_any_letter_case,
    memberships_list_only_the_users_own_organizations,
);
