import type { z } from 'zod';
import type * as contract from './contract.ts';
import type { apiKeys, invitations, sessions, users } from './identity.schema.ts';
import { permissionsOf, type PermissionMatrix, type Role } from './permissions.ts';
import type { WorkspaceRow } from './workspaces.ts';

/** Rows as the API shows them: ISO times, no hashes, never a secret except the one just made. */

export const userView = (row: typeof users.$inferSelect): z.infer<typeof contract.user> => ({
  id: row.id,
  email: row.email,
  name: row.name,
  emailVerified: row.emailVerifiedAt !== null,
  isOperator: row.isOperator,
  createdAt: row.createdAt.toISOString(),
});

/** `permissions` is what the caller may do here: their role's, or fewer when they call with an API key. */
export const workspaceView = (
  row: WorkspaceRow,
  role: Role,
  matrix: PermissionMatrix,
  permissions: ReadonlySet<string> = permissionsOf(matrix, role),
): z.infer<typeof contract.workspace> => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  role,
  permissions: [...permissions].sort(),
  createdAt: row.createdAt.toISOString(),
});

export const sessionView = (row: typeof sessions.$inferSelect, currentId: string | undefined): z.infer<typeof contract.session> => ({
  id: row.id,
  userAgent: row.userAgent,
  createdAt: row.createdAt.toISOString(),
  lastSeenAt: row.lastSeenAt.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
  current: row.id === currentId,
});

export const invitationView = (row: typeof invitations.$inferSelect): z.infer<typeof contract.invitation> => ({
  id: row.id,
  email: row.email,
  role: row.role,
  invitedBy: row.invitedBy,
  createdAt: row.createdAt.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
});

export const apiKeyView = (row: typeof apiKeys.$inferSelect): z.infer<typeof contract.apiKey> => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  permissions: row.permissions,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});
