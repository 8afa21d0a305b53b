import { z } from 'zod';
import { defineEvent } from '../../platform/events/define-event.ts';

/** The sites module's facts: ids and numbers, never the visitors' messages or the site's text. */
const id = z.uuid();

export const siteCreated = defineEvent('site.created', 1, z.object({ siteId: id, generationId: id }));
export const siteRevised = defineEvent('site.revised', 1, z.object({ siteId: id, revisionId: id, number: z.number().int(), cause: z.string() }));
export const sitePublished = defineEvent('site.published', 1, z.object({ siteId: id, revisionId: id, url: z.url() }));
export const siteUnpublished = defineEvent('site.unpublished', 1, z.object({ siteId: id }));
export const siteDeleted = defineEvent('site.deleted', 1, z.object({ siteId: id }));
export const siteFormSubmitted = defineEvent('site.form_submitted', 1, z.object({ siteId: id, submissionId: id, page: z.string() }));
