//! The members page: who belongs to the organization with which role, pending
//! invitations, seats against the plan, and (for owners and admins) inviting, changing
//! roles and removing people.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::members::{
    get_members, ChangeMemberRole, InviteMember, LeaveOrganization, RemoveMember, RevokeInvitation,
};
use crate::domain::accounts::OrgRole;
use crate::domain::format;
use crate::domain::members::{InvitationRow, MemberRow, MembersOverview};
use crate::i18n::{lang_of, td_string};
use crate::ui::components::forms::{
    action_error, load_page_on_success, FormError, DANGER_BUTTON, INPUT_CLASS, PRIMARY_BUTTON,
    SECONDARY_BUTTON,
};
use crate::ui::components::{Loaded, UsageBar};
use crate::words::text::{role_label, use_locale};

#[component]
pub fn MembersPage() -> impl IntoView {
    let locale = use_locale();
    let invite = ServerAction::<InviteMember>::new();
    let revoke = ServerAction::<RevokeInvitation>::new();
    let change = ServerAction::<ChangeMemberRole>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let leave = ServerAction::<LeaveOrganization>::new();
    load_page_on_success(leave, Some("/".to_string()));
    // Every change refetches the list.
    let members = Resource::new(
        move || {
            (
                invite.version().get(),
                revoke.version().get(),
                change.version().get(),
                remove.version().get(),
            )
        },
        |_| get_members(),
    );
    let errors = move || {
        [
            action_error(revoke).get(),
            action_error(change).get(),
            action_error(remove).get(),
            action_error(leave).get(),
        ]
        .into_iter()
        .flatten()
        .next()
    };
    view! {
        <main data-testid="members-page" class="mx-auto max-w-6xl px-4 py-6">
            <h1 class="text-2xl font-semibold">{td_string!(locale, members.title)}</h1>
            <FormError message=Signal::derive(errors) />
            <Loaded data=members loading=td_string!(locale, common.loading) body=move |data| view! { <MembersBody data invite revoke change remove leave /> } />
        </main>
    }
}

#[component]
fn MembersBody(
    data: MembersOverview,
    invite: ServerAction<InviteMember>,
    revoke: ServerAction<RevokeInvitation>,
    change: ServerAction<ChangeMemberRole>,
    remove: ServerAction<RemoveMember>,
    leave: ServerAction<LeaveOrganization>,
) -> impl IntoView {
    let locale = use_locale();
    let can_manage = data.can_manage;
    let rows = data
        .members
        .iter()
        .cloned()
        .map(|member| view! { <MemberTableRow member can_manage change remove leave /> })
        .collect_view();
    let invitations = data.invitations.clone();
    view! {
        <p class="mt-1 text-sm text-slate-700">
            <span class="font-medium">{data.org_name.clone()}</span>
            " · "
            {td_string!(locale, members.plan, plan = data.plan_name.clone())}
        </p>
        <div class="mt-4 max-w-md">
            <UsageBar meter=data.seats.clone() />
        </div>
        {can_manage.then(|| view! { <InviteForm invite /> })}
        <section aria-labelledby="members-heading" class="mt-6">
            <h2 id="members-heading" class="text-lg font-semibold">
                {td_string!(locale, members.people)}
            </h2>
            <div tabindex="0" class="mt-2 overflow-x-auto scroll-cue rounded-lg border border-slate-200 bg-white">
                <table data-testid="members-table" class="w-full text-left text-sm">
                    <thead class="hidden bg-slate-50 text-slate-700 sm:table-header-group">
                        <tr>
                            <th scope="col" class="px-3 py-2 font-medium">{td_string!(locale, members.person)}</th>
                            <th scope="col" class="px-3 py-2 font-medium">{td_string!(locale, members.role)}</th>
                            <th scope="col" class="hidden px-3 py-2 font-medium sm:table-cell">{td_string!(locale, members.joined)}</th>
                            <th scope="col" class="px-3 py-2 font-medium">
                                <span class="sr-only">{td_string!(locale, members.actions)}</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="invitations-heading" class="mt-6">
            <h2 id="invitations-heading" class="text-lg font-semibold">
                {td_string!(locale, members.pending)}
            </h2>
            {if invitations.is_empty() {
                view! { <p class="mt-2 text-sm text-slate-600">{td_string!(locale, members.no_pending)}</p> }
                    .into_any()
            } else {
                view! { <InvitationTable invitations can_manage revoke /> }.into_any()
            }}
        </section>
    }
}

