import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Crown, LogOut, MailPlus, MoreHorizontal, UserMinus, Users } from 'lucide-react';
import { useState } from 'react';
import { identity as contract } from '../../api/contracts.ts';
import { messageOf } from '../../api/client.ts';
import { useLeaveWorkspace, useMe, useWorkspace } from '../../app/current.ts';
import { Alert } from '../../ui/alert.tsx';
import { Avatar } from '../../ui/avatar.tsx';
import { Badge, type Tone } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { Card, CardHeader } from '../../ui/card.tsx';
import { ConfirmDialog, Dialog } from '../../ui/dialog.tsx';
import { Select, SelectField, TextField } from '../../ui/field.tsx';
import { formatDate, formatRelative } from '../../ui/format.ts';
import { useZodForm } from '../../ui/form.ts';
import { Menu, MenuContent, MenuItem, MenuTrigger } from '../../ui/menu.tsx';
import { PageHeader, useDocumentTitle } from '../../ui/page.tsx';
import { EmptyState, ErrorState, LoadingRows } from '../../ui/states.tsx';
import { useToast } from '../../ui/toast.tsx';
import { invitationsQuery, keys, meQuery, members as membersApi, membersQuery, workspaces, type AssignableRole, type Invitation, type Member, type Role } from './api.ts';
import { can, roleDescriptions, withArticle } from './permissions.ts';

export const roleTone: Record<Role, Tone> = { owner: 'accent', admin: 'success', member: 'neutral', viewer: 'neutral' };
const assignable = contract.assignableRoleSchema.options;

type Pending = { kind: 'remove' | 'transfer' | 'leave'; member: Member } | { kind: 'revoke'; invitation: Invitation } | null;

