import { index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const sitesSchema = pgSchema('sites');

const at = (name: string) => timestamp(name, { withTimezone: true });

/** A workspace's website: what it is called, where it lives publicly, which revision is current and which is published. */
export const sites = sitesSchema.table(
  'sites',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    name: text('name').notNull(),
    /** The public URL's path segment: unique on the sites origin, and it never changes once given. */
    slug: text('slug').notNull(),
    brief: text('brief').notNull(),
    /** Null until the first generation has written a revision. */
    currentRevisionId: uuid('current_revision_id'),
    publishedRevisionId: uuid('published_revision_id'),
    publishedAt: at('published_at'),
    /** The generation that builds (or last rebuilt part of) the site, for the progress view. */
    generationId: uuid('generation_id'),
    createdBy: uuid('created_by'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (table) => [uniqueIndex('sites_slug_idx').on(table.slug), index('sites_workspace_idx').on(table.workspaceId, table.createdAt)],
);

/** Every state a site's document has been in, append-only; the site points at one of them. */
export const revisions = sitesSchema.table(
  'revisions',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    siteId: uuid('site_id').notNull(),
    /** 1, 2, 3… per site. */
    number: integer('number').notNull(),
    document: jsonb('document').notNull(),
    /** The document's schema version as written; reading upgrades it, the row is never rewritten. */
    schemaVersion: integer('schema_version').notNull(),
    cause: text('cause', { enum: ['generated', 'edited', 'section_regenerated', 'section_added', 'reverted'] }).notNull(),
    authorId: uuid('author_id'),
    /** The revision this one was made from (null for the first). */
    basedOn: uuid('based_on'),
    /** For a revert, the revision whose document it restored. */
    revertedTo: uuid('reverted_to'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (table) => [uniqueIndex('revisions_site_number_idx').on(table.siteId, table.number)],
);

/** What visitors sent through a published site's contact form. */
export const formSubmissions = sitesSchema.table(
  'form_submissions',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    siteId: uuid('site_id').notNull(),
    page: text('page').notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    message: text('message').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (table) => [index('form_submissions_site_idx').on(table.siteId, table.createdAt)],
);

/** One view of a published page: no cookie, no IP address, just what the chart needs. */
export const pageViews = sitesSchema.table(
  'page_views',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    siteId: uuid('site_id').notNull(),
    path: text('path').notNull(),
    referrerHost: text('referrer_host'),
    device: text('device', { enum: ['desktop', 'tablet', 'phone', 'bot', 'other'] }).notNull(),
    occurredAt: at('occurred_at').notNull().defaultNow(),
  },
  (table) => [index('page_views_site_time_idx').on(table.siteId, table.occurredAt)],
);
