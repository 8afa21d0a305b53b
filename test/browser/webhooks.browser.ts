/**
 * Outgoing webhooks in the dashboard, end to end, in Debian's Chromium against the real server
 * (runAtelier with identity, usage and webhooks on a fresh PGlite data directory), delivering
 * to a receiver of this test's own on 127.0.0.1 (WEBHOOKS_ALLOWED_NETWORKS lets it through the
 * SSRF guard):
 *
 * sign up → confirm the address → the empty Webhooks page → add an endpoint (the form's own
 * checks first) → reveal and copy its signing secret → send a test event, which the receiver
 * gets signed with that secret → the log shows it succeeded with the receiver's 200 → its detail
 * → the receiver answers 500 → another test event fails and is retried → the receiver answers
 * 200 → resend → rotate the secret (the next message carries both signatures) → recover a failed
 * delivery since a time → an admin who joins (a real member.joined event for the endpoint) sees
 * the page on a phone, is demoted, is refused by the server and told why, and then no longer
 * sees the page.
 *
 * Every page is checked with axe-core (light and dark, desktop and 375 px) and photographed
 * into test-results/screenshots; the console must stay clean.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsage } from '../../src/modules/usage/index.ts';
import { ensureWebBuilt, startAtelier } from './support/atelier.ts';
import { checkPage, desktop, launchChromium, phone, screenshotsDir, watchConsole } from './support/browser.ts';
import { startMailbox } from './support/mailbox.ts';

const password = 'correct horse battery staple';
const dana = { name: 'Dana Hooks', email: 'dana@atelier.test' };
const eli = { name: 'Eli Admin', email: 'eli@atelier.test' };

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback: keeps what it gets, and answers with the status the test sets. */
async function startReceiver() {
  const received: Received[] = [];
  const state = { status: 200 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(state.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(state.status < 300 ? { received: true } : { error: 'the receiver is down for maintenance' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/atelier`,
    received,
    answer: (status: number) => {
      state.status = status;
    },
    /** The messages with `webhook-id`, waiting for at least `count` of them. */
    async messages(messageId: string, count = 1) {
      await expect.poll(() => received.filter((message) => message.headers['webhook-id'] === messageId).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(count);
      return received.filter((message) => message.headers['webhook-id'] === messageId);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let mailbox: Awaited<ReturnType<typeof startMailbox>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let server: Awaited<ReturnType<typeof startAtelier>>;
let browser: Browser;
let owner: BrowserContext;
let admin: BrowserContext;
let a: Page;
let b: Page;
const consoleErrors: string[] = [];
const problems: string[] = [];
const state = { workspaceId: '', endpointId: '', secret: '', firstMessageId: '', failingDeliveryId: '' };

beforeAll(async () => {
  ensureWebBuilt();
  mailbox = await startMailbox();
  receiver = await startReceiver();
  server = await startAtelier(mailbox.url, { webhooks: { allowedNetworks: '127.0.0.1/32' } });
  browser = await launchChromium();
  owner = await browser.newContext({ baseURL: server.url, viewport: desktop, colorScheme: 'light', reducedMotion: 'reduce', permissions: ['clipboard-read', 'clipboard-write'] });
  admin = await browser.newContext({ baseURL: server.url, viewport: phone, colorScheme: 'light', reducedMotion: 'reduce', isMobile: true, hasTouch: true });
  watchConsole(owner, 'owner', consoleErrors);
  watchConsole(admin, 'admin', consoleErrors);
  a = await owner.newPage();
  b = await admin.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await receiver?.close();
  await mailbox?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshotsDir, `${name}.png`) });
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name, exact: true });
/** The delivery log's rows (the table: the owner's page is desktop-sized). */
const logRows = (page: Page) => page.getByTestId('delivery-log').locator('tbody tr');
const toast = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).first();

function expectClean() {
  expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
  expect(problems, problems.join('\n')).toEqual([]);
}

/** Sends a test event of `eventType` from the endpoint page (checking the dialog as `screenshot`, if named). */
async function sendTestEvent(page: Page, eventType: string, screenshot?: string): Promise<void> {
  await page.getByRole('button', { name: 'Send test event' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Send a test event' });
  await dialog.getByLabel('Event type').selectOption(eventType);
  await dialog.getByText('Example message', { exact: true }).waitFor();
  if (screenshot) await checkPage(page, screenshot, problems);
  await dialog.getByRole('button', { name: 'Send test event' }).click();
  await dialog.waitFor({ state: 'detached' });
  await toast(page, `Test ${eventType} sent`).waitFor();
}

const newestMessage = () => receiver.received.at(-1) as Received;

describe('outgoing webhooks in the dashboard', () => {
  it('signs up, confirms the address, and finds an empty Webhooks page with the event catalogue', async () => {
    await a.goto('/signup');
    await a.getByLabel('Name', { exact: true }).fill(dana.name);
    await a.getByLabel('Email', { exact: true }).fill(dana.email);
    await a.getByLabel('Password', { exact: true }).fill(password);
    await a.getByRole('button', { name: 'Create account' }).click();
    await a.waitForURL(/\/w\/[0-9a-f-]{36}$/);
    state.workspaceId = /\/w\/([0-9a-f-]{36})/.exec(a.url())?.[1] ?? '';
    await a.goto(await mailbox.link(dana.email, '/verify-email'));
    await a.getByRole('heading', { name: 'Your email is confirmed' }).waitFor();
    await a.getByRole('link', { name: 'Continue to your workspace' }).click();
    await a.waitForURL(`**/w/${state.workspaceId}`);
    // The delivery log asks every 2 s while a message is on its way: the pro plan's request rate
    // keeps the test clear of the free plan's 60 a minute (which counts the dashboard's own requests, decision 0020).
    await createUsage(server.db, server.config).plans.changePlan(state.workspaceId, 'pro');

    await nav(a, 'Webhooks').click();
    await a.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
    await a.getByText('No endpoints yet').waitFor();
    await a.getByText('credits.low', { exact: true }).waitFor();
    await checkPage(a, 'webhooks-01-empty', problems);
    expectClean();
  });

  it('adds an endpoint, after the form has checked the URL and the events', async () => {
    await a.getByRole('button', { name: 'Add endpoint' }).first().click();
    const dialog = a.getByRole('dialog', { name: 'Add an endpoint' });
    await dialog.getByLabel('Endpoint URL').fill('ftp://example.com/hooks');
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    await dialog.getByText(/^The URL must be an http\(s\) URL/).waitFor();
    await dialog.getByText('Choose at least one event type').waitFor();

    await dialog.getByLabel('Endpoint URL').fill(receiver.url);
    await dialog.getByLabel('Description').fill('Order system (staging)');
    for (const type of ['site.published', 'credits.low', 'member.joined']) await dialog.getByRole('checkbox', { name: new RegExp(`^${type.replace('.', '\\.')}`) }).check();
    expect(await dialog.getByRole('switch', { name: 'Enabled' }).getAttribute('aria-checked')).toBe('true');
    await checkPage(a, 'webhooks-02-add-endpoint', problems);
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();

    await a.waitForURL(/\/webhooks\/[0-9a-f-]{36}$/);
    state.endpointId = /\/webhooks\/([0-9a-f-]{36})$/.exec(a.url())?.[1] ?? '';
    await a.getByRole('heading', { name: receiver.url }).waitFor();
    await a.getByText('No deliveries yet').waitFor();
    await a.getByRole('list', { name: 'Event types sent to this endpoint' }).getByText('member.joined').waitFor();
    await checkPage(a, 'webhooks-03-endpoint-new', problems);
    expectClean();
  });

  it('reveals the signing secret and copies it', async () => {
    const secret = a.getByTestId('signing-secret');
    expect(await secret.textContent()).not.toMatch(/whsec_[A-Za-z0-9+/=]{20,}/);
    await a.getByRole('button', { name: 'Reveal' }).click();
    await expect.poll(() => secret.textContent()).toMatch(/^whsec_[A-Za-z0-9+/=]{20,}$/);
    state.secret = ((await secret.textContent()) ?? '').trim();
    await a.getByRole('button', { name: 'Copy secret' }).click();
    await a.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await a.evaluate('navigator.clipboard.readText()')).toBe(state.secret);
    expectClean();
  });

  it('sends a test event, signed with that secret, and sees it delivered in the log with the receiver’s answer', async () => {
    await sendTestEvent(a, 'credits.low', 'webhooks-04-test-event');
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(1);
    const message = newestMessage();
    state.firstMessageId = String(message.headers['webhook-id']);
    expect(new Webhook(state.secret).verify(message.body, message.headers as Record<string, string>)).toMatchObject({ type: 'credits.low', data: { threshold: expect.any(Number) } });

    await expect.poll(() => logRows(a).count(), { timeout: 15_000 }).toBe(1);
    const row = logRows(a).first();
    await row.getByText('Succeeded').waitFor({ timeout: 15_000 });
    await row.getByText('200', { exact: true }).waitFor();
    expect(await row.innerText()).toMatch(/credits\.low/);
    expect(await row.innerText()).toMatch(/\d+ ms/);
    await checkPage(a, 'webhooks-05-log-delivered', problems);
    expectClean();
  });

  it('opens the delivery: request headers and body, the response status and body', async () => {
    await logRows(a).first().getByRole('link', { name: 'credits.low' }).click();
    await a.waitForURL(/\/deliveries\/[0-9a-f-]{36}$/);
    await a.getByRole('heading', { name: 'credits.low' }).waitFor();
    await a.getByText('Attempt 1', { exact: true }).waitFor();
    await a.getByText(state.firstMessageId, { exact: true }).first().waitFor();
    await a.getByText('webhook-signature', { exact: true }).waitFor();
    expect(await a.locator('pre[aria-label="Request body"]').innerText()).toContain('"type": "credits.low"');
    await a.getByLabel('Response body (200)').getByText('"received": true').waitFor();
    await checkPage(a, 'webhooks-06-delivery-detail', problems);
    await a.getByRole('link', { name: receiver.url.replace('http://', '') }).click();
    await a.getByRole('heading', { name: receiver.url }).waitFor();
    expectClean();
  });

  it('shows a failing receiver’s 500, retried on schedule, on the log, the delivery and the endpoint', async () => {
    receiver.answer(500);
    const before = receiver.received.length;
    await sendTestEvent(a, 'site.published');
    await expect.poll(() => logRows(a).count(), { timeout: 15_000 }).toBe(2);
    const row = logRows(a).first();
    // The first attempt at once, the second 5 s later; the third waits 5 minutes.
    await expect.poll(() => row.locator('td').nth(3).innerText(), { timeout: 30_000 }).toBe('2');
    await row.getByText('Retrying').waitFor();
    await row.getByText('500', { exact: true }).waitFor();
    expect(receiver.received.length - before).toBe(2);
    await a.getByText('Deliveries to this endpoint are failing').waitFor({ timeout: 15_000 });
    await checkPage(a, 'webhooks-07-log-failing', problems);

    await row.getByRole('link', { name: 'site.published' }).click();
    state.failingDeliveryId = /\/deliveries\/([0-9a-f-]{36})$/.exec(a.url())?.[1] ?? '';
    await a.getByText(/Attempt 2 failed; retrying in \d+ minutes?/).waitFor();
    await a.getByText('The endpoint answered 500', { exact: true }).first().waitFor();
    await a.getByLabel('Response body (500)').first().getByText('the receiver is down for maintenance').waitFor();
    await checkPage(a, 'webhooks-08-delivery-failing', problems);
    expectClean();
  });

  it('resends the delivery once the receiver answers again: the same webhook-id, a fresh round', async () => {
    receiver.answer(200);
    const messageId = String(newestMessage().headers['webhook-id']);
    await a.getByRole('button', { name: 'Resend' }).click();
    await toast(a, 'Sending it again').waitFor();
    await a.getByRole('heading', { name: 'Summary' }).waitFor();
    await a.locator('dd').getByText('Succeeded').waitFor({ timeout: 30_000 });
    await a.getByText('Attempt 3', { exact: true }).waitFor();
    const delivered = await receiver.messages(messageId, 3);
    expect(delivered.at(-1)?.headers['webhook-signature']).toBeTruthy();
    await shot(a, 'webhooks-09-resent');

    await a.getByRole('link', { name: receiver.url.replace('http://', '') }).click();
    await logRows(a).first().getByText('Succeeded').waitFor({ timeout: 15_000 });
    await expect.poll(() => a.getByText('Deliveries to this endpoint are failing').count(), { timeout: 15_000 }).toBe(0);
    expectClean();
  });

  it('rotates the secret: the next message is signed by the new secret and, for 24 hours, the old one', async () => {
    await a.getByRole('button', { name: 'Rotate secret' }).click();
    const confirm = a.getByRole('alertdialog', { name: 'Rotate the signing secret?' });
    await confirm.getByText(/keeps signing beside it for 24 hours/).waitFor();
    await checkPage(a, 'webhooks-10-rotate-confirm', problems);
    await confirm.getByRole('button', { name: 'Rotate secret' }).click();
    await toast(a, 'The old one keeps signing for 24 hours').waitFor();
    const secret = a.getByTestId('signing-secret');
    await expect.poll(async () => ((await secret.textContent()) ?? '').trim()).not.toBe(state.secret);
    const rotated = ((await secret.textContent()) ?? '').trim();
    expect(rotated).toMatch(/^whsec_/);
    await a.getByText('The previous secret still signs').waitFor();

    const before = receiver.received.length;
    await sendTestEvent(a, 'member.joined');
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(before + 1);
    const message = newestMessage();
    expect(String(message.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const key of [rotated, state.secret]) expect(new Webhook(key).verify(message.body, message.headers as Record<string, string>)).toMatchObject({ type: 'member.joined' });
    await logRows(a).first().getByText('Succeeded').waitFor({ timeout: 15_000 });
    await checkPage(a, 'webhooks-11-rotated', problems);
    state.secret = rotated;
    expectClean();
  });

  it('recovers the failed deliveries since a chosen time', async () => {
    // A delivery fails for good after 8 attempts over 27 hours: the first one is made to look so.
    await server.db.system((tx) => tx.execute(sql`update webhooks.deliveries set status = 'failed', attempts = 8, next_attempt_at = null where message_id = ${state.firstMessageId}`));
    await a.reload();
    await a.getByLabel('Delivery status').selectOption('failed');
    await expect.poll(() => logRows(a).count(), { timeout: 15_000 }).toBe(1);
    await logRows(a).first().getByText('Failed').waitFor();

    const before = receiver.received.length;
    await a.getByRole('button', { name: 'Recover failed' }).click();
    const dialog = a.getByRole('dialog', { name: 'Recover failed deliveries' });
    await dialog.getByLabel('Failed since').fill(localInput(new Date(Date.now() - 3600_000)));
    await checkPage(a, 'webhooks-12-recover', problems);
    await dialog.getByRole('button', { name: 'Recover deliveries' }).click();
    await toast(a, '1 failed delivery is being sent again').waitFor();
    await receiver.messages(state.firstMessageId, 2);
    await expect.poll(() => receiver.received.length).toBe(before + 1);
    await a.getByText('No failed deliveries').waitFor({ timeout: 15_000 });
    await a.getByLabel('Delivery status').selectOption('');
    await expect.poll(() => logRows(a).count(), { timeout: 15_000 }).toBe(3);
    expectClean();
  });

  it('shows a new admin the page on a phone, with the real member.joined they caused; once demoted the server refuses and the page says why', async () => {
    const origin = { origin: server.url };
    const invited = await owner.request.post(`/api/workspaces/${state.workspaceId}/invitations`, { headers: origin, data: { email: eli.email, role: 'admin' } });
    expect(invited.status(), await invited.text()).toBe(201);
    const token = new URL(await mailbox.link(eli.email, '/invitations/accept')).searchParams.get('token');
    expect((await admin.request.post('/api/auth/signup', { headers: origin, data: { name: eli.name, email: eli.email, password } })).status()).toBe(201);
    expect((await admin.request.post('/api/invitations/accept', { headers: origin, data: { token } })).status()).toBe(200);

    // Eli's joining is a real event: the endpoint subscribed to member.joined receives it.
    await expect.poll(() => receiver.received.some((message) => JSON.parse(message.body).type === 'member.joined' && JSON.parse(message.body).data.role === 'admin'), { timeout: 30_000 }).toBe(true);

    await b.goto(`/w/${state.workspaceId}/webhooks`);
    await b.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
    await b.getByRole('link', { name: receiver.url }).waitFor();
    await checkPage(b, 'webhooks-13-list-phone', problems);
    await b.getByRole('link', { name: receiver.url }).click();
    await b.getByRole('list', { name: 'Deliveries' }).getByRole('listitem').first().waitFor();
    await b.getByRole('list', { name: 'Deliveries' }).getByText('member.joined').first().waitFor();
    await checkPage(b, 'webhooks-14-endpoint-phone', problems);

    const eliId = ((await (await admin.request.get('/api/me')).json()) as { user: { id: string } }).user.id;
    expect((await owner.request.patch(`/api/workspaces/${state.workspaceId}/members/${eliId}`, { headers: origin, data: { role: 'member' } })).status()).toBe(204);
    // The server trusts what it knows of a session for up to 5 s (identity's directory cache).
    const cookie = (await admin.cookies()).map((entry) => `${entry.name}=${entry.value}`).join('; ');
    const endpointStatus = () => fetch(`${server.url}/api/workspaces/${state.workspaceId}/webhooks/endpoints`, { headers: { cookie } }).then((answer) => answer.status);
    await expect.poll(endpointStatus, { timeout: 15_000, interval: 1000 }).toBe(403);

    // Eli's page still offers the delivery; the server refuses, and the page says why.
    await b.getByRole('list', { name: 'Deliveries' }).getByRole('link').first().click();
    const refusal = b.getByRole('alert').filter({ hasText: 'You are not allowed to manage webhooks here' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('webhooks:manage');
    await checkPage(b, 'webhooks-15-refused-phone', problems);

    await b.reload();
    await b.getByText('Only owners and admins manage webhooks').waitFor();
    await b.getByRole('button', { name: 'Open navigation' }).click();
    const sheet = b.getByRole('dialog', { name: 'Navigation' });
    await sheet.getByRole('link', { name: 'Members' }).waitFor();
    expect(await sheet.getByRole('link', { name: 'Webhooks' }).count()).toBe(0);
    await b.keyboard.press('Escape');
    await checkPage(b, 'webhooks-16-not-allowed-phone', problems);
    expectClean();
  });
});

/** A datetime-local input's value for `date`, in the browser's (and this process's) time zone. */
function localInput(date: Date): string {
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
