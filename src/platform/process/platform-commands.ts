import { defineCommand } from './command.ts';

export const migrateCommand = defineCommand({
  name: 'migrate',
  usage: 'migrate',
  summary: 'Apply pending database migrations',
  async run({ db }) {
    const applied = await db.migrate();
    return applied === 0 ? 'Database is up to date; no migrations to apply' : `Applied ${applied} migration(s)`;
  },
});

