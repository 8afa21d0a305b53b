// Answers whether a PostgreSQL server at the given URL accepts `select 1`; prints its version.
// Uses the project's own `pg` dependency, so it needs no PostgreSQL client on the machine.
// Usage: node .ci/pg-probe.mjs postgres://postgres@127.0.0.1:5432/postgres  (exit 0 = usable)
import pg from 'pg';

const url = process.argv[2];
if (!url) {
  console.error('usage: node .ci/pg-probe.mjs <postgres-url>');
  process.exit(2);
}

const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
try {
  await client.connect();
  const { rows } = await client.query('select 1 as ok, current_setting(\'server_version\') as version');
  if (rows[0]?.ok !== 1) throw new Error('select 1 did not answer 1');
  console.log(`PostgreSQL ${rows[0].version}`);
  await client.end();
} catch (error) {
  console.error(`no usable PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')}: ${error.message}`);
  await client.end().catch(() => {});
  process.exit(1);
}
