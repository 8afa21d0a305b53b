import type { PermissionDefinition } from '../../platform/module.ts';

export const roles = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof roles)[number];

/** Roles an invitation or a role change may give: ownership only moves by transfer. */
export const assignableRoles = ['admin', 'member', 'viewer'] as const;
export type AssignableRole = (typeof assignableRoles)[number];

/** Identity's own permissions; every other module declares its own in its definition. */
export const identityPermissions: PermissionDefinition[] = [
  { name: 'workspace:read', description: 'See the workspace, its name and its plan', roles: ['owner', 'admin', 'member', 'viewer'] },
  { name: 'workspace:manage', description: 'Rename the workspace and change its URL slug', roles: ['owner', 'admin'] },
  { name: 'workspace:delete', description: 'Delete the workspace', roles: ['owner'] },
  { name: 'workspace:transfer', description: 'Hand ownership to another member', roles: ['owner'] },
  { name: 'members:read', description: 'See who is a member, and their roles', roles: ['owner', 'admin', 'member', 'viewer'] },
  { name: 'members:manage', description: 'Invite, remove and change the roles of members', roles: ['owner', 'admin'] },
  { name: 'api_keys:manage', description: 'Create, list and revoke API keys', roles: ['owner', 'admin'] },
  { name: 'audit:read', description: "Read the workspace's audit trail", roles: ['owner', 'admin'] },
];

export type PermissionMatrix = ReadonlyMap<Role, ReadonlySet<string>>;

/**
 * The one role → permission matrix, from every module's declarations. A declaration naming an
 * unknown role or declared twice stops the start-up: a typo must not silently grant nothing.
 */
export function composeMatrix(permissions: readonly PermissionDefinition[]): PermissionMatrix {
  const seen = new Set<string>();
  const matrix = new Map<Role, Set<string>>(roles.map((role) => [role, new Set<string>()]));
  for (const permission of permissions) {
    if (!/^[a-z_]+:[a-z_]+$/.test(permission.name)) throw new Error(`permission "${permission.name}" must look like "area:action"`);
    if (seen.has(permission.name)) throw new Error(`permission "${permission.name}" is declared twice`);
    seen.add(permission.name);
    for (const role of permission.roles) {
      const granted = matrix.get(role as Role);
      if (!granted) throw new Error(`permission "${permission.name}" names an unknown role "${role}" (roles: ${roles.join(', ')})`);
      granted.add(permission.name);
    }
  }
  return matrix;
}

export function permissionsOf(matrix: PermissionMatrix, role: Role): ReadonlySet<string> {
  return matrix.get(role) ?? new Set();
}
