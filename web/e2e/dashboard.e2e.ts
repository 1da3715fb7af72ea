import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Account, newContext } from './accounts';
import { drag, launchBrowser, objects, toPage, waitConnected, waitSaved, watchPage, TestServer } from './harness';

// The pages around the editor: logging in (and coming back to where one was going), the
// dashboard with real thumbnails, creating, searching, deleting and restoring boards, and
// the page for a board that does not exist.

const POLL = { timeout: 10_000, interval: 100 };

let server: TestServer;
let browser: Browser;
let ada: Account;
let context: BrowserContext;
let page: Page;

function card(name: string) {
  return page.locator('[data-testid="board-card"]', { has: page.locator('[data-testid="board-card-name"]', { hasText: name }) });
}

beforeAll(async () => {
  server = new TestServer();
  await server.start();
  browser = await launchBrowser();
  ada = await Account.register(server.origin, 'Ada');
  context = await ada.browserContext(browser);
  page = await context.newPage();
  watchPage(page, 'Ada');
});

afterAll(async () => {
  await browser?.close();
  await ada?.dispose();
  if (server) {
    const code = await server.stop();
    await server.dispose();
    expect(code, server.stderr).toBe(0);
  }
});

describe('login', () => {
  test('a visitor who is not logged in goes to /login and comes back afterwards', async () => {
    const board = await ada.createBoard('Where I was going');
    const visitor = await newContext(browser);
    const p = await visitor.newPage();
    watchPage(p, 'visitor');
    await p.goto(`${server.origin}/b/${board.id}`);
    await p.getByTestId('login-page').waitFor();
    expect(new URL(p.url()).searchParams.get('next')).toBe(`/b/${board.id}`);
    // A wrong password shows the server's message.
    await p.getByTestId('login-email').fill(ada.email);
    await p.getByTestId('login-password').fill('not the password');
    await p.getByTestId('login-submit').click();
    await expect.poll(() => p.getByTestId('auth-error').textContent(), POLL).toMatch(/\S/);
    await p.getByTestId('login-password').fill(ada.password);
    await p.getByTestId('login-submit').click();
    await waitConnected(p);
    expect(new URL(p.url()).pathname).toBe(`/b/${board.id}`);
    // A reload keeps the login (the refresh cookie), with no login page in between.
    await p.reload();
    await waitConnected(p);
    expect(new URL(p.url()).pathname).toBe(`/b/${board.id}`);
    await visitor.close();
  });
});

describe('logout', () => {
  test('log out ends this login: a reload stays on the login page', async () => {
    const dee = await Account.register(server.origin, 'Dee');
    const ctx = await dee.browserContext(browser);
    const p = await ctx.newPage();
    watchPage(p, 'Dee');
    await p.goto(`${server.origin}/`);
    await p.getByTestId('dashboard').waitFor();
    await p.getByTestId('user-menu').click();
    expect(await p.getByTestId('user-name').textContent()).toBe('Dee');
    await p.getByTestId('logout').click();
    await p.getByTestId('login-page').waitFor();
    await p.reload();
    await p.getByTestId('login-page').waitFor();
    await p.goto(`${server.origin}/`);
    await p.getByTestId('login-page').waitFor();
    await ctx.close();
    await dee.dispose();
  });

  test('log out everywhere closes the boards open in other browsers', async () => {
    const fay = await Account.register(server.origin, 'Fay');
    const board = await fay.createBoard('Everywhere');
    const elsewhere = await fay.browserContext(browser);
    const open = await elsewhere.newPage();
    watchPage(open, 'Fay elsewhere');
    await open.goto(`${server.origin}/b/${board.id}`);
    await waitConnected(open);

    const here = await fay.browserContext(browser);
    const p = await here.newPage();
    watchPage(p, 'Fay');
    await p.goto(`${server.origin}/`);
    await p.getByTestId('user-menu').click();
    await p.getByTestId('logout-all').click();
    await p.getByTestId('login-page').waitFor();
    // The other browser's board closes and sends it to log in, to come back to the board.
    await open.getByTestId('login-page').waitFor({ timeout: 20_000 });
    expect(new URL(open.url()).searchParams.get('next')).toBe(`/b/${board.id}`);
    await elsewhere.close();
    await here.close();
    await fay.dispose();
  });
});

