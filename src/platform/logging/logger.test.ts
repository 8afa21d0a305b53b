import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../test/support/test-app.ts';
import { runWithContext } from '../context/request-context.ts';

describe('logs', () => {
  it('never carry passwords, tokens, cookies or authorization headers', () => {
    const { logger, text } = memoryLogger();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer atl_live_secret', cookie: 'session=s3ss10n', 'x-api-key': 'atl_key_secret' } },
        res: { headers: { 'set-cookie': 'session=n3w-s3ss10n' } },
        body: { email: 'ada@example.com', password: 'correct horse battery', token: 'reset-t0ken' },
        user: { credentials: { newPassword: 'n3w-passw0rd', apiKey: 'atl_nested_secret' } },
      },
      'signing up',
    );
    const output = text();
    for (const secret of ['atl_live_secret', 's3ss10n', 'atl_key_secret', 'n3w-s3ss10n', 'correct horse', 'reset-t0ken', 'n3w-passw0rd', 'atl_nested_secret']) {
      expect(output).not.toContain(secret);
    }
    expect(output).toContain('ada@example.com');
    expect(output).toContain('[redacted]');
  });

  it('carry the request, workspace and user ids of the work they belong to', () => {
    const { logger, lines } = memoryLogger();
    runWithContext({ requestId: 'req-1', workspaceId: 'ws-1', userId: 'user-1' }, () => logger.info('inside'));
    logger.info('outside');
    expect(lines()[0]).toMatchObject({ msg: 'inside', reqId: 'req-1', workspaceId: 'ws-1', userId: 'user-1' });
    expect(lines()[1]).not.toHaveProperty('reqId');
  });
});
