import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Account, newContext, uniqueEmail } from './accounts';
import { drag, launchBrowser, objects, pendingCount, toPage, waitConnected, waitSaved, watchPage, TestServer } from './harness';

// Sharing and roles end to end: Ada invites Bo from the settings page; Bo registers through
// the invitation and edits; Ada demotes Bo to viewer (Bo's tools go and nothing Bo tries
// reaches the server), then removes Bo (Bo's board closes with the access-removed page).

const POLL = { timeout: 10_000, interval: 100 };

let server: TestServer;
let browser: Browser;
let ada: Account;
const accounts: Account[] = [];

beforeAll(async () => {
  server = new TestServer();
  await server.start();
  browser = await launchBrowser();
  ada = await Account.register(server.origin, 'Ada');
  accounts.push(ada);
});

afterAll(async () => {
  await browser?.close();
  for (const account of accounts) await account.dispose();
  if (server) {
    const code = await server.stop();
    await server.dispose();
    expect(code, server.stderr).toBe(0);
  }
});

async function drawRect(page: Page, x: number, y: number): Promise<void> {
  await page.keyboard.press('r');
  await drag(page, await toPage(page, { x, y }), await toPage(page, { x: x + 120, y: y + 80 }));
}

describe('invitations and roles', () => {
  test('an invited user joins and edits, is demoted to viewer, then removed', async () => {
    const board = await ada.createBoard('Team plan');
    const adaContext = await ada.browserContext(browser);
    const adaBoard = await adaContext.newPage();
    watchPage(adaBoard, 'Ada');
    await adaBoard.goto(`${server.origin}/b/${board.id}`);
    await waitConnected(adaBoard);
    await expect.poll(() => adaBoard.getByTestId('board-name').textContent(), POLL).toBe('Team plan');

    // Ada invites Bo by email from the board's settings page.
    const settings = await adaContext.newPage();
    watchPage(settings, 'Ada settings');
    await settings.goto(`${server.origin}/b/${board.id}/settings`);
    await settings.getByTestId('settings-invites').waitFor();
    const boEmail = uniqueEmail('Bo');
    await settings.getByTestId('invite-email').fill(boEmail);
    await settings.getByTestId('invite-role').selectOption('editor');
    await settings.getByTestId('invite-submit').click();
    const inviteUrl = await settings.getByTestId('invite-link').inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${server.origin}/invite/`));
    await expect.poll(() => settings.getByTestId('invite-row').count(), POLL).toBe(1);

    // Bo opens the link in another browser, is sent to log in, creates an account there,
    // and lands on the board.
    const boContext = await newContext(browser);
    const bo = await boContext.newPage();
    watchPage(bo, 'Bo');
    await bo.goto(inviteUrl);
    await bo.getByTestId('login-page').waitFor();
    expect(new URL(bo.url()).pathname).toBe('/login');
    await bo.getByTestId('auth-tab-register').click();
    await bo.getByTestId('register-name').fill('Bo');
    await bo.getByTestId('register-email').fill(boEmail);
    await bo.getByTestId('register-password').fill('short');
    await bo.getByTestId('register-submit').click();
    await bo.getByTestId('field-error-password').waitFor();
    await bo.getByTestId('register-password').fill('a long enough password');
    await bo.getByTestId('register-submit').click();
    await waitConnected(bo);
    expect(new URL(bo.url()).pathname).toBe(`/b/${board.id}`);
    await expect.poll(() => bo.getByTestId('self-role').getAttribute('data-role'), POLL).toBe('editor');
    const boAccount = await Account.login(server.origin, boEmail, 'a long enough password');
    accounts.push(boAccount);

    // Bo edits; Ada sees it.
    await drawRect(bo, -100, -60);
    await waitSaved(bo);
    const afterBo = await objects(bo);
    expect(afterBo).toHaveLength(1);
    await expect.poll(() => objects(adaBoard), POLL).toEqual(afterBo);
    // Ada sees Bo among the people on the board, with Bo's role.
    await expect.poll(() => adaBoard.locator('[data-testid="peer-avatar"][data-role="editor"]').count(), POLL).toBe(1);

    // Ada makes Bo a viewer: Bo's tools go at once.
    await settings.reload();
    const boRow = settings.locator(`[data-testid="member-row"][data-email="${boEmail}"]`);
    await boRow.waitFor();
    await boRow.getByTestId('member-role-select').selectOption('viewer');
    await expect.poll(() => bo.getByTestId('toolbar').count(), POLL).toBe(0);
    await bo.getByTestId('view-only-badge').waitFor();
    expect(await bo.getByTestId('style-panel').count()).toBe(0);
    expect(await bo.getByTestId('undo').count()).toBe(0);
    expect(await bo.getByTestId('self-role').getAttribute('data-role')).toBe('viewer');
    await expect.poll(() => settings.locator(`[data-testid="member-row"][data-email="${boEmail}"]`).getAttribute('data-role'), POLL).toBe('viewer');

    // Bo tries to edit through the UI anyway: nothing changes, here or on the server.
    const onServer = async () => (await ada.board(board.id)).body.objects;
    const before = await onServer();
    expect(before).toEqual(afterBo);
    const rect = afterBo[0]!;
    const middle = await toPage(bo, { x: rect.props.x + 60, y: rect.props.y + 40 });
    await bo.mouse.click(middle.x, middle.y);
    await bo.keyboard.press('Delete');
    await drag(bo, middle, { x: middle.x + 150, y: middle.y + 90 });
    await drawRect(bo, 200, 100);
    await bo.keyboard.press('Control+d');
    await bo.keyboard.press('Control+v');
    await bo.mouse.dblclick(middle.x, middle.y);
    await bo.keyboard.type('hello');
    await bo.keyboard.press('Control+z');
    const empty = await toPage(bo, { x: 300, y: -200 });
    await bo.mouse.dblclick(empty.x, empty.y);
    await bo.keyboard.type('text');
    await bo.waitForTimeout(1000);
    expect(await bo.getByTestId('text-editor').count()).toBe(0);
    expect(await pendingCount(bo)).toBe(0);
    expect(await objects(bo)).toEqual(before);
    expect(await onServer()).toEqual(before);
    expect(await objects(adaBoard)).toEqual(before);

    // Ada removes Bo: Bo's board closes with a clear page, and does not come back.
    await boRow.getByTestId('member-remove').click();
    await settings.getByTestId('confirm-ok').click();
    await bo.getByTestId('access-removed').waitFor();
    expect(await bo.getByTestId('scene-canvas').count()).toBe(0);
    await expect.poll(() => settings.getByTestId('member-row').count(), POLL).toBe(1);
    expect((await boAccount.board(board.id)).status).toBe(404);

    // The activity log tells the story.
    await settings.reload();
    await expect.poll(() => settings.getByTestId('activity-item').count(), POLL).toBeGreaterThanOrEqual(4);
    const log = await settings.getByTestId('activity-list').textContent();
    expect(log).toContain('Ada changed Bo\'s role from editor to viewer');
    expect(log).toContain('Ada removed Bo');

    await boContext.close();
    await adaContext.close();
  });

  test('a share link lets a logged-in user join as a viewer', async () => {
    const board = await ada.createBoard('Read me');
    const link = await ada.call<{ link: { url: string } }>('POST', `/api/boards/${board.id}/links`, { role: 'viewer' });
    expect(link.status).toBe(201);
    const cy = await Account.register(server.origin, 'Cy');
    accounts.push(cy);
    const context = await cy.browserContext(browser);
    const page = await context.newPage();
    watchPage(page, 'Cy');
    await page.goto(`${server.origin}${link.body.link.url}`);
    await waitConnected(page);
    expect(new URL(page.url()).pathname).toBe(`/b/${board.id}`);
    await page.getByTestId('view-only-badge').waitFor();
    expect(await page.getByTestId('toolbar').count()).toBe(0);
    await context.close();
  });
});
