import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { defineModule } from '../module.ts';

const dashboardModule = defineModule({
  name: 'dashboard-probe',
  async routes(app) {
    app.get('/whoami', async () => ({ private: true }));
  },
});

const publicModule = defineModule({
  name: 'public-probe',
  async publicRoutes(app) {
    app.get('/:slug/', async (request) => ({ page: (request.params as { slug: string }).slug }));
    app.post('/:slug/_echo', async (request) => ({ body: request.body }));
  },
});

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp([dashboardModule, publicModule]);
});
afterAll(() => test?.close());

describe('the public origin', () => {
  it("serves the modules' public routes at the root, and nothing of the API or the dashboard", async () => {
    const publicApp = test.publicApp;
    if (!publicApp) throw new Error('a module declares public routes, so there must be a public app');
    const page = await publicApp.inject({ method: 'GET', url: '/bakery/' });
    expect(page.json()).toEqual({ page: 'bakery' });
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await publicApp.inject({ method: 'GET', url: '/api/whoami' })).statusCode).toBe(404);
    expect((await publicApp.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode).toBe(404);
    expect((await test.app.inject({ method: 'GET', url: '/api/whoami' })).json()).toEqual({ private: true });
  });

  it('refuses bodies larger than a form needs, with the usual error shape', async () => {
    const response = await test.publicApp?.inject({ method: 'POST', url: '/bakery/_echo', payload: { text: 'x'.repeat(64 * 1024) } });
    expect(response?.statusCode).toBe(413);
    expect(response?.json().error.code).toBe('payload_too_large');
  });

  it('is not created when no module serves anything publicly', async () => {
    const plain = await createTestApp([dashboardModule]);
    try {
      expect(plain.publicApp).toBeNull();
    } finally {
      await plain.close();
    }
  });
});
