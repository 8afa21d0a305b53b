import { pgSchema } from 'drizzle-orm/pg-core';

/** The kernel's own tables live in the `platform` schema; each module has a schema of its own. */
export const platformSchema = pgSchema('platform');
