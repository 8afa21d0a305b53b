import { z } from 'zod';
import { defineEvent } from '../../platform/events/define-event.ts';
import { assignableRoleSchema, roleSchema } from './contract.ts';

/**
 * Identity's facts. Payloads carry ids and roles, never emails or names (DESIGN: deleting a
 * person must not require rewriting the log). The actor comes from the request context.
 */
const id = z.uuid();

export const userSignedUp = defineEvent('user.signed_up', 1, z.object({ userId: id }));
export const userEmailVerified = defineEvent('user.email_verified', 1, z.object({ userId: id }));
export const userPasswordChanged = defineEvent('user.password_changed', 1, z.object({ userId: id, reason: z.enum(['changed', 'reset']) }));
export const sessionRevoked = defineEvent('session.revoked', 1, z.object({ userId: id, sessionId: id }));
export const workspaceCreated = defineEvent('workspace.created', 1, z.object({ createdBy: id, personal: z.boolean(), creatorEmailVerified: z.boolean() }));
export const workspaceRenamed = defineEvent('workspace.renamed', 1, z.object({ nameChanged: z.boolean(), slugChanged: z.boolean() }));
export const workspaceDeleted = defineEvent('workspace.deleted', 1, z.object({ deletedBy: id, purgeAfter: z.iso.datetime() }));
export const memberInvited = defineEvent('member.invited', 1, z.object({ invitationId: id, role: assignableRoleSchema }));
export const invitationRevoked = defineEvent('member.invitation_revoked', 1, z.object({ invitationId: id }));
export const memberJoined = defineEvent('member.joined', 1, z.object({ userId: id, role: roleSchema, invitationId: id.optional() }));
export const memberRoleChanged = defineEvent('member.role_changed', 1, z.object({ userId: id, from: roleSchema, to: roleSchema }));
export const memberRemoved = defineEvent('member.removed', 1, z.object({ userId: id, left: z.boolean() }));
export const ownershipTransferred = defineEvent('workspace.ownership_transferred', 1, z.object({ from: id, to: id }));
export const apiKeyCreated = defineEvent('api_key.created', 1, z.object({ apiKeyId: id, permissions: z.array(z.string()) }));
export const apiKeyRevoked = defineEvent('api_key.revoked', 1, z.object({ apiKeyId: id }));