#[component]
fn MemberTableRow(
    member: MemberRow,
    can_manage: bool,
    change: ServerAction<ChangeMemberRole>,
    remove: ServerAction<RemoveMember>,
    leave: ServerAction<LeaveOrganization>,
) -> impl IntoView {
    let locale = use_locale();
    // The email address once, unless the person has a name of their own.
    let (name, email_below) = match member.display_name.clone() {
        Some(name) if name != member.email => (name, Some(member.email.clone())),
        _ => (member.email.clone(), None),
    };
    let actions = if member.is_you {
        view! {
            <ActionForm action=leave>
                <button type="submit" data-testid="leave-org" class=DANGER_BUTTON>
                    {td_string!(locale, members.leave)}
                </button>
            </ActionForm>
        }
        .into_any()
    } else if can_manage {
        let user_id = member.user_id.to_string();
        let remove_id = user_id.clone();
        let select_id = format!("role-{user_id}");
        let select_label = td_string!(locale, members.role_of, email = member.email.clone());
        let current_role = member.role;
        view! {
            <div class="flex flex-wrap items-center gap-2">
                <ActionForm action=change attr:class="flex items-center gap-1">
                    <input type="hidden" name="user_id" value=user_id.clone() />
                    <label class="sr-only" for=select_id.clone()>
                        {select_label.clone()}
                    </label>
                    <select
                        id=select_id.clone()
                        name="role"
                        data-testid="role-select"
                        class=format!("{INPUT_CLASS} !mt-0 !w-auto !py-1 text-sm")
                    >
                        <RoleOptions selected=current_role />
                    </select>
                    <button type="submit" data-testid="change-role" class=SECONDARY_BUTTON>
                        {td_string!(locale, members.change)}
                    </button>
                </ActionForm>
                <ActionForm action=remove>
                    <input type="hidden" name="user_id" value=remove_id.clone() />
                    <button type="submit" data-testid="remove-member" class=DANGER_BUTTON>
                        {td_string!(locale, members.remove)}
                    </button>
                </ActionForm>
            </div>
        }
        .into_any()
    } else {
        ().into_any()
    };
    view! {
        // On a phone a row is a small card: the person on one line, role and actions
        // below; from `sm` up, a table row.
        <tr
            class="flex flex-wrap items-center border-t border-slate-200 sm:table-row sm:align-top"
            data-testid="member-row"
        >
            <td class="w-full px-3 pt-2 sm:w-auto sm:py-2">
                <span class="font-medium text-slate-900 [overflow-wrap:anywhere]">{name}</span>
                {member.is_you.then(|| view! { <span class="ml-1 text-xs text-slate-600">{td_string!(locale, members.you)}</span> })}
                {email_below.map(|email| view! {
                    <span class="block text-xs text-slate-600 [overflow-wrap:anywhere]">{email}</span>
                })}
            </td>
            <td class="px-3 py-2 text-slate-700" data-testid="member-role">{role_label(member.role, locale)}</td>
            <td class="hidden px-3 py-2 text-slate-700 sm:table-cell">
                {format::date(member.joined_at.date_naive(), lang_of(locale))}
            </td>
            <td class="px-3 py-2">{actions}</td>
        </tr>
    }
}

#[component]
fn RoleOptions(selected: OrgRole) -> impl IntoView {
    let locale = use_locale();
    OrgRole::ALL
        .into_iter()
        .map(|role| {
            view! {
                <option value=format!("{role:?}") selected=role == selected>
                    {role_label(role, locale)}
                </option>
            }
        })
        .collect_view()
}

