import { generationModule } from './modules/generation/index.ts';
import { identityModule } from './modules/identity/index.ts';
import { sitesModule } from './modules/sites/index.ts';
import { usageModule } from './modules/usage/index.ts';
import { webhooksModule } from './modules/webhooks/index.ts';
import { compose } from './platform/compose.ts';

/**
 * The composition root: every module of the product, in one list. Adding a module is one
 * folder under src/modules and one line here.
 */
export const atelier = compose([identityModule, usageModule, generationModule, sitesModule, webhooksModule]);
