import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { newId } from '../../platform/db/new-id.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { appendEvent } from '../../platform/events/append-event.ts';
import type { SiteDocument } from './contract.ts';
import { siteRevised } from './events.ts';
import { upgradeDocument } from './site-document.ts';
import { revisions, sites } from './sites.schema.ts';
import { pageOf } from '../../platform/db/page.ts';

export type SiteRow = typeof sites.$inferSelect;
export type RevisionRow = typeof revisions.$inferSelect;
export type RevisionCause = RevisionRow['cause'];

/** The sites tables' reads and writes; each runs in a transaction of the site's workspace. */
export const siteStore = {
  async find(tx: Tx, siteId: string): Promise<SiteRow> {
    const [site] = await tx.select().from(sites).where(eq(sites.id, siteId));
    if (!site) throw new AppError('not_found', 'No such site in this workspace');
    return site;
  },

  /** The site, locked until the transaction ends: edits of one site happen one after another. */
  async lock(tx: Tx, siteId: string): Promise<SiteRow> {
    const [site] = await tx.select().from(sites).where(eq(sites.id, siteId)).for('update');
    if (!site) throw new AppError('not_found', 'No such site in this workspace');
    return site;
  },

  async list(tx: Tx): Promise<SiteRow[]> {
    return tx.select().from(sites).orderBy(desc(sites.updatedAt));
  },

  async count(tx: Tx): Promise<number> {
    const [row] = await tx.select({ count: sql<number>`count(*)::int` }).from(sites);
    return row?.count ?? 0;
  },

  async revision(tx: Tx, siteId: string, revisionId: string): Promise<RevisionRow & { document: SiteDocument }> {
    const [row] = await tx.select().from(revisions).where(and(eq(revisions.siteId, siteId), eq(revisions.id, revisionId)));
    if (!row) throw new AppError('not_found', 'No such revision of this site');
    return { ...row, document: upgradeDocument(row.document) };
  },

  async revisions(tx: Tx, siteId: string, page: { limit: number; cursor?: number | undefined }) {
    const rows = await tx
      .select({ id: revisions.id, number: revisions.number, cause: revisions.cause, authorId: revisions.authorId, basedOn: revisions.basedOn, revertedTo: revisions.revertedTo, createdAt: revisions.createdAt })
      .from(revisions)
      .where(and(eq(revisions.siteId, siteId), page.cursor ? lt(revisions.number, page.cursor) : undefined))
      .orderBy(desc(revisions.number))
      .limit(page.limit + 1);
    return pageOf(rows, page.limit, (row) => row, (row) => String(row.number));
  },

  /**
   * Writes the site's next revision and makes it current (the site must be locked by the caller,
   * so numbers never collide); the site takes the document's name.
   */
  async append(tx: Tx, site: SiteRow, revision: { document: SiteDocument; cause: RevisionCause; authorId: string | null; revertedTo?: string | null }): Promise<RevisionRow> {
    const [last] = await tx.select({ number: sql<number>`coalesce(max(${revisions.number}), 0)::int` }).from(revisions).where(eq(revisions.siteId, site.id));
    const [row] = await tx
      .insert(revisions)
      .values({
        id: newId(),
        workspaceId: site.workspaceId,
        siteId: site.id,
        number: (last?.number ?? 0) + 1,
        document: revision.document,
        schemaVersion: revision.document.schemaVersion,
        cause: revision.cause,
        authorId: revision.authorId,
        basedOn: site.currentRevisionId,
        revertedTo: revision.revertedTo ?? null,
      })
      .returning();
    if (!row) throw new Error('the revision was not written');
    await tx.update(sites).set({ currentRevisionId: row.id, name: revision.document.name, updatedAt: new Date() }).where(eq(sites.id, site.id));
    await appendEvent(tx, siteRevised, { workspaceId: site.workspaceId, payload: { siteId: site.id, revisionId: row.id, number: row.number, cause: row.cause } });
    return row;
  },
};