#[component]
fn InviteForm(invite: ServerAction<InviteMember>) -> impl IntoView {
    let locale = use_locale();
    // Without JavaScript the server sends the new link back in the address.
    let query = use_query_map();
    let link = move || {
        invite
            .value()
            .with(|v| {
                v.as_ref()
                    .and_then(|r| r.as_ref().ok())
                    .map(|c| c.link.clone())
            })
            .or_else(|| query.read().get("invitation_link"))
    };
    view! {
        <section aria-labelledby="invite-heading" class="mt-6 rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="invite-heading" class="text-lg font-semibold">
                {td_string!(locale, members.invite)}
            </h2>
            <p class="text-sm text-slate-600">
                {td_string!(locale, members.invite_intro)}
            </p>
            <ActionForm action=invite attr:class="mt-3 flex flex-col gap-3 sm:flex-row sm:items-end">
                <label class="block grow text-sm font-medium text-slate-800">
                    {td_string!(locale, members.email)}
                    <input type="email" name="email" required data-testid="invite-email" class=INPUT_CLASS />
                </label>
                <label class="block text-sm font-medium text-slate-800">
                    {td_string!(locale, members.role)}
                    <select name="role" data-testid="invite-role" class=INPUT_CLASS>
                        <RoleOptions selected=OrgRole::Member />
                    </select>
                </label>
                <button type="submit" data-testid="invite-submit" class=PRIMARY_BUTTON>
                    {td_string!(locale, members.create_link)}
                </button>
            </ActionForm>
            <FormError message=action_error(invite) />
            {move || {
                link()
                    .map(|link| {
                        view! {
                            <div class="mt-3 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950">
                                <p class="font-medium">{td_string!(locale, members.created)}</p>
                                <input
                                    readonly
                                    data-testid="invitation-link"
                                    aria-label=td_string!(locale, members.invitation_link)
                                    class=format!("{INPUT_CLASS} font-mono text-xs")
                                    value=link
                                />
                            </div>
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn InvitationTable(
    invitations: Vec<InvitationRow>,
    can_manage: bool,
    revoke: ServerAction<RevokeInvitation>,
) -> impl IntoView {
    let locale = use_locale();
    let rows = invitations
        .into_iter()
        .map(|invitation| {
            view! {
                <tr class="border-t border-slate-200" data-testid="invitation-row">
                    <td class="px-3 py-2 [overflow-wrap:anywhere]">{invitation.email.clone()}</td>
                    <td class="px-3 py-2">{role_label(invitation.role, locale)}</td>
                    <td class="hidden px-3 py-2 sm:table-cell">
                        {format!(
                            "{} {} UTC",
                            format::date(invitation.expires_at.date_naive(), lang_of(locale)),
                            invitation.expires_at.format("%H:%M")
                        )}
                    </td>
                    <td class="px-3 py-2">
                        {can_manage
                            .then(|| {
                                view! {
                                    <ActionForm action=revoke>
                                        <input type="hidden" name="invitation_id" value=invitation.id.to_string() />
                                        <button type="submit" class=DANGER_BUTTON>
                                            {td_string!(locale, members.withdraw)}
                                        </button>
                                    </ActionForm>
                                }
                            })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div tabindex="0" class="mt-2 overflow-x-auto scroll-cue rounded-lg border border-slate-200 bg-white">
            <table data-testid="invitations-table" class="w-full text-left text-sm">
                <thead class="bg-slate-50 text-slate-700">
                    <tr>
                        <th scope="col" class="px-3 py-2 font-medium">{td_string!(locale, members.email)}</th>
                        <th scope="col" class="px-3 py-2 font-medium">{td_string!(locale, members.role)}</th>
                        <th scope="col" class="hidden px-3 py-2 font-medium sm:table-cell">{td_string!(locale, members.expires)}</th>
                        <th scope="col" class="px-3 py-2 font-medium"><span class="sr-only">{td_string!(locale, members.actions)}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