export function MembersPage() {
  const me = useMe();
  const workspace = useWorkspace();
  useDocumentTitle('Members', workspace.name);
  const queryClient = useQueryClient();
  const leaveWorkspace = useLeaveWorkspace();
  const toast = useToast();
  const manage = can(workspace, 'members:manage');
  const list = useQuery(membersQuery(workspace.id));
  const pending = useQuery({ ...invitationsQuery(workspace.id), enabled: manage });
  const [inviting, setInviting] = useState(false);
  const [confirming, setConfirming] = useState<Pending>(null);

  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: keys.members(workspace.id) }), queryClient.invalidateQueries({ queryKey: keys.invitations(workspace.id) })]);

  const changeRole = useMutation({
    mutationFn: ({ member, role }: { member: Member; role: AssignableRole }) => membersApi.changeRole(workspace.id, member.userId, { role }),
    onSuccess: async (_answer, { member, role }) => {
      await refresh();
      toast(`${member.name || member.email} is now ${withArticle(role)}`);
    },
    onError: (error) => toast(messageOf(error), 'error'),
  });

  const runConfirmed = async () => {
    if (!confirming) return;
    if (confirming.kind === 'revoke') {
      await membersApi.revokeInvitation(workspace.id, confirming.invitation.id);
      await refresh();
      toast(`Invitation to ${confirming.invitation.email} revoked`);
    } else if (confirming.kind === 'remove') {
      await membersApi.remove(workspace.id, confirming.member.userId);
      await refresh();
      toast(`${confirming.member.name || confirming.member.email} was removed`);
    } else if (confirming.kind === 'transfer') {
      await workspaces.transferOwnership(workspace.id, { userId: confirming.member.userId });
      await Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: meQuery.queryKey })]);
      toast(`${confirming.member.name || confirming.member.email} now owns ${workspace.name}; you are an admin`);
    } else {
      await membersApi.remove(workspace.id, me.user.id);
      await leaveWorkspace(workspace.id);
      toast(`You left ${workspace.name}`);
    }
  };

  const memberCount = list.data?.items.length;
  return (
    <>
      <PageHeader
        title="Members"
        description={memberCount === undefined ? `People in ${workspace.name} and what they may do.` : `${memberCount} ${memberCount === 1 ? 'person has' : 'people have'} access to ${workspace.name}.`}
        actions={
          manage ? (
            <Button variant="primary" icon={<MailPlus aria-hidden="true" />} onClick={() => setInviting(true)}>
              Invite member
            </Button>
          ) : null
        }
      />

      <div className="space-y-6">
        <Card aria-labelledby="members-heading">
          <CardHeader id="members-heading" title="People" description={manage ? 'Change a role from the list; the owner changes only by handing over ownership.' : 'Only owners and admins can invite or change roles.'} />
          {list.isPending ? (
            <LoadingRows rows={3} label="Loading members" />
          ) : list.isError ? (
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          ) : list.data.items.length === 0 ? (
            <EmptyState icon={<Users />} title="No members" />
          ) : (
            <ul className="divide-y divide-line">
              {list.data.items.map((member) => {
                const self = member.userId === me.user.id;
                const canTransfer = workspace.role === 'owner' && !self;
                const canRemove = manage && !self && member.role !== 'owner';
                const canLeave = self && member.role !== 'owner';
                return (
                  <li key={member.userId} className="flex flex-wrap items-center gap-x-4 gap-y-3 px-5 py-3.5">
                    <div className="flex min-w-0 flex-1 basis-56 items-center gap-3">
                      <Avatar name={member.name || member.email} />
                      <div className="min-w-0">
                        <p className="flex items-center gap-2 truncate text-sm font-medium text-ink">
                          {member.name || member.email.split('@')[0]}
                          {self ? <Badge>You</Badge> : null}
                        </p>
                        <p className="truncate text-[13px] text-ink-3">{member.email}</p>
                      </div>
                    </div>
                    <p className="hidden text-[13px] text-ink-3 md:block">Joined {formatDate(member.joinedAt)}</p>
                    <div className="flex items-center gap-2">
                      {manage && !self && member.role !== 'owner' ? (
                        <Select
                          aria-label={`Role of ${member.name || member.email}`}
                          className="w-32"
                          value={member.role}
                          disabled={changeRole.isPending && changeRole.variables.member.userId === member.userId}
                          onChange={(event) => changeRole.mutate({ member, role: event.target.value as AssignableRole })}
                        >
                          {assignable.map((role) => (
                            <option key={role} value={role}>
                              {role.charAt(0).toUpperCase() + role.slice(1)}
                            </option>
                          ))}
                        </Select>
                      ) : (
                        <Badge tone={roleTone[member.role]} className="capitalize">
                          {member.role === 'owner' ? <Crown className="size-3" aria-hidden="true" /> : null}
                          {member.role}
                        </Badge>
                      )}
                      {canTransfer || canRemove || canLeave ? (
                        <Menu>
                          <MenuTrigger asChild>
                            <Button variant="ghost" size="icon" aria-label={`Actions for ${member.name || member.email}`}>
                              <MoreHorizontal aria-hidden="true" />
                            </Button>
                          </MenuTrigger>
                          <MenuContent>
                            {canTransfer ? (
                              <MenuItem onSelect={() => setConfirming({ kind: 'transfer', member })}>
                                <Crown aria-hidden="true" />
                                Make owner
                              </MenuItem>
                            ) : null}
                            {canRemove ? (
                              <MenuItem destructive onSelect={() => setConfirming({ kind: 'remove', member })}>
                                <UserMinus aria-hidden="true" />
                                Remove from workspace
                              </MenuItem>
                            ) : null}
                            {canLeave ? (
                              <MenuItem destructive onSelect={() => setConfirming({ kind: 'leave', member })}>
                                <LogOut aria-hidden="true" />
                                Leave workspace
                              </MenuItem>
                            ) : null}
                          </MenuContent>
                        </Menu>
                      ) : (
                        <span className="size-9" aria-hidden="true" />
                      )}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </Card>

        {manage ? (
          <Card aria-labelledby="invitations-heading">
            <CardHeader id="invitations-heading" title="Pending invitations" description="Invitations are valid for 7 days. A pending invitation takes a seat." />
            {pending.isPending ? (
              <LoadingRows rows={1} label="Loading invitations" />
            ) : pending.isError ? (
              <ErrorState error={pending.error} onRetry={() => void pending.refetch()} />
            ) : pending.data.items.length === 0 ? (
              <EmptyState icon={<MailPlus />} title="No pending invitations" className="py-8">
                People you invite appear here until they accept.
              </EmptyState>
            ) : (
              <ul className="divide-y divide-line">
                {pending.data.items.map((invitation) => (
                  <li key={invitation.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-3.5">
                    <div className="min-w-0 flex-1 basis-56">
                      <p className="truncate text-sm font-medium text-ink">{invitation.email}</p>
                      <p className="text-[13px] text-ink-3">
                        Invited {formatRelative(invitation.createdAt)} · expires {formatDate(invitation.expiresAt)}
                      </p>
                    </div>
                    <Badge tone={roleTone[invitation.role]} className="capitalize">
                      {invitation.role}
                    </Badge>
                    <Button size="sm" variant="danger-ghost" onClick={() => setConfirming({ kind: 'revoke', invitation })}>
                      Revoke
                    </Button>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ) : null}
      </div>

      {/* Mounted whatever the role: a refusal must stay on screen when the page learns the role changed. */}
      <InviteDialog open={inviting} onOpenChange={setInviting} workspaceId={workspace.id} onInvited={refresh} />

      <ConfirmDialog
        open={confirming !== null}
        onOpenChange={(open) => !open && setConfirming(null)}
        {...confirmText(confirming, workspace.name)}
        onConfirm={runConfirmed}
      />
    </>
  );
}

function confirmText(pending: Pending, workspaceName: string): { title: string; description: string; confirmLabel: string; destructive: boolean } {
  if (!pending) return { title: '', description: '', confirmLabel: '', destructive: true };
  if (pending.kind === 'revoke') {
    return { title: `Revoke the invitation to ${pending.invitation.email}?`, description: 'The emailed link stops working. You can invite them again later.', confirmLabel: 'Revoke invitation', destructive: true };
  }
  const who = pending.member.name || pending.member.email;
  if (pending.kind === 'remove') {
    return { title: `Remove ${who}?`, description: `${who} loses access to ${workspaceName} at once, and their API keys here stop working.`, confirmLabel: 'Remove member', destructive: true };
  }
  if (pending.kind === 'transfer') {
    return {
      title: `Make ${who} the owner?`,
      description: `${who} becomes the owner of ${workspaceName}, with the right to delete it. You become an admin, and only the new owner can give ownership back.`,
      confirmLabel: 'Transfer ownership',
      destructive: true,
    };
  }
  return { title: `Leave ${workspaceName}?`, description: 'You lose access at once. To come back, someone has to invite you again.', confirmLabel: 'Leave workspace', destructive: true };
}

function InviteDialog({ open, onOpenChange, workspaceId, onInvited }: { open: boolean; onOpenChange: (open: boolean) => void; workspaceId: string; onInvited: () => Promise<unknown> }) {
  const toast = useToast();
  const form = useZodForm(contract.inviteRequest, { email: '', role: 'member' }, { email: 'Email', role: 'Role' });
  const close = (next: boolean) => {
    if (!next) form.reset();
    onOpenChange(next);
  };
  const submit = form.handleSubmit(async (body) => {
    const invitation = await membersApi.invite(workspaceId, body);
    await onInvited();
    close(false);
    toast(`Invitation sent to ${invitation.email}`);
  });
  return (
    <Dialog open={open} onOpenChange={close} title="Invite a member" description="They get an email with a link to join. It is valid for 7 days.">
      <form ref={form.formRef} onSubmit={submit} noValidate className="space-y-4">
        <TextField label="Email" type="email" autoComplete="off" placeholder="name@company.com" autoFocus required {...form.field('email')} />
        <SelectField label="Role" description={roleDescriptions[form.values.role as AssignableRole]} value={form.values.role} onChange={(event) => form.set('role', event.target.value as AssignableRole)} name="role">
          {assignable.map((role) => (
            <option key={role} value={role}>
              {role.charAt(0).toUpperCase() + role.slice(1)}
            </option>
          ))}
        </SelectField>
        {form.failure ? (
          <Alert tone="error" title="The invitation was not sent">
            {messageOf(form.failure)}
          </Alert>
        ) : null}
        <div className="flex flex-col-reverse gap-2 pt-1 sm:flex-row sm:justify-end">
          <Button onClick={() => close(false)}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.submitting}>
            Send invitation
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
