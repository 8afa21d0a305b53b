import { defineModule } from '../../platform/module.ts';
import { generationRoutes } from './generation.routes.ts';
import { failAbandonedGenerations, generationSchedules, runGenerationJob } from './generation-jobs.ts';

export { defineSingleCallTask, defineTask, generationTasks, type ImageCall, type ModelCall, type SucceededGeneration, type TaskDefinition, type TaskRun } from './tasks.ts';
export { pictureFromWords } from './picture-from-words.ts';
export type { Picture } from './picture.ts';
export { generationParts, type GenerationParts } from './generation-parts.ts';
export { cancelGeneration, requestGeneration, type GenerationRequest } from './request-generation.ts';
export * from './events.ts';

/**
 * Every AI request of Atelier: a module names a task and its input for a workspace; this layer
 * picks the model, reserves credits, calls the provider, validates, retries, settles and records.
 * Modules plug their tasks in with `contributes: [generationTasks.provide(task)]`.
 */
export const generationModule = defineModule({
  name: 'generation',
  routes: generationRoutes,
  permissions: [
    { name: 'generation:run', description: 'Start and cancel AI generations (they spend credits)', roles: ['owner', 'admin', 'member'] },
    { name: 'generation:read', description: 'See generations, tasks, models and provider settings', roles: ['owner', 'admin', 'member', 'viewer'] },
    { name: 'generation:configure', description: "Choose the workspace's models and store its own provider keys", roles: ['owner', 'admin'] },
  ],
  jobs: [runGenerationJob, failAbandonedGenerations],
  schedules: generationSchedules,
});
