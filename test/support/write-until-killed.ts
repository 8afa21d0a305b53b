// Commits numbered rows one by one into the embedded database in DATA_DIR (argv[2]) and prints
// each number once its transaction has committed, until someone kills the process.
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/platform/db/open-database.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: write-until-killed.ts <data dir>');
const opened = await openDatabase({ DATA_DIR: dataDir, DATABASE_URL: undefined, DATABASE_POOL_SIZE: 1 });
await opened.db.migrate();
await opened.db.system((tx) => tx.execute(sql`create table if not exists public.crash_log (n integer primary key)`));
for (let n = 1; ; n++) {
  await opened.db.system((tx) => tx.execute(sql`insert into public.crash_log (n) values (${n})`));
  process.stdout.write(`${n}\n`);
}
