import { describe, expect, it } from 'vitest';
import { bufferPageViews, maxPendingViews, type PageView } from './page-views.ts';

const view: PageView = { workspaceId: 'w', siteId: 's', path: '/bakery/', referrerHost: null, device: 'desktop', occurredAt: new Date(0) };

describe('the page-view buffer', () => {
  it('drops new views beyond its cap while a write is stuck, counting the batches being written', async () => {
    const written: PageView[][] = [];
    let release: () => void = () => undefined;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const views = bufferPageViews(async (batch) => {
      await stuck;
      written.push(batch);
    });
    for (let index = 0; index < maxPendingViews + 5_000; index++) views.record(view);
    release();
    await views.flush();
    expect(written.flat()).toHaveLength(maxPendingViews);

    // Once written, there is room again.
    views.record(view);
    await views.flush();
    expect(written.flat()).toHaveLength(maxPendingViews + 1);
  });
});
