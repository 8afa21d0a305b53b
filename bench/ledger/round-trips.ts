/**
 * Counts the statements one call sends to PostgreSQL, at the driver: every `pg` client query is
 * one round trip (drizzle sends BEGIN and COMMIT as queries of their own), including what the
 * call leaves to run just after it returns (the dispatchers' wake-up after an autocommit
 * tenantCall). Nothing else may query meanwhile; the hook is removed before it returns.
 */
import pg from 'pg';

export async function countRoundTrips(work: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    const [first] = args;
    const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '?');
    statements.push(text.replaceAll(/\s+/g, ' ').trim());
    return original.apply(this, args);
  };
  try {
    await work();
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    prototype.query = original;
  }
  return statements;
}

/** `update "usage"."credit_balances" set …` → `update usage.credit_balances`: enough to tell the statements apart. */
export function statementHead(statement: string): string {
  const words = statement.replaceAll('"', '').split(' ');
  if (/^(begin|commit|rollback)$/i.test(words[0] ?? '')) return words[0]!.toLowerCase();
  if (/^select pg_notify/i.test(statement)) return 'select pg_notify (wake-up, one for all the calls in flight)';
  const called = /cross join lateral ([a-z_.]+)\(/i.exec(statement);
  if (called) return `select ${called[1]}(…) (tenantCall, autocommit)`;
  if (/^select$/i.test(words[0] ?? '') && /enter_workspace|set_config/.test(statement)) return 'select enter_workspace (tenant scope)';
  const target = words.findIndex((word) => /^(into|update|from)$/i.test(word));
  return `${(words[0] ?? '').toLowerCase()} ${target >= 0 ? (words[target + 1] ?? '') : words.slice(1, 3).join(' ')}`.trim();
}
