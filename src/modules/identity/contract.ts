import { z } from 'zod';

/** Request and response shapes of identity's API, shared by the server and the web app. */

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { error: 'must be at most 254 characters' })
  .pipe(z.email({ error: 'must be an email address' }));
export const passwordSchema = z
  .string()
  .min(10, { error: 'must be at least 10 characters' })
  .max(200, { error: 'must be at most 200 characters' });
export const nameSchema = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(100, { error: 'must be at most 100 characters' })
  .regex(/^[^\p{Cc}]*$/u, { error: 'must be one line of text' });
export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/, { error: 'must be 3–40 lower-case letters, digits or dashes, not starting or ending with a dash' });
export const roleSchema = z.enum(['owner', 'admin', 'member', 'viewer']);
export const assignableRoleSchema = z.enum(['admin', 'member', 'viewer']);
export const tokenSchema = z.string().min(20).max(200);
export const uuidParam = z.uuid({ error: 'must be an id' });

export const signUpRequest = z.object({ email: emailSchema, password: passwordSchema, name: nameSchema.optional() });
export const logInRequest = z.object({ email: emailSchema, password: z.string().min(1).max(200) });
export const tokenRequest = z.object({ token: tokenSchema });
export const forgotPasswordRequest = z.object({ email: emailSchema });
export const resetPasswordRequest = z.object({ token: tokenSchema, password: passwordSchema });
export const changePasswordRequest = z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema });
export const changeEmailRequest = z.object({ email: emailSchema, password: z.string().min(1).max(200) });
export const updateProfileRequest = z.object({ name: nameSchema });

export const user = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  emailVerified: z.boolean(),
  isOperator: z.boolean(),
  createdAt: z.iso.datetime(),
});

export const workspace = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  role: roleSchema,
  permissions: z.array(z.string()),
  createdAt: z.iso.datetime(),
});

export const me = z.object({ user, workspaces: z.array(workspace) });
export const signedIn = z.object({ user, workspace: workspace.optional() });

export const session = z.object({
  id: z.uuid(),
  userAgent: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  current: z.boolean(),
});

export const createWorkspaceRequest = z.object({ name: nameSchema, slug: slugSchema.optional() });
export const updateWorkspaceRequest = z
  .object({ name: nameSchema.optional(), slug: slugSchema.optional() })
  .refine((value) => value.name !== undefined || value.slug !== undefined, { error: 'give a name or a slug' });
export const deleteWorkspaceRequest = z.object({ confirm: z.string() });

export const member = z.object({
  userId: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  joinedAt: z.iso.datetime(),
});
export const changeRoleRequest = z.object({ role: assignableRoleSchema });
export const transferOwnershipRequest = z.object({ userId: z.uuid() });

export const invitation = z.object({
  id: z.uuid(),
  email: z.string(),
  role: assignableRoleSchema,
  invitedBy: z.uuid(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export const inviteRequest = z.object({ email: emailSchema, role: assignableRoleSchema });
export const invitationPreview = z.object({
  workspaceName: z.string(),
  role: assignableRoleSchema,
  email: z.string(),
  invitedByName: z.string(),
  expiresAt: z.iso.datetime(),
});

export const apiKey = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  permissions: z.array(z.string()),
  createdBy: z.uuid(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export const createApiKeyRequest = z.object({
  name: nameSchema,
  permissions: z.array(z.string().regex(/^[a-z_]+:[a-z_]+$/)).min(1, { error: 'choose at least one permission' }).max(100),
});
export const apiKeyCreated = apiKey.extend({ secret: z.string() });

export const auditEntry = z.object({
  id: z.uuid(),
  type: z.string(),
  actor: z.string().nullable(),
  occurredAt: z.iso.datetime(),
  details: z.record(z.string(), z.unknown()),
});

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
export const searchQuery = pageQuery.extend({ search: z.string().trim().max(200).optional() });

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const operatorWorkspace = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  members: z.number().int(),
  createdAt: z.iso.datetime(),
  deletedAt: z.iso.datetime().nullable(),
});
export const operatorUser = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  emailVerified: z.boolean(),
  isOperator: z.boolean(),
  workspaces: z.number().int(),
  createdAt: z.iso.datetime(),
});
