import type { Config } from '../../platform/config/config.ts';
import type { Database } from '../../platform/db/database.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { Limits } from '../../platform/module.ts';
import type { Throttle } from '../../platform/throttle/throttle.ts';
import type { Directory } from './directory.ts';
import type { PermissionMatrix } from './permissions.ts';

/** What identity's use cases work with, built once per app (see identity-services.ts). */
export interface IdentityDeps {
  config: Config;
  db: Database;
  jobs: JobQueue;
  directory: Directory;
  throttle: Throttle;
  matrix: PermissionMatrix;
  /** Plan limits (seats), from the module that owns plans. */
  limits: Limits;
}
