import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { queryRows } from '../../platform/db/tenancy.ts';
import type { Role } from './permissions.ts';

/**
 * The resolvers that find who a request is before any workspace is known (session and API-key
 * lookup, membership), through system(), each answer cached for a few seconds per process.
 * Revoking a session or key, removing a member or changing a role drops the entry here at once,
 * and other processes see it when their entry expires: within `cacheSeconds`.
 */
export const cacheSeconds = 5;

export interface SessionIdentity {
  sessionId: string;
  userId: string;
  email: string;
  name: string;
  isOperator: boolean;
  emailVerified: boolean;
}

export interface ApiKeyIdentity {
  apiKeyId: string;
  workspaceId: string;
  createdBy: string;
  permissions: readonly string[];
}

class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; until: number }>();
  readonly #ttlMs: number;
  /** Bumped by every delete: a load that was under way then may have read what was just revoked. */
  #generation = 0;
  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.#entries.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const generation = this.#generation;
    // Counted from before the read, so an answer is never kept longer than ttl after it was true.
    const until = Date.now() + this.#ttlMs;
    const value = await load();
    // Answer the request that asked, but do not keep an answer a revocation may have overtaken.
    if (generation !== this.#generation) return value;
    // Bounded: a flood of random tokens must not grow memory without end.
    if (this.#entries.size >= 50_000) this.#entries.clear();
    this.#entries.set(key, { value, until });
    return value;
  }
  delete(predicate: (key: string, value: V) => boolean): void {
    this.#generation++;
    for (const [key, entry] of this.#entries) if (predicate(key, entry.value)) this.#entries.delete(key);
  }
}

/**
 * Ids as the database returns them. Those the services are handed may come from a URL or a body,
 * where a UUID can arrive in capitals: PostgreSQL matches it all the same, so the cache must too.
 */
const canonical = (id: string) => id.toLowerCase();
const membershipKey = (workspaceId: string, userId: string) => `${canonical(workspaceId)}/${canonical(userId)}`;

export interface Directory {
  session(tokenHash: string): Promise<SessionIdentity | null>;
  apiKey(secretHash: string): Promise<ApiKeyIdentity | null>;
  /** The user's role in a live (not deleted) workspace, or null when not a member. */
  role(userId: string, workspaceId: string): Promise<Role | null>;
  forgetSessions(match: { userId?: string; sessionId?: string }): void;
  forgetApiKey(apiKeyId: string): void;
  forgetMembership(workspaceId: string, userId?: string): void;
  /** Records a use; the writes are batched (`flush`), not one per request. */
  touchSession(sessionId: string): void;
  touchApiKey(apiKeyId: string): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export const sessionIdleDays = 14;

export function createDirectory(db: Database, options: { flushMs?: number } = {}): Directory {
  const sessions = new TtlCache<SessionIdentity | null>(cacheSeconds * 1000);
  const keys = new TtlCache<ApiKeyIdentity | null>(cacheSeconds * 1000);
  const roles = new TtlCache<Role | null>(cacheSeconds * 1000);
  const touchedSessions = new Set<string>();
  const touchedKeys = new Set<string>();

  async function flush(): Promise<void> {
    const sessionIds = [...touchedSessions];
    const keyIds = [...touchedKeys];
    touchedSessions.clear();
    touchedKeys.clear();
    if (sessionIds.length === 0 && keyIds.length === 0) return;
    await db.system(async (tx) => {
      if (sessionIds.length > 0) {
        await tx.execute(sql`update identity.sessions set last_seen_at = now() where id = any(${sql.param(sessionIds)}::uuid[])`);
      }
      if (keyIds.length > 0) {
        await tx.execute(sql`update identity.api_keys set last_used_at = now() where id = any(${sql.param(keyIds)}::uuid[])`);
      }
    });
  }
  const timer = setInterval(() => void flush().catch(() => {}), options.flushMs ?? 10_000);
  timer.unref();

  return {
    session: (tokenHash) =>
      sessions.get(tokenHash, async () => {
        const [row] = await db.system((tx) =>
          queryRows<{ session_id: string; user_id: string; email: string; name: string; is_operator: boolean; verified: boolean }>(
            tx,
            sql`select s.id as session_id, u.id as user_id, u.email, u.name, u.is_operator, u.email_verified_at is not null as verified
                from identity.sessions s join identity.users u on u.id = s.user_id
                where s.token_hash = ${tokenHash} and s.revoked_at is null and s.expires_at > now()
                  and s.last_seen_at > now() - make_interval(days => ${sessionIdleDays})`,
          ),
        );
        return row
          ? { sessionId: row.session_id, userId: row.user_id, email: row.email, name: row.name, isOperator: row.is_operator, emailVerified: row.verified }
          : null;
      }),
    apiKey: (secretHash) =>
      keys.get(secretHash, async () => {
        const [row] = await db.system((tx) =>
          queryRows<{ id: string; workspace_id: string; created_by: string; permissions: string[] }>(
            tx,
            sql`select k.id, k.workspace_id, k.created_by, k.permissions
                from identity.api_keys k join identity.workspaces w on w.workspace_id = k.workspace_id
                where k.secret_hash = ${secretHash} and k.revoked_at is null and w.deleted_at is null`,
          ),
        );
        return row ? { apiKeyId: row.id, workspaceId: row.workspace_id, createdBy: row.created_by, permissions: row.permissions } : null;
      }),
    role: (userId, workspaceId) =>
      roles.get(membershipKey(workspaceId, userId), async () => {
        const [row] = await db.system((tx) =>
          queryRows<{ role: Role }>(
            tx,
            sql`select m.role from identity.memberships m join identity.workspaces w on w.workspace_id = m.workspace_id
                where m.user_id = ${userId} and m.workspace_id = ${workspaceId} and w.deleted_at is null`,
          ),
        );
        return row?.role ?? null;
      }),
    forgetSessions: ({ userId, sessionId }) => {
      const user = userId === undefined ? undefined : canonical(userId);
      const session = sessionId === undefined ? undefined : canonical(sessionId);
      sessions.delete((_key, value) => value !== null && (value.userId === user || value.sessionId === session));
    },
    forgetApiKey: (apiKeyId) => keys.delete((_key, value) => value?.apiKeyId === canonical(apiKeyId)),
    forgetMembership: (workspaceId, userId) => {
      const workspace = canonical(workspaceId);
      roles.delete((key) => (userId ? key === membershipKey(workspace, userId) : key.startsWith(`${workspace}/`)));
      if (!userId) keys.delete((_key, value) => value?.workspaceId === workspace);
    },
    touchSession: (sessionId) => void touchedSessions.add(sessionId),
    touchApiKey: (apiKeyId) => void touchedKeys.add(apiKeyId),
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
