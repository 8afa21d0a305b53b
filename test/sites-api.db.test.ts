import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, joinWorkspace, signUp, type SignedUpUser } from './support/identity-client.ts';
import { createTestApp, memoryLogger, type TestApp } from './support/test-app.ts';
import { atelier } from '../src/app.ts';
import { queryRows } from '../src/platform/db/tenancy.ts';
import { generationParts } from '../src/modules/generation/index.ts';
import { runGeneration } from '../src/modules/generation/run-generation.ts';
import { createUsage } from '../src/modules/usage/index.ts';

let test: TestApp;
let owner: SignedUpUser;
let viewer: SignedUpUser;
beforeAll(async () => {
  test = await createTestApp([...atelier.modules]);
  owner = await signUp(test.app, 'owner@example.com');
  viewer = await signUp(test.app, 'viewer@example.com');
  await joinWorkspace(test.app, test.database.db, owner.cookie, owner.workspaceId, viewer, 'viewer');
  await createUsage(test.database.db, {}).ledger.grant(owner.workspaceId, { amount: 1000, source: 'purchase', key: 'pack' });
});
afterAll(() => test?.close());

const base = () => `/api/workspaces/${owner.workspaceId}`;
const work = (generationId: string) =>
  runGeneration(generationParts(test.database.db, test.config, atelier.contributions), { generationId, workspaceId: owner.workspaceId }, { signal: new AbortController().signal, logger: memoryLogger('fatal').logger, lastAttempt: false });
