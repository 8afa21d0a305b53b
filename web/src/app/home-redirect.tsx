import { Navigate } from '@tanstack/react-router';
import { lastWorkspaceKey, useMe } from './current.ts';

/** `/`: the workspace used last, else the first one, else the page to create one. */
export function HomeRedirect() {
  const me = useMe();
  let last: string | null = null;
  try {
    last = localStorage.getItem(lastWorkspaceKey);
  } catch {
    last = null;
  }
  const workspace = me.workspaces.find((candidate) => candidate.id === last) ?? me.workspaces[0];
  if (!workspace) return <Navigate to="/workspaces/new" replace />;
  return <Navigate to="/w/$workspaceId" params={{ workspaceId: workspace.id }} replace />;
}
