import { z } from 'zod';
import { defineJob, defineSchedule } from '../../platform/jobs/define-job.ts';
import { purgeDeletedWorkspacesIn } from './workspaces.ts';

/** Deleted workspaces are purged after their grace period; rows of identity's tables go with them. */
export const purgeDeletedWorkspaces = defineJob(
  'identity.purge-deleted-workspaces',
  z.object({}),
  async (_payload, { db, logger }) => {
    const purged = await purgeDeletedWorkspacesIn(db);
    if (purged > 0) logger.info({ purged }, 'purged deleted workspaces past their grace period');
  },
  { retryLimit: 2 },
);

export const purgeDeletedWorkspacesDaily = defineSchedule('identity.purge-deleted-workspaces', '11 4 * * *', purgeDeletedWorkspaces, {});
