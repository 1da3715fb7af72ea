import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BoardObject, Kind } from '../src/model/types';
import { Account } from './accounts';
import { canvasPoint, drag, ensureArtifacts, launchBrowser, newBoardId, objectById, objects, openBoard, selection, toPage, waitSaved, TestServer, type BoardPage } from './harness';

// Two users on one board (Ada's, shared with Bob as an editor): everything one of them does
// with the mouse and keyboard reaches the other one's editor.

const POLL = { timeout: 10_000, interval: 100 };

let server: TestServer;
let browser: Browser;
let ada: BoardPage;
let bob: BoardPage;
const accounts: Account[] = [];
const board = newBoardId('collab');
/** Ids of the shapes drawn in the first test, by kind. */
const drawn = new Map<Kind, string>();
/** The rectangle pasted by the copy-and-paste test. */
let pastedId = '';

function id(kind: Kind): string {
  const value = drawn.get(kind);
  if (!value) throw new Error(`no ${kind} was drawn`);
  return value;
}

/** Bob's copy of an object, polled until `check` accepts it. */
async function inBob(objectId: string, check: (object: BoardObject | null) => boolean): Promise<BoardObject | null> {
  let last: BoardObject | null = null;
  await expect
    .poll(async () => (last = await objectById(bob.page, objectId)), POLL)
    .toSatisfy((object: BoardObject | null) => check(object));
  return last;
}

/** Waits until Ada's edits are acknowledged and Bob's board equals Ada's, object for object. */
async function expectBoardsEqual(): Promise<BoardObject[]> {
  await waitSaved(ada.page);
  const expected = await objects(ada.page);
  await expect.poll(() => objects(bob.page), POLL).toEqual(expected);
  return expected;
}

async function newObjectsAfter(page: Page, action: () => Promise<void>): Promise<BoardObject[]> {
  const before = new Set((await objects(page)).map((o) => o.id));
  await action();
  return (await objects(page)).filter((o) => !before.has(o.id));
}

async function drawWith(page: Page, key: string, action: () => Promise<void>): Promise<BoardObject> {
  const created = await newObjectsAfter(page, async () => {
    await page.keyboard.press(key);
    await action();
  });
  expect(created).toHaveLength(1);
  return created[0]!;
}

async function at(page: Page, x: number, y: number) {
  return toPage(page, { x, y });
}

beforeAll(async () => {
  server = new TestServer();
  await server.start();
  browser = await launchBrowser();
  const adaAccount = await Account.register(server.origin, 'Ada');
  const bobAccount = await Account.register(server.origin, 'Bob');
  accounts.push(adaAccount, bobAccount);
  await adaAccount.createBoard('Collaboration', board);
  await adaAccount.share(board, bobAccount, 'editor');
  ada = await openBoard(browser, adaAccount, board);
  bob = await openBoard(browser, bobAccount, board);
});

afterAll(async () => {
  await browser?.close();
  for (const account of accounts) await account.dispose();
  if (server) {
    const code = await server.stop();
    await server.dispose();
    // A clean shutdown on SIGTERM (under the sanitizers: no leak, no error report).
    expect(code, server.stderr).toBe(0);
  }
});

