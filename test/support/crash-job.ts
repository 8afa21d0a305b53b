import { z } from 'zod';
import { defineJob, type JobContext, type JobDefinition } from '../../src/platform/jobs/define-job.ts';

const payload = z.object({ n: z.number() });
export type CrashEffectPayload = z.output<typeof payload>;

/**
 * The crash test's job, with the same name and options in the test (which only enqueues) and in
 * test/support/crash-worker.ts (which runs it): a worker that dies is noticed after one missed
 * heartbeat, and its jobs are retried within a second or two.
 */
export function crashEffectJob(
  handle: (payload: CrashEffectPayload, context: JobContext) => Promise<void> = async () => {},
): JobDefinition<CrashEffectPayload> {
  return defineJob('test.crash-effect', payload, handle, {
    heartbeatSeconds: 10,
    retryLimit: 20,
    retryDelaySeconds: 1,
    expireInSeconds: 60,
  });
}
