import type { AtelierModule } from './platform/module.ts';
import type { CommandDefinition } from './platform/process/command.ts';
import { platformCommands } from './platform/process/platform-commands.ts';

/**
 * The composition root: every module of the product, in one list. Adding a module is one
 * folder under src/modules and one line here.
 */
export const modules: readonly AtelierModule[] = [];

export const commands: readonly CommandDefinition[] = [
  ...platformCommands,
  ...modules.flatMap((module) => module.commands ?? []),
];
