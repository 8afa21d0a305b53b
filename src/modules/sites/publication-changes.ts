import { EventEmitter } from 'node:events';

/**
 * Tells this process's public origin at once that a site was published, unpublished or deleted,
 * so a member who publishes and opens the link sees it; other processes notice within their
 * lookup cache's two seconds.
 */
export const publicationChanges = new EventEmitter<{ changed: [slug: string] }>();
