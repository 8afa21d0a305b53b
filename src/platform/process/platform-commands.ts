import { defineCommand } from './command.ts';

export const migrateCommand = defineCommand({
  name: 'migrate',
  usage: 'migrate',
  summary: 'Apply pending database migrations',
  async run({ db }) {
    const pending = await db.pendingMigrations();
    await db.migrate();
    return pending === 0 ? 'Database is up to date; no migrations to apply' : `Applied ${pending} migration(s)`;
  },
});

export const platformCommands = [migrateCommand];