const publicGet = (url: string) => {
  if (!test.publicApp) throw new Error('the sites module serves a public origin');
  return test.publicApp.inject({ method: 'GET', url });
};
const publicPost = (url: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  test.publicApp!.inject({ method: 'POST', url, payload: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, remoteAddress: '203.0.113.9' });

let siteId = '';
let slug = '';

describe('a site from a prompt', () => {
  it('answers at once with the site and its generation, then the generation writes revision 1', async () => {
    const created = await call(test.app, 'POST', `${base()}/sites`, { cookie: owner.cookie, body: { prompt: 'a bakery in Lisbon that sells sourdough and runs weekend baking classes' } });
    expect(created.statusCode).toBe(202);
    const { site, generation } = created.json();
    expect(site).toMatchObject({ status: 'generating', currentRevisionId: null, generationId: generation.id });
    expect(site.publicUrl).toBe(`${test.config.SITES_ORIGIN}/${site.slug}/`);
    expect(generation).toMatchObject({ task: 'site.generate', status: 'queued' });
    siteId = site.id;
    slug = site.slug;

    await work(generation.id);
    const done = (await call(test.app, 'GET', `${base()}/generations/${generation.id}`, { cookie: owner.cookie })).json();
    expect(done.error).toBeNull();
    expect(done.status).toBe("succeeded");
    // Every step's answer is on the record once, the last one too, and the totals are theirs.
    const attempts: { step: string; outcome: string; tokensIn: number; tokensOut: number }[] = done.attempts;
    expect(attempts.map((attempt) => attempt.step)).toEqual(['outline', ...attempts.slice(1).map(() => 'section')]);
    expect(attempts.length).toBeGreaterThan(2);
    expect(attempts.every((attempt) => attempt.outcome === 'succeeded')).toBe(true);
    expect(done.tokensIn).toBe(attempts.reduce((sum, attempt) => sum + attempt.tokensIn, 0));
    expect(done.tokensOut).toBe(attempts.reduce((sum, attempt) => sum + attempt.tokensOut, 0));
    const loaded = (await call(test.app, 'GET', `${base()}/sites/${siteId}`, { cookie: owner.cookie })).json();
    expect(loaded.site.status).toBe('draft');
    expect(loaded.revision).toMatchObject({ number: 1, cause: 'generated' });
    expect(JSON.stringify(loaded.document)).toMatch(/Lisbon/);
    expect(JSON.stringify(loaded.document)).toMatch(/sourdough/i);
    expect(JSON.stringify(loaded.document)).not.toMatch(/lorem/i);
  });

  it('keeps the free plan to its one site, with a clear 422', async () => {
    const second = await call(test.app, 'POST', `${base()}/sites`, { cookie: owner.cookie, body: { prompt: 'a yoga studio in Porto' } });
    expect(second.statusCode).toBe(422);
    expect(second.json().error).toMatchObject({ code: 'limit_reached', details: { limit: 'sites' } });
  });
});

describe('editing', () => {
  it('applies an edit made on the current revision, and refuses one made on a stale revision with 409', async () => {
    const loaded = (await call(test.app, 'GET', `${base()}/sites/${siteId}`, { cookie: owner.cookie })).json();
    const hero = loaded.document.pages[0].sections.find((section: { type: string }) => section.type === 'hero');
    const edit = (baseRevisionId: string, heading: string) =>
      call(test.app, 'POST', `${base()}/sites/${siteId}/edits`, { cookie: owner.cookie, body: { baseRevisionId, operations: [{ op: 'setField', sectionId: hero.id, path: 'heading', value: heading }] } });
    const first = await edit(loaded.revision.id, 'Bread worth waking up for');
    expect(first.statusCode).toBe(200);
    expect(first.json().revision).toMatchObject({ number: 2, cause: 'edited', basedOn: loaded.revision.id });
    const stale = await edit(loaded.revision.id, 'Someone else’s heading');
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details.currentRevisionId).toBe(first.json().revision.id);
    const now = (await call(test.app, 'GET', `${base()}/sites/${siteId}`, { cookie: owner.cookie })).json();
    expect(now.document.pages[0].sections.find((section: { id: string }) => section.id === hero.id).props.heading).toBe('Bread worth waking up for');
  });

  it('refuses an operation that does not apply, and a viewer, without writing a revision', async () => {
    const loaded = (await call(test.app, 'GET', `${base()}/sites/${siteId}`, { cookie: owner.cookie })).json();
    const bad = await call(test.app, 'POST', `${base()}/sites/${siteId}/edits`, { cookie: owner.cookie, body: { baseRevisionId: loaded.revision.id, operations: [{ op: 'removeSection', sectionId: 'nope' }] } });
    expect(bad.statusCode).toBe(400);
    const byViewer = await call(test.app, 'POST', `${base()}/sites/${siteId}/edits`, { cookie: viewer.cookie, body: { baseRevisionId: loaded.revision.id, operations: [{ op: 'renameSite', name: 'Mine now' }] } });
    expect(byViewer.statusCode).toBe(403);
    expect((await call(test.app, 'GET', `${base()}/sites/${siteId}`, { cookie: owner.cookie })).json().revision.number).toBe(loaded.revision.number);
  });

  it('answers a NUL in a text field, which PostgreSQL cannot store, with a 400 and writes no revision', async () => {
    const loaded = (await call(test.app, 'GET', `${base()}/sites/${siteId}`, { cookie: owner.cookie })).json();
    const hero = loaded.document.pages[0].sections.find((section: { type: string }) => section.type === 'hero');
    const edit = await call(test.app, 'POST', `${base()}/sites/${siteId}/edits`, {
      cookie: owner.cookie,
      body: { baseRevisionId: loaded.revision.id, operations: [{ op: 'setField', sectionId: hero.id, path: 'heading', value: 'Bread\u0000 worth waking up for' }] },
    });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/cannot be stored/) });
    expect((await call(test.app, 'GET', `${base()}/sites/${siteId}`, { cookie: owner.cookie })).json().revision.number).toBe(loaded.revision.number);
  });

  it('reverts to revision 1 as a new revision', async () => {
    const loaded = (await call(test.app, 'GET', `${base()}/sites/${siteId}`, { cookie: owner.cookie })).json();
    const history = (await call(test.app, 'GET', `${base()}/sites/${siteId}/revisions`, { cookie: owner.cookie })).json();
    const first = history.items.find((revision: { number: number }) => revision.number === 1);
    const reverted = await call(test.app, 'POST', `${base()}/sites/${siteId}/revert`, { cookie: owner.cookie, body: { baseRevisionId: loaded.revision.id, revisionId: first.id } });
    expect(reverted.json().revision).toMatchObject({ cause: 'reverted', revertedTo: first.id, number: loaded.revision.number + 1 });
    const original = (await call(test.app, 'GET', `${base()}/sites/${siteId}/revisions/${first.id}`, { cookie: owner.cookie })).json();
    expect(reverted.json().document).toEqual(original.document);
  });

  it('regenerates one section with an instruction and adds a generated section, each as a revision', async () => {
    const loaded = (await call(test.app, 'GET', `${base()}/sites/${siteId}`, { cookie: owner.cookie })).json();
    const target = loaded.document.pages[0].sections[1];
    const rewrite = await call(test.app, 'POST', `${base()}/sites/${siteId}/sections/${target.id}/regenerate`, { cookie: owner.cookie, body: { instruction: 'make it shorter' } });
    expect(rewrite.statusCode).toBe(202);
    await work(rewrite.json().id);
    const afterRewrite = (await call(test.app, 'GET', `${base()}/sites/${siteId}`, { cookie: owner.cookie })).json();
    expect(afterRewrite.revision.cause).toBe('section_regenerated');
    expect(afterRewrite.document.pages[0].sections[1].id).toBe(target.id);

    const page = afterRewrite.document.pages[0];
    const add = await call(test.app, 'POST', `${base()}/sites/${siteId}/pages/${page.id}/sections`, { cookie: owner.cookie, body: { type: 'faq', index: 1 } });
    expect(add.statusCode).toBe(202);
    await work(add.json().id);
    const afterAdd = (await call(test.app, 'GET', `${base()}/sites/${siteId}`, { cookie: owner.cookie })).json();
    expect(afterAdd.revision.cause).toBe('section_added');
    expect(afterAdd.document.pages[0].sections[1].type).toBe('faq');
    expect(afterAdd.document.pages[0].sections).toHaveLength(page.sections.length + 1);
  });
});

