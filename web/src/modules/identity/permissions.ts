import type { Workspace } from './api.ts';

/** What a permission allows, in a sentence: for the API key form. Unknown ones show their name. */
export const permissionLabels: Record<string, string> = {
  'workspace:read': 'See the workspace, its name and its plan',
  'workspace:manage': 'Rename the workspace and change its URL slug',
  'workspace:delete': 'Delete the workspace',
  'workspace:transfer': 'Hand ownership to another member',
  'members:read': 'See who is a member, and their roles',
  'members:manage': 'Invite, remove and change the roles of members',
  'api_keys:manage': 'Create, list and revoke API keys',
  'audit:read': "Read the workspace's audit trail",
  'usage:read': 'See credits, the ledger, the plan and usage history',
  'billing:manage': 'Change the plan and buy credits',
  'generation:run': 'Start and cancel AI generations (they spend credits)',
  'generation:read': 'See generations, tasks, models and provider settings',
  'generation:configure': "Choose the workspace's models and store its own provider keys",
  'sites:read': 'See sites, their revisions, previews and form submissions',
  'sites:edit': 'Create sites from prompts, edit, regenerate sections and revert',
  'sites:publish': 'Publish, unpublish and delete sites',
  'webhooks:manage': 'Register webhook endpoints, see their delivery log, resend and recover deliveries',
};

export const roleDescriptions = {
  owner: 'Everything, including deleting the workspace and handing it on',
  admin: 'Manage members, API keys, settings and billing',
  member: 'Use the workspace and see its credits and usage',
  viewer: 'See the workspace and its members, change nothing',
} as const;

/** Whether the signed-in person may do `permission` here. The server checks again: this only hides what would be refused. */
export const can = (workspace: Pick<Workspace, 'permissions'> | undefined, permission: string) => workspace?.permissions.includes(permission) ?? false;

/** "an owner", "an admin", "a member", "a viewer". */
export const withArticle = (role: string) => `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;
