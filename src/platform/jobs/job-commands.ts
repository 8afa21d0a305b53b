import { CommandError, defineCommand, type CommandDefinition } from '../process/command.ts';

/** Operators' handles on the dead-letter queue. */
export const jobCommands: CommandDefinition[] = [
  defineCommand({
    name: 'jobs dead',
    usage: 'jobs dead',
    summary: 'List jobs that failed every attempt',
    async run({ jobs }) {
      const dead = await jobs.deadLetters();
      if (dead.length === 0) return 'No dead jobs';
      return dead
        .map((job) => `${job.id}  ${job.job}  ${job.attempts} attempts  ${job.failedAt.toISOString()}  ${JSON.stringify(job.error)}`)
        .join('\n');
    },
  }),
  defineCommand({
    name: 'jobs retry',
    usage: 'jobs retry <dead-job-id>',
    summary: 'Send a dead job back to its queue for another round of attempts',
    async run({ jobs }, [id]) {
      if (!id) throw new CommandError('usage: jobs retry <dead-job-id>');
      if (!(await jobs.retryDeadLetter(id))) throw new CommandError(`no dead job ${id}`);
      return `Job ${id} is queued again`;
    },
  }),
];