describe('publishing', () => {
  it('serves nothing until published, then the page from the public origin with a strict CSP; unpublish takes it down', async () => {
    expect((await publicGet(`/${slug}/`)).statusCode).toBe(404);
    const published = await call(test.app, 'POST', `${base()}/sites/${siteId}/publish`, { cookie: owner.cookie });
    expect(published.json()).toMatchObject({ status: 'published' });
    const page = await publicGet(`/${slug}/`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain(`frame-ancestors ${test.config.PUBLIC_URL}`);
    expect(page.body).toContain('Lisbon');
    const stylesheet = /<link[^>]+href="([^"]+\.css)"/.exec(page.body)?.[1];
    expect((await publicGet(stylesheet as string)).headers['content-type']).toContain('text/css');
    expect((await publicGet('/_atelier/site.js')).headers['cache-control']).toContain('immutable');
    expect((await test.app.inject({ method: 'GET', url: `/${slug}/` })).body).not.toContain('Lisbon');

    await call(test.app, 'POST', `${base()}/sites/${siteId}/unpublish`, { cookie: owner.cookie });
    expect((await publicGet(`/${slug}/`)).statusCode).toBe(404);
    await call(test.app, 'POST', `${base()}/sites/${siteId}/publish`, { cookie: owner.cookie });
  });

  it('stores a contact form submission for members, drops a bot’s quietly, and throttles a flood', async () => {
    const form = { name: 'Rita', email: 'rita@example.com', message: 'Do you have spots in Saturday’s class?', website: '', page: '', section: 's1' };
    const sent = await publicPost(`/${slug}/_contact`, form);
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/${slug}/#contact-sent-s1`);
    expect((await publicPost(`/${slug}/_contact`, { ...form, website: 'http://spam.example' })).statusCode).toBe(303);
    const bad = await publicPost(`/${slug}/_contact`, { ...form, email: 'not an email' }, { accept: 'application/json' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('email');

    const submissions = (await call(test.app, 'GET', `${base()}/sites/${siteId}/submissions`, { cookie: viewer.cookie })).json();
    expect(submissions.items).toEqual([expect.objectContaining({ name: 'Rita', email: 'rita@example.com', message: form.message })]);

    const withNul = { ...form, message: 'Hello\u0000 there' };
    const refused = await publicPost(`/${slug}/_contact`, withNul, { accept: 'application/json' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'invalid_input', details: { fields: [expect.objectContaining({ field: 'message' })] } });
    const refusedPlain = await publicPost(`/${slug}/_contact`, withNul);
    expect(refusedPlain.statusCode).toBe(303);
    expect(refusedPlain.headers.location).toBe(`/${slug}/#contact-failed-s1`);
    expect((await call(test.app, 'GET', `${base()}/sites/${siteId}/submissions`, { cookie: viewer.cookie })).json().items).toHaveLength(1);

    const outcomes = [];
    for (let index = 0; index < 5; index++) outcomes.push((await publicPost(`/${slug}/_contact`, form, { accept: 'application/json' })).statusCode);
    expect(outcomes).toEqual([201, 201, 201, 201, 429]);
    const [event] = await test.database.db.system((tx) => queryRows<{ payload: Record<string, unknown> }>(tx, sql`select payload from platform.event_log where type = 'site.form_submitted' limit 1`));
    expect(Object.keys(event?.payload ?? {}).sort()).toEqual(['page', 'siteId', 'submissionId']);
  });

  it('records a page view from the beacon without a cookie or an address', async () => {
    const beacon = await test.publicApp!.inject({
      method: 'POST',
      url: '/_atelier/views',
      payload: JSON.stringify({ path: `/${slug}/`, referrer: 'https://www.google.com/search?q=bakery', width: 390 }),
      headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (iPhone)' },
    });
    expect(beacon.statusCode).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    const views = await test.database.db.system((tx) => queryRows<Record<string, unknown>>(tx, sql`select * from sites.page_views`));
    expect(views).toEqual([expect.objectContaining({ site_id: siteId, path: `/${slug}/`, referrer_host: 'www.google.com', device: 'phone' })]);
    expect(Object.keys(views[0] ?? {})).not.toContain('ip');
  });

  it('records at most the limit of a flood of beacons from one network, and answers every one as usual', async () => {
    const countViews = async () => (await test.database.db.system((tx) => queryRows<{ count: number }>(tx, sql`select count(*)::int as count from sites.page_views`)))[0]?.count ?? 0;
    const before = await countViews();
    const answers: number[] = [];
    for (let index = 0; index < 70; index++) {
      const beacon = await test.publicApp!.inject({
        method: 'POST',
        url: '/_atelier/views',
        payload: JSON.stringify({ path: `/${slug}/`, referrer: '', width: 1280 }),
        headers: { 'content-type': 'text/plain' },
        remoteAddress: '198.51.100.7',
      });
      answers.push(beacon.statusCode);
    }
    expect(new Set(answers)).toEqual(new Set([204]));
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect((await countViews()) - before).toBe(60);
  });
});
