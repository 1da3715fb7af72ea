import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BoardObject } from '../src/model/types';
import { Account } from './accounts';
import { connectionStatus, drag, launchBrowser, newBoardId, objects, openBoard, pendingCount, toPage, waitConnected, waitSaved, TestServer, type BoardPage } from './harness';

// What survives: a reload, a server restart between two edits, and edits made while the
// server is down (they wait in the client and arrive after it reconnects).

const POLL = { timeout: 10_000, interval: 100 };
// A client that lost its server retries with a backoff of up to 10 s.
const RECONNECT = { timeout: 25_000, interval: 200 };

let server: TestServer;
let browser: Browser;
const open: BoardPage[] = [];
const people = new Map<string, Account>();

/** A board owned by Ada and shared with everyone else named, as editors. */
async function newBoard(prefix: string, others: string[]): Promise<string> {
  const board = newBoardId(prefix);
  const ada = await person('Ada');
  await ada.createBoard(prefix, board);
  for (const name of others) await ada.share(board, await person(name), 'editor');
  return board;
}

async function person(name: string): Promise<Account> {
  let account = people.get(name);
  if (!account) {
    account = await Account.register(server.origin, name);
    people.set(name, account);
  }
  return account;
}

async function user(board: string, name: string): Promise<BoardPage> {
  const page = await openBoard(browser, await person(name), board);
  open.push(page);
  return page;
}

async function drawRect(p: BoardPage, x: number, y: number, w: number, h: number): Promise<BoardObject> {
  const page = p.page;
  const before = new Set((await objects(page)).map((o) => o.id));
  await page.keyboard.press('r');
  await drag(page, await toPage(page, { x, y }), await toPage(page, { x: x + w, y: y + h }));
  const created = (await objects(page)).filter((o) => !before.has(o.id));
  expect(created).toHaveLength(1);
  expect(created[0]!.props).toMatchObject({ x, y, w, h });
  return created[0]!;
}

/** Moves an (unselected) object by dragging it, Alt held so it does not snap. */
async function moveBy(p: BoardPage, from: { x: number; y: number }, dx: number, dy: number): Promise<void> {
  const page = p.page;
  await page.keyboard.down('Alt');
  await drag(page, await toPage(page, from), await toPage(page, { x: from.x + dx, y: from.y + dy }));
  await page.keyboard.up('Alt');
}

beforeAll(async () => {
  server = new TestServer();
  await server.start();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  for (const account of people.values()) await account.dispose();
  if (server) {
    const code = await server.stop();
    await server.dispose();
    expect(code, server.stderr).toBe(0);
    // Every SIGTERM during the tests shut the server down cleanly too.
    expect(server.exitCodes.every((c) => c === 0), server.stderr).toBe(true);
  }
});

describe('persistence and reconnection', () => {
  test('a reload shows the same board', async () => {
    const board = await newBoard('reload', ['Bob']);
    const ada = await user(board, 'Ada');
    await drawRect(ada, -200, -150, 120, 80);
    await ada.page.keyboard.press('s');
    const note = await toPage(ada.page, { x: 100, y: -50 });
    await ada.page.mouse.click(note.x, note.y);
    await ada.page.getByTestId('text-editor').waitFor();
    await ada.page.keyboard.type('remember me');
    await ada.page.keyboard.press('Escape');
    await waitSaved(ada.page);
    const before = await objects(ada.page);
    expect(before.map((o) => o.kind).sort()).toEqual(['rect', 'sticky']);
    expect(before.find((o) => o.kind === 'sticky')?.props.text).toBe('remember me');
    const cameraBefore = await ada.page.evaluate(() => window.__collabcanvas!.editor.getCamera());

    await ada.page.reload();
    await waitConnected(ada.page);
    expect(await objects(ada.page)).toEqual(before);
    expect(await ada.page.evaluate(() => window.__collabcanvas!.editor.getCamera())).toEqual(cameraBefore);
    // And a user with no cache at all gets the same board from the server.
    const bob = await user(board, 'Bob');
    expect(await objects(bob.page)).toEqual(before);
  });

  test('a server restart between two edits loses nothing', async () => {
    const board = await newBoard('restart', ['Bob', 'Carol']);
    const ada = await user(board, 'Ada');
    const bob = await user(board, 'Bob');
    const rect = await drawRect(ada, -200, -150, 140, 90);
    await waitSaved(ada.page);
    await expect.poll(() => objects(bob.page), POLL).toEqual(await objects(ada.page));

    const port = server.port;
    await server.restart();
    expect(server.port).toBe(port);
    expect(server.exitCodes.at(-1)).toBe(0);
    // Both clients come back on their own (same origin, backoff).
    await expect.poll(() => connectionStatus(ada.page), RECONNECT).toBe('connected');
    await expect.poll(() => connectionStatus(bob.page), RECONNECT).toBe('connected');

    await moveBy(ada, { x: -130, y: -105 }, 100, 50);
    await waitSaved(ada.page);
    const after = await objects(ada.page);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: rect.id, props: { x: -100, y: -100, w: 140, h: 90 } });
    await expect.poll(() => objects(bob.page), POLL).toEqual(after);

    // Both edits are on the server's disk: restart once more and open the board afresh.
    await server.restart();
    const carol = await user(board, 'Carol');
    expect(await objects(carol.page)).toEqual(after);
  });

  test('edits made while the server is down arrive after it is back', async () => {
    const board = await newBoard('offline', ['Bob']);
    const ada = await user(board, 'Ada');
    const bob = await user(board, 'Bob');
    const first = await drawRect(ada, -250, -150, 100, 100);
    await waitSaved(ada.page);
    await expect.poll(() => objects(bob.page), POLL).toEqual(await objects(ada.page));

    expect(await server.stop()).toBe(0);
    await expect.poll(() => connectionStatus(ada.page), POLL).toBe('offline');
    await expect.poll(() => ada.page.getByTestId('connection-status').textContent(), POLL).toBe('offline');

    // Offline: a new shape and a move of the old one, kept locally.
    const second = await drawRect(ada, 0, -150, 120, 60);
    await moveBy(ada, { x: -200, y: -100 }, 0, 150);
    expect(await pendingCount(ada.page)).toBeGreaterThan(0);
    await expect(ada.page.getByTestId('pending-indicator').textContent()).resolves.toMatch(/unsaved/);
    expect(await connectionStatus(ada.page)).toBe('offline');
    const offlineBoard = await objects(ada.page);
    expect(offlineBoard.find((o) => o.id === first.id)?.props).toMatchObject({ x: -250, y: 0 });
    // Bob has seen none of it.
    expect((await objects(bob.page)).map((o) => o.id)).toEqual([first.id]);

    await server.start();
    await expect.poll(() => objects(bob.page), RECONNECT).toEqual(offlineBoard);
    await expect.poll(() => pendingCount(ada.page), POLL).toBe(0);
    expect(await connectionStatus(ada.page)).toBe('connected');
    expect(await ada.page.getByTestId('pending-indicator').count()).toBe(0);
    expect((await objects(bob.page)).map((o) => o.id).sort()).toEqual([first.id, second.id].sort());
  });
});
