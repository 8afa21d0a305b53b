import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { ApiError, request } from '../../api/client.ts';
import { identity as contract } from '../../api/contracts.ts';

/** Identity's API, typed from src/modules/identity/contract.ts: inputs are the schemas' inputs, answers their outputs. */

export type Me = z.output<typeof contract.me>;
export type User = z.output<typeof contract.user>;
export type Workspace = z.output<typeof contract.workspace>;
export type Member = z.output<typeof contract.member>;
export type Invitation = z.output<typeof contract.invitation>;
export type ApiKey = z.output<typeof contract.apiKey>;
export type Session = z.output<typeof contract.session>;
export type AuditEntry = z.output<typeof contract.auditEntry>;
export type Role = z.output<typeof contract.roleSchema>;
export type AssignableRole = z.output<typeof contract.assignableRoleSchema>;

const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const ws = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}`;

export const keys = {
  me: ['me'] as const,
  workspace: (workspaceId: string) => ['workspace', workspaceId] as const,
  members: (workspaceId: string) => ['workspace', workspaceId, 'members'] as const,
  invitations: (workspaceId: string) => ['workspace', workspaceId, 'invitations'] as const,
  apiKeys: (workspaceId: string) => ['workspace', workspaceId, 'api-keys'] as const,
  audit: (workspaceId: string) => ['workspace', workspaceId, 'audit'] as const,
  sessions: ['me', 'sessions'] as const,
};

/** The signed-in person and their workspaces; `null` when nobody is signed in. */
export const meQuery = queryOptions({
  queryKey: keys.me,
  queryFn: async (): Promise<Me | null> => {
    try {
      return await request('GET', '/api/me', { schema: contract.me });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 30_000,
});

export const auth = {
  signUp: (body: z.input<typeof contract.signUpRequest>) => request('POST', '/api/auth/signup', { body, schema: contract.signedIn }),
  logIn: (body: z.input<typeof contract.logInRequest>) => request('POST', '/api/auth/login', { body, schema: contract.signedIn }),
  logOut: () => request('POST', '/api/auth/logout'),
  verifyEmail: (token: string) => request('POST', '/api/auth/verify-email', { body: { token }, schema: z.object({ verified: z.literal(true) }) }),
  forgotPassword: (body: z.input<typeof contract.forgotPasswordRequest>) => request('POST', '/api/auth/forgot-password', { body, schema: z.object({ sent: z.literal(true) }) }),
  resetPassword: (body: z.input<typeof contract.resetPasswordRequest>) => request('POST', '/api/auth/reset-password', { body, schema: z.object({ reset: z.literal(true) }) }),
};

export const account = {
  updateProfile: (body: z.input<typeof contract.updateProfileRequest>) => request('PATCH', '/api/me', { body, schema: contract.user }),
  changePassword: (body: z.input<typeof contract.changePasswordRequest>) => request('POST', '/api/me/password', { body }),
  resendVerification: () => request('POST', '/api/me/verification-email', { schema: z.object({ sent: z.literal(true) }) }),
  revokeSession: (sessionId: string) => request('DELETE', `/api/me/sessions/${encodeURIComponent(sessionId)}`),
};

export const sessionsQuery = queryOptions({
  queryKey: keys.sessions,
  queryFn: () => request('GET', '/api/me/sessions', { schema: items(contract.session) }),
});

export const workspaces = {
  create: (body: z.input<typeof contract.createWorkspaceRequest>) => request('POST', '/api/workspaces', { body, schema: contract.workspace }),
  update: (workspaceId: string, body: z.input<typeof contract.updateWorkspaceRequest>) => request('PATCH', ws(workspaceId), { body, schema: contract.workspace }),
  remove: (workspaceId: string, body: z.input<typeof contract.deleteWorkspaceRequest>) => request('DELETE', ws(workspaceId), { body }),
  transferOwnership: (workspaceId: string, body: z.input<typeof contract.transferOwnershipRequest>) => request('POST', `${ws(workspaceId)}/transfer-ownership`, { body }),
};

export const membersQuery = (workspaceId: string) =>
  queryOptions({ queryKey: keys.members(workspaceId), queryFn: () => request('GET', `${ws(workspaceId)}/members`, { schema: items(contract.member) }) });

export const invitationsQuery = (workspaceId: string) =>
  queryOptions({ queryKey: keys.invitations(workspaceId), queryFn: () => request('GET', `${ws(workspaceId)}/invitations`, { schema: items(contract.invitation) }) });

export const members = {
  changeRole: (workspaceId: string, userId: string, body: z.input<typeof contract.changeRoleRequest>) => request('PATCH', `${ws(workspaceId)}/members/${encodeURIComponent(userId)}`, { body }),
  remove: (workspaceId: string, userId: string) => request('DELETE', `${ws(workspaceId)}/members/${encodeURIComponent(userId)}`),
  invite: (workspaceId: string, body: z.input<typeof contract.inviteRequest>) => request('POST', `${ws(workspaceId)}/invitations`, { body, schema: contract.invitation }),
  revokeInvitation: (workspaceId: string, invitationId: string) => request('DELETE', `${ws(workspaceId)}/invitations/${encodeURIComponent(invitationId)}`),
};

export const invitations = {
  preview: (token: string) => request('POST', '/api/invitations/preview', { body: { token }, schema: contract.invitationPreview }),
  accept: (token: string) => request('POST', '/api/invitations/accept', { body: { token }, schema: contract.workspace }),
};

export const apiKeysQuery = (workspaceId: string) =>
  queryOptions({ queryKey: keys.apiKeys(workspaceId), queryFn: () => request('GET', `${ws(workspaceId)}/api-keys`, { schema: items(contract.apiKey) }) });

export const apiKeys = {
  create: (workspaceId: string, body: z.input<typeof contract.createApiKeyRequest>) => request('POST', `${ws(workspaceId)}/api-keys`, { body, schema: contract.apiKeyCreated }),
  revoke: (workspaceId: string, apiKeyId: string) => request('DELETE', `${ws(workspaceId)}/api-keys/${encodeURIComponent(apiKeyId)}`),
};

const auditPage = contract.page(contract.auditEntry);

export const auditQuery = (workspaceId: string, limit = 8) =>
  queryOptions({
    queryKey: [...keys.audit(workspaceId), limit],
    queryFn: () => request('GET', `${ws(workspaceId)}/audit`, { query: { limit }, schema: auditPage }),
  });

export const operatorWorkspacesQuery = (search: string) =>
  infiniteQueryOptions({
    queryKey: ['operator', 'workspaces', search],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => request('GET', '/api/operator/workspaces', { query: { search, cursor: pageParam, limit: 25 }, schema: contract.page(contract.operatorWorkspace) }),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const operatorUsersQuery = (search: string) =>
  infiniteQueryOptions({
    queryKey: ['operator', 'users', search],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => request('GET', '/api/operator/users', { query: { search, cursor: pageParam, limit: 25 }, schema: contract.page(contract.operatorUser) }),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
