import { useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { meQuery, type Me, type Workspace } from '../modules/identity/api.ts';

/** The signed-in person, inside the app (the app's route has made sure there is one). */
export function useMe(): Me {
  const { data } = useSuspenseQuery(meQuery);
  return data as Me;
}

/** The workspace of the page (`/w/$workspaceId/…`), with the person's live role and permissions in it. */
export function useWorkspace(): Workspace {
  const me = useMe();
  const { workspaceId } = useParams({ strict: false });
  const workspace = me.workspaces.find((candidate) => candidate.id === workspaceId);
  if (!workspace) throw new Error('This page is not in a workspace');
  return workspace;
}

export const lastWorkspaceKey = 'atelier-last-workspace';

/**
 * After leaving or deleting a workspace: go to another one (or to creating one), then forget
 * the old one, so no page of it renders against a workspace that is gone.
 */
export function useLeaveWorkspace() {
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async (workspaceId: string) => {
    const next = me.workspaces.find((candidate) => candidate.id !== workspaceId);
    try {
      if (localStorage.getItem(lastWorkspaceKey) === workspaceId) localStorage.removeItem(lastWorkspaceKey);
    } catch {
      // Storage is off: nothing was kept.
    }
    if (next) await navigate({ to: '/w/$workspaceId', params: { workspaceId: next.id } });
    else await navigate({ to: '/workspaces/new' });
    queryClient.removeQueries({ queryKey: ['workspace', workspaceId] });
    await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
  };
}
