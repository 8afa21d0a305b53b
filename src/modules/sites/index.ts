import { generationTasks } from '../generation/index.ts';
import { defineModule } from '../../platform/module.ts';
import { publishedSiteRoutes } from './published-sites.routes.ts';
import { siteTasks } from './site-tasks.ts';
import { siteRoutes } from './sites.routes.ts';

export * from './events.ts';

/**
 * The website generator: a site from a prompt (generation tasks), stored as append-only
 * revisions of a structured document, edited by small operations, rendered by one pure renderer
 * for preview and publishing, and served on the public origin with its contact form and beacon.
 */
export const sitesModule = defineModule({
  name: 'sites',
  routes: siteRoutes,
  publicRoutes: publishedSiteRoutes,
  permissions: [
    { name: 'sites:read', description: 'See sites, their revisions, previews and form submissions', roles: ['owner', 'admin', 'member', 'viewer'] },
    { name: 'sites:edit', description: 'Create sites from prompts, edit, regenerate sections and revert', roles: ['owner', 'admin', 'member'] },
    { name: 'sites:publish', description: 'Publish, unpublish and delete sites', roles: ['owner', 'admin'] },
  ],
  contributes: [generationTasks.provide(...siteTasks)],
});
