import { Validator } from '@seriousme/openapi-schema-validator';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { AppError } from '../errors/app-error.ts';
import { defineModule } from '../module.ts';

const metricsToken = 'metrics-token-metrics-token-metrics-token';

const probeModule = defineModule({
  name: 'probe',
  async routes(app) {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.post(
      '/echo',
      {
        schema: {
          summary: 'Echo a greeting',
          body: z.object({ name: z.string().min(1), count: z.number().int().positive() }),
          response: { 200: z.object({ greeting: z.string() }) },
        },
      },
      async (request) => ({ greeting: `${request.body.count}× hello ${request.body.name}` }),
    );
    routes.get('/boom', async () => {
      throw new Error('select * from identity.users where password_hash = $1 failed');
    });
    // What the drivers throw for a NUL in text (22021) or in jsonb (22P05), under a query wrapper.
    routes.get<{ Params: { sqlState: string } }>('/unstorable/:sqlState', async (request) => {
      const driverError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: request.params.sqlState });
      throw new Error('Failed query: insert into sites.form_submissions …', { cause: driverError });
    });
    routes.get('/limited', async () => {
      throw new AppError('limit_reached', 'Your plan allows 3 sites', { limit: 'sites', current: 3, max: 3 });
    });
  },
});

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp([probeModule], { BODY_LIMIT_BYTES: 1024, METRICS_TOKEN: metricsToken });
});
afterAll(() => test?.close());

describe('errors', () => {
  it('lists the failing fields of invalid input', async () => {
    const response = await test.app.inject({ method: 'POST', url: '/api/echo', payload: { name: '', count: 1.5 } });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.details.fields.map((field: { field: string }) => field.field).sort()).toEqual(['body.count', 'body.name']);
  });

  it('answers an unknown failure with a 500 carrying the request id and nothing else', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/api/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: { code: 'internal_error', message: 'Something went wrong on our side', details: { requestId: response.headers['x-request-id'] } },
    });
    expect(response.body).not.toMatch(/select|password|at .*\.ts/);
    expect(test.logs.text()).toContain('password_hash = $1 failed');
  });

  it('answers text the database cannot store (a NUL) with a 400 invalid_input, not a 500', async () => {
    for (const sqlState of ['22021', '22P05']) {
      const response = await test.app.inject({ method: 'GET', url: `/api/unstorable/${sqlState}` });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toEqual({ code: 'invalid_input', message: expect.stringMatching(/cannot be stored/) });
      expect(response.body).not.toMatch(/insert|UTF8/);
    }
  });

  it("turns a domain error into its status with the details the client can act on", async () => {
    const response = await test.app.inject({ method: 'GET', url: '/api/limited' });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({
      error: { code: 'limit_reached', message: 'Your plan allows 3 sites', details: { limit: 'sites', current: 3, max: 3 } },
    });
  });

  it('answers unknown routes with a 404 in the same shape', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/api/nothing-here?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /api/nothing-here' } });
  });

  it('refuses malformed JSON and oversized bodies with clear errors', async () => {
    const malformed = await test.app.inject({
      method: 'POST',
      url: '/api/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_input');

    const huge = await test.app.inject({ method: 'POST', url: '/api/echo', payload: { name: 'x'.repeat(2000), count: 1 } });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('payload_too_large');
  });
});

describe('every response', () => {
  it('carries a request id, keeping a harmless one the caller sent', async () => {
    const own = await test.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'caller-123' } });
    expect(own.headers['x-request-id']).toBe('caller-123');
    const hostile = await test.app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': '<script>' } });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('carries security headers', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('is logged once, with its request id', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'log-me-once' } });
    expect(response.statusCode).toBe(200);
    const lines = test.logs.lines().filter((line) => line.reqId === 'log-me-once');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request completed', statusCode: 200, route: '/healthz' });
  });
});

describe('health', () => {
  it('is alive and ready once migrated', async () => {
    expect((await test.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await test.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });
});

describe('the API reference', () => {
  it('is a valid OpenAPI 3.1 document describing the module routes', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/api/echo'].post.summary).toBe('Echo a greeting');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has a browsable page', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });
});

describe('/metrics', () => {
  it('reports request durations by route pattern and status to loopback', async () => {
    await test.app.inject({ method: 'POST', url: '/api/echo', payload: { name: 'metrics', count: 2 } });
    const response = await test.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/api\/echo",status_code="200"\} 1/);
  });

  it('is hidden from other addresses and from proxied requests unless they bring the token', async () => {
    const remote = await test.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' });
    expect(remote.statusCode).toBe(404);
    const proxied = await test.app.inject({ method: 'GET', url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.statusCode).toBe(404);
    const wrongToken = await test.app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '203.0.113.9',
      headers: { authorization: `Bearer ${metricsToken.replace('m', 'n')}` },
    });
    expect(wrongToken.statusCode).toBe(404);
    const withToken = await test.app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '203.0.113.9',
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    expect(withToken.statusCode).toBe(200);
  });
});
