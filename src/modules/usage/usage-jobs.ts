import { z } from 'zod';
import { defineJob, defineSchedule } from '../../platform/jobs/define-job.ts';
import { defineSubscriber, on } from '../../platform/events/subscriber.ts';
import { userEmailVerified, workspaceCreated, workspaceDeleted } from '../identity/index.ts';
import { createUsage } from './usage-services.ts';
import { assignStartingPlan, stopAllowances, unlockAllowances } from './workspace-plans.ts';

/** Plans follow identity's facts: a new workspace starts free; a verified owner unlocks its allowance. */
export const planSubscriber = defineSubscriber({
  name: 'usage.plans',
  handlers: [
    on(workspaceCreated, async (event, tx) => {
      if (!event.workspaceId) return;
      const { createdBy, personal, creatorEmailVerified } = event.payload;
      await assignStartingPlan(tx, event.workspaceId, createdBy, { personal, ownerVerified: creatorEmailVerified }, event.occurredAt);
    }),
    on(userEmailVerified, async (event, tx) => {
      await unlockAllowances(tx, event.payload.userId);
    }),
    on(workspaceDeleted, async (event, tx) => {
      if (event.workspaceId) await stopAllowances(tx, event.workspaceId);
    }),
  ],
});

export const grantAllowances = defineJob('usage.grant-allowances', z.object({}), async (_payload, { db, config, logger }) => {
  const usage = createUsage(db, config);
  const granted = await usage.plans.grantDueAllowances(usage.ledger, (workspaceId, error) =>
    logger.error({ err: error, workspaceId }, 'could not grant the plan allowance; will try again'),
  );
  if (granted > 0) logger.info({ granted }, 'granted plan allowances');
});

export const expireCredits = defineJob('usage.expire-credits', z.object({}), async (_payload, { db, config, logger }) => {
  const expired = await createUsage(db, config).ledger.expireDue((grantId, error) => logger.error({ err: error, grantId }, 'could not expire a credit grant; will try again'));
  if (expired > 0) logger.info({ expired }, 'expired credit grants');
});

export const releaseTimedOutReservations = defineJob('usage.release-timed-out-reservations', z.object({}), async (_payload, { db, config, logger }) => {
  const released = await createUsage(db, config).ledger.releaseTimedOut((reservationId, error) =>
    logger.error({ err: error, reservationId }, 'could not release a timed-out reservation; will try again'),
  );
  if (released > 0) logger.warn({ released }, 'released credit reservations that were never settled');
});

export const usageSchedules = [
  // Every minute, so a verified owner sees the first allowance at once; the key makes reruns harmless.
  defineSchedule('usage.grant-allowances', '* * * * *', grantAllowances, {}),
  defineSchedule('usage.expire-credits', '*/5 * * * *', expireCredits, {}),
  defineSchedule('usage.release-timed-out-reservations', '*/5 * * * *', releaseTimedOutReservations, {}),
];