describe('dashboard', () => {
  test('shows a created board with a thumbnail of its content', async () => {
    const board = await ada.createBoard('Roadmap');
    // Draw on it, then go back to the dashboard through the header.
    await page.goto(`${server.origin}/b/${board.id}`);
    await waitConnected(page);
    await page.keyboard.press('r');
    await drag(page, await toPage(page, { x: -150, y: -100 }), await toPage(page, { x: 150, y: 100 }));
    await waitSaved(page);
    expect(await objects(page)).toHaveLength(1);
    await page.getByTestId('back-to-dashboard').click();
    await page.getByTestId('dashboard').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    // The editor is gone from the page.
    expect(await page.evaluate(() => window.__collabcanvas === undefined)).toBe(true);

    const roadmap = card('Roadmap');
    await roadmap.waitFor();
    expect(await roadmap.getAttribute('data-board-id')).toBe(board.id);
    expect(await roadmap.getByTestId('board-card-role').getAttribute('data-role')).toBe('owner');
    await expect.poll(() => roadmap.getByTestId('board-card-updated').textContent(), POLL).toMatch(/Edited (just now|\d+ min ago)/);
    const thumbnail = roadmap.getByTestId('board-thumbnail');
    await thumbnail.waitFor();
    expect(await thumbnail.getAttribute('src')).toMatch(/^blob:/);
    // The picture really loaded (an SVG from the server, shown through an object URL).
    await expect.poll(() => thumbnail.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0), POLL).toBe(true);

    // Opening the card opens the board.
    await roadmap.getByTestId('board-card-open').click();
    await waitConnected(page);
    expect(new URL(page.url()).pathname).toBe(`/b/${board.id}`);
    await expect.poll(() => page.getByTestId('board-name').textContent(), POLL).toBe('Roadmap');
  });

  test('creates, searches, deletes and restores boards', async () => {
    await page.goto(`${server.origin}/`);
    await page.getByTestId('dashboard').waitFor();
    await page.getByTestId('create-board').click();
    await page.getByTestId('create-board-submit').click();
    await page.getByTestId('create-board-error').waitFor();
    await page.getByTestId('create-board-name').fill('Quarterly review');
    await page.getByTestId('create-board-description').fill('Numbers and plans');
    await page.getByTestId('create-board-submit').click();
    await waitConnected(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/b\/[A-Za-z0-9_-]+$/);
    await expect.poll(() => page.getByTestId('board-name').textContent(), POLL).toBe('Quarterly review');

    await page.getByTestId('back-to-dashboard').click();
    await card('Quarterly review').waitFor();
    await page.getByTestId('board-search').fill('quarter');
    await expect.poll(() => page.getByTestId('board-card').count(), POLL).toBe(1);
    await page.getByTestId('board-search').fill('no board is called this');
    await page.getByTestId('boards-empty').waitFor();
    await page.getByTestId('board-search').fill('');
    await expect.poll(() => page.getByTestId('board-card').count(), POLL).toBeGreaterThanOrEqual(3);

    await page.getByTestId('board-sort').selectOption('name');
    await expect
      .poll(async () => {
        const names = await page.getByTestId('board-card-name').allTextContents();
        return names.join('|') === [...names].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })).join('|');
      }, POLL)
      .toBe(true);

    await card('Quarterly review').getByTestId('board-delete').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => card('Quarterly review').count(), POLL).toBe(0);
    await page.getByTestId('view-trash').click();
    await card('Quarterly review').waitFor();
    await card('Quarterly review').getByTestId('board-restore').click();
    await expect.poll(() => card('Quarterly review').count(), POLL).toBe(0);
    await page.getByTestId('view-boards').click();
    await card('Quarterly review').waitFor();
  });

  test('an unknown board id shows a clear page, not an empty canvas', async () => {
    await page.goto(`${server.origin}/b/no-such-board-here`);
    await page.getByTestId('board-not-found').waitFor();
    expect(await page.getByTestId('board-not-found').textContent()).toContain('does not exist or you do not have access');
    expect(await page.getByTestId('scene-canvas').count()).toBe(0);
    await page.getByTestId('go-dashboard').click();
    await page.getByTestId('dashboard').waitFor();
  });

  test('someone else\'s board looks exactly like one that does not exist', async () => {
    const other = await Account.register(server.origin, 'Eve');
    const secret = await other.createBoard('Private');
    await page.goto(`${server.origin}/b/${secret.id}`);
    await page.getByTestId('board-not-found').waitFor();
    await other.dispose();
  });
});
