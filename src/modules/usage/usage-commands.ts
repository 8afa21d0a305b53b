import { newId } from '../../platform/db/new-id.ts';
import { isUuid } from '../../platform/db/tenancy.ts';
import { CommandError, defineCommand, type CommandDefinition } from '../../platform/process/command.ts';
import { createUsage } from './usage-services.ts';

export const usageCommands: CommandDefinition[] = [
  defineCommand({
    name: 'credits grant',
    usage: 'credits grant <workspace-id> <amount> [reason]',
    summary: 'Give a workspace credits that never expire (an operator adjustment, in its ledger)',
    async run({ db, config }, [workspaceId, amount, ...reason]) {
      if (!workspaceId || !isUuid(workspaceId) || !amount || !/^\d+$/.test(amount) || Number(amount) <= 0) {
        throw new CommandError('usage: credits grant <workspace-id> <amount> [reason], with a positive whole amount');
      }
      const { balance } = await createUsage(db, config).ledger.grant(workspaceId.toLowerCase(), {
        amount: Number(amount),
        source: 'adjustment',
        key: `operator:${newId()}`,
        description: reason.length > 0 ? reason.join(' ') : 'operator adjustment',
      });
      return `Granted ${amount} credits to ${workspaceId}; its balance is ${balance}`;
    },
  }),
];
