import type { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client.ts';

/**
 * A refusal (403) or a vanished workspace (404) means what the page knows of the person's role is
 * out of date (someone changed it): fetch what the page shows again, so it then offers only what is allowed.
 */
export function refreshAfterRefusal(queryClient: QueryClient, error: unknown): void {
  // Everything on screen may be out of date (the role, the members list, the workspace itself).
  if (error instanceof ApiError && (error.status === 403 || error.status === 404)) void queryClient.invalidateQueries();
}
