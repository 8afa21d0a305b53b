import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { catalogue, publicCatalogue } from './catalogue.ts';
import { generateSecret, signatureOf, signedHeaders } from './signature.ts';

describe('Standard Webhooks signatures', () => {
  it('signs `id.timestamp.body` with the secret bytes (the specification\'s own example)', () => {
    // From the Standard Webhooks specification's test vectors.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    expect(signatureOf(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('makes secrets of 24 random bytes and sends one signature per secret', () => {
    const [a, b] = [generateSecret(), generateSecret()];
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(a).not.toBe(b);
    const headers = signedHeaders([a, b], 'msg_1', 1700000000, '{}');
    const expected = (secret: string) => createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update('msg_1.1700000000.{}').digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected(a)} v1,${expected(b)}`);
    expect(headers).toMatchObject({ 'webhook-id': 'msg_1', 'webhook-timestamp': '1700000000', 'content-type': 'application/json' });
  });
});

describe('the public catalogue', () => {
  it('lists exactly the public events, each example valid against its schema', () => {
    expect(catalogue.map((entry) => entry.definition.type)).toEqual(['site.published', 'site.form_submitted', 'generation.succeeded', 'generation.failed', 'credits.low', 'member.joined']);
    for (const entry of catalogue) expect(() => entry.definition.schema.parse(entry.example), entry.definition.type).not.toThrow();
  });

  it('serves a JSON Schema per event that its example message satisfies', () => {
    const served = publicCatalogue();
    expect(served.version).toBe(1);
    for (const event of served.events) {
      expect(event.schema).toMatchObject({ type: 'object' });
      // The JSON Schema read back as zod accepts the example's data: the two agree.
      expect(z.fromJSONSchema(event.schema as never).safeParse(event.example.data).success, event.type).toBe(true);
      expect(event.example).toMatchObject({ type: event.type, timestamp: '2026-01-15T09:30:00.000Z' });
    }
  });
});