describe('two users on one board', () => {
  test('shapes drawn with the tools in one context appear in the other', async () => {
    const page = ada.page;
    const rect = await drawWith(page, 'r', async () => drag(page, await at(page, -300, -250), await at(page, -140, -150)));
    expect(rect.kind).toBe('rect');
    expect(rect.props).toMatchObject({ x: -300, y: -250, w: 160, h: 100 });
    drawn.set('rect', rect.id);

    const ellipse = await drawWith(page, 'o', async () => drag(page, await at(page, -80, -250), await at(page, 40, -150)));
    expect(ellipse.kind).toBe('ellipse');
    expect(ellipse.props).toMatchObject({ x: -80, y: -250, w: 120, h: 100 });
    drawn.set('ellipse', ellipse.id);

    // A click with the sticky tool makes a default-sized note centred there, open for typing.
    const sticky = await drawWith(page, 's', async () => {
      const p = await at(page, 160, -200);
      await page.mouse.click(p.x, p.y);
      await expect.poll(() => page.getByTestId('text-editor').count()).toBe(1);
      await page.keyboard.press('Escape');
    });
    expect(sticky.kind).toBe('sticky');
    expect(sticky.props).toMatchObject({ x: 60, y: -300, w: 200, h: 200 });
    drawn.set('sticky', sticky.id);

    // Text: click, type, Escape.
    const text = await drawWith(page, 't', async () => {
      const p = await at(page, -300, 20);
      await page.mouse.click(p.x, p.y);
      await page.getByTestId('text-editor').waitFor();
      await page.keyboard.type('Hello from Ada');
      await page.keyboard.press('Escape');
    });
    expect(text.kind).toBe('text');
    expect(text.props.text).toBe('Hello from Ada');
    drawn.set('text', text.id);

    const pen = await drawWith(page, 'p', async () => drag(page, await at(page, -80, 0), await at(page, 40, 60), 12));
    expect(pen.kind).toBe('path');
    expect(pen.props.points!.length).toBeGreaterThanOrEqual(4);
    drawn.set('path', pen.id);

    const arrow = await drawWith(page, 'a', async () => drag(page, await at(page, 120, 0), await at(page, 300, 80)));
    expect(arrow.kind).toBe('arrow');
    drawn.set('arrow', arrow.id);

    const board = await expectBoardsEqual();
    expect(board.map((o) => o.kind).sort()).toEqual(['arrow', 'ellipse', 'path', 'rect', 'sticky', 'text']);
    const bobsText = await objectById(bob.page, text.id);
    expect(bobsText?.props.text).toBe('Hello from Ada');
  });

  test('moving a shape by dragging it reaches the other context', async () => {
    const page = ada.page;
    // Pressing on the shape selects it and the drag moves it (a click first would make the
    // press a double-click). Alt: move freely, without lining up with the neighbours.
    await page.keyboard.down('Alt');
    await drag(page, await at(page, -220, -200), await at(page, -160, -160));
    await page.keyboard.up('Alt');
    expect(await selection(page)).toEqual([id('rect')]);
    const moved = await inBob(id('rect'), (o) => o?.props.x === -240 && o.props.y === -210);
    expect(moved?.props).toMatchObject({ w: 160, h: 100 });
  });

  test('resizing with a handle reaches the other context', async () => {
    const page = ada.page;
    // The bottom-right handle of the rectangle (now at -240, -210, 160 x 100).
    await drag(page, await at(page, -80, -110), await at(page, -40, -80));
    await inBob(id('rect'), (o) => o?.props.x === -240 && o.props.y === -210 && o.props.w === 200 && o.props.h === 130);
  });

  test('rotating with the rotate handle reaches the other context', async () => {
    const page = ada.page;
    const zoom = (await page.evaluate(() => window.__collabcanvas!.editor.getCamera())).zoom;
    // Centre (-140, -145); the rotate handle sits 24 screen pixels above the top edge.
    const handleY = -210 - 24 / zoom;
    const radius = -145 - handleY;
    await drag(page, await at(page, -140, handleY), await at(page, -140 + radius, -145), 12);
    const rotated = await inBob(id('rect'), (o) => Math.abs((o?.props.rotation ?? 0) - Math.PI / 2) < 0.02);
    // Rotation turns about the centre: the box itself is unchanged.
    expect(rotated?.props).toMatchObject({ x: -240, y: -210, w: 200, h: 130 });
  });

  test('fill and stroke from the style panel reach the other context', async () => {
    const page = ada.page;
    expect(await selection(page)).toEqual([id('rect')]);
    await page.getByTestId('fill-swatch-a5d8ff').click();
    await page.getByTestId('stroke-swatch-e03131').click();
    await inBob(id('rect'), (o) => o?.props.fill === '#a5d8ff' && o.props.stroke === '#e03131');
  });

  test('editing a sticky note in place reaches the other context', async () => {
    const page = ada.page;
    const p = await at(page, 160, -200);
    await page.mouse.dblclick(p.x, p.y);
    const editor = page.getByTestId('text-editor');
    await editor.waitFor();
    await page.keyboard.type('Note from Ada');
    // Every keystroke is a live edit: Bob sees the text before editing ends.
    await inBob(id('sticky'), (o) => o?.props.text === 'Note from Ada');
    await page.keyboard.press('Escape');
    await expect.poll(() => editor.count()).toBe(0);
  });

  test('copy and paste with Ctrl+C / Ctrl+V reaches the other context', async () => {
    const page = ada.page;
    const centre = await at(page, -140, -145);
    await page.mouse.click(centre.x, centre.y);
    expect(await selection(page)).toEqual([id('rect')]);
    await page.keyboard.press('Control+c');
    const target = await at(page, -200, 200);
    await page.mouse.move(target.x, target.y);
    const pasted = await newObjectsAfter(page, async () => {
      await page.keyboard.press('Control+v');
      await expect.poll(async () => (await objects(page)).length, POLL).toBe(7);
    });
    expect(pasted).toHaveLength(1);
    const copy = pasted[0]!;
    expect(copy.id).not.toBe(id('rect'));
    expect(await selection(page)).toEqual([copy.id]);
    pastedId = copy.id;
    const original = (await objectById(page, id('rect')))!;
    const bobsCopy = await inBob(copy.id, (o) => o !== null);
    expect(bobsCopy?.kind).toBe('rect');
    expect(bobsCopy?.props).toMatchObject({ w: original.props.w, h: original.props.h, fill: '#a5d8ff', stroke: '#e03131', rotation: original.props.rotation });
    await expectBoardsEqual();
  });

  test('delete, undo (Ctrl+Z) and redo (Ctrl+Shift+Z) reach the other context', async () => {
    const page = ada.page;
    const copyId = pastedId;
    expect(await selection(page)).toEqual([copyId]);
    const before = await objectById(page, copyId);
    await page.keyboard.press('Delete');
    await inBob(copyId, (o) => o === null);

    await page.keyboard.press('Control+z');
    const restored = await inBob(copyId, (o) => o !== null);
    expect(restored).toEqual(before);

    await page.keyboard.press('Control+Shift+z');
    await inBob(copyId, (o) => o === null);
    const board = await expectBoardsEqual();
    expect(board).toHaveLength(6);
  });

  test("dragging an arrow's end moves that end alone in both contexts; undo puts it back", async () => {
    const page = ada.page;
    const before = (await objectById(page, id('arrow')))!;
    const { x, y, points } = before.props;
    const end = { x: x + points![2]!, y: y + points![3]! };
    // A click on the middle of the arrow selects it: handles on its two ends, no frame.
    const middle = await at(page, (x + end.x) / 2, (y + end.y) / 2);
    await page.mouse.click(middle.x, middle.y);
    expect(await selection(page)).toEqual([id('arrow')]);
    expect(await page.evaluate(() => window.__collabcanvas!.editor.overlayState().frame)).toBeNull();

    await drag(page, await at(page, end.x, end.y), await at(page, end.x + 60, end.y + 90));
    const near = (a: number | undefined, b: number) => a !== undefined && Math.abs(a - b) < 0.02;
    const moved = await inBob(id('arrow'), (o) => near(o?.props.points?.[2], end.x + 60 - x) && near(o?.props.points?.[3], end.y + 90 - y));
    // The start stayed where it was.
    expect(moved?.props).toMatchObject({ x, y });
    expect(moved?.props.points?.slice(0, 2)).toEqual([0, 0]);
    expect(await selection(page)).toEqual([id('arrow')]);
    const idle = await canvasPoint(page, 0.55, 0.85);
    await page.mouse.move(idle.x, idle.y);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await page.screenshot({ path: join(ensureArtifacts(), 'arrow-end-handles.png') });

    await page.keyboard.press('Control+z');
    const restored = await inBob(id('arrow'), (o) => near(o?.props.points?.[2], points![2]!) && near(o?.props.points?.[3], points![3]!));
    expect(restored).toEqual(before);
    await expectBoardsEqual();
  });

  test('screenshot of the editor with shapes and two peers', async () => {
    // Bob points at the sticky note and selects the ellipse; Ada sees his cursor and selection.
    const bp = bob.page;
    const ellipse = await toPage(bp, { x: -20, y: -150 });
    await bp.mouse.click(ellipse.x, ellipse.y);
    expect(await selection(bp)).toEqual([id('ellipse')]);
    const cursor = await toPage(bp, { x: 200, y: -120 });
    await bp.mouse.move(cursor.x, cursor.y, { steps: 4 });
    const page = ada.page;
    await expect.poll(() => page.getByTestId('peer-avatar').count(), POLL).toBe(1);
    await expect.poll(() => bp.getByTestId('peer-avatar').count(), POLL).toBe(1);
    await expect
      .poll(
        () =>
          page.evaluate((ellipseId) => {
            const peers = [...window.__collabcanvas!.editor.engine.peers.values()];
            return peers.length === 1 && peers[0]!.name === 'Bob' && peers[0]!.cursor !== null && peers[0]!.selection.includes(ellipseId);
          }, id('ellipse')),
        POLL,
      )
      .toBe(true);
    // Ada selects the text, so her own selection and the style panel show too.
    const text = (await objectById(page, id('text')))!;
    const onText = await at(page, text.props.x + 20, text.props.y + (text.props.h ?? 30) / 2);
    await page.mouse.click(onText.x, onText.y);
    expect(await selection(page)).toEqual([id('text')]);
    const idle = await canvasPoint(page, 0.55, 0.85);
    await page.mouse.move(idle.x, idle.y);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const path = join(ensureArtifacts(), 'editor-two-peers.png');
    const png = await page.screenshot({ path });
    expect(png.length).toBeGreaterThan(10_000);
  });
});
