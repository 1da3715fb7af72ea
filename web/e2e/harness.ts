import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Camera } from '../src/editor/camera';
import type { BoardObject } from '../src/model/types';
import type {} from '../src/app/debug-handle';
import type { Account } from './accounts';

// What every end-to-end test file shares: the real server binary on a fresh data directory,
// Debian's Chromium driven by playwright-core, and helpers that speak in world coordinates.
// Users and boards are made through the API (accounts.ts).

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = join(REPO_ROOT, 'web/e2e/artifacts');

const SERVER_BIN = resolve(REPO_ROOT, process.env.COLLABCANVAS_BIN ?? 'build/asan/server/collabcanvas');
const STATIC_DIR = join(REPO_ROOT, 'web/dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** One collabcanvas process on 127.0.0.1; `restart` keeps its data directory and port. */
export class TestServer {
  readonly dataDir: string;
  port = 0;
  /** Exit codes of the processes stopped so far (SIGTERM must give 0). */
  readonly exitCodes: (number | null)[] = [];
  private child: ChildProcess | null = null;
  private log = '';

  constructor() {
    if (!existsSync(SERVER_BIN)) throw new Error(`server binary not found: ${SERVER_BIN} (set COLLABCANVAS_BIN)`);
    if (!existsSync(join(STATIC_DIR, 'index.html'))) throw new Error('web/dist is missing: run npm run build first');
    this.dataDir = mkdtempSync(join(tmpdir(), 'collabcanvas-e2e-'));
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the server (on `port`, or on the port it had before, or a free one). */
  async start(port = this.port): Promise<void> {
    if (this.child) throw new Error('server already running');
    const child = spawn(SERVER_BIN, ['--host', '127.0.0.1', '--port', String(port), '--data-dir', this.dataDir, '--static-dir', STATIC_DIR, '--log-level', 'warn'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let out = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-20_000);
    });
    this.port = await new Promise<number>((resolvePort, reject) => {
      const timer = setTimeout(() => fail(new Error(`server did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      const fail = (error: Error) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new Error(`${error.message}\n${this.log}`));
      };
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolvePort(Number(match[1]));
        }
      });
      child.once('exit', (code, signal) => fail(new Error(`server exited early (code ${code}, signal ${signal})`)));
      child.once('error', fail);
    });
  }

  /** SIGTERM, then SIGKILL if it has not exited in time. Resolves with the exit code. */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child) return null;
    this.child = null;
    child.removeAllListeners('exit');
    const exited = new Promise<number | null>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode);
      else child.once('exit', (code) => done(code));
    });
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const code = await exited;
    clearTimeout(timer);
    this.exitCodes.push(code);
    return code;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start(this.port);
  }

  /** The server's log so far (stderr), for failure messages. */
  get stderr(): string {
    return this.log;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Debian's Chromium, headless. playwright-core gives each launch a fresh temporary profile. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS, timeout: 30_000 });
}

export function newBoardId(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

export interface BoardPage {
  context: BrowserContext;
  page: Page;
}

/**
 * A new browser context logged in as `account` (its own cookies and storage: another
 * person) with the editor on `boardId`, which the account must be a member of.
 */
export async function openBoard(browser: Browser, account: Account, boardId: string): Promise<BoardPage> {
  const context = await account.browserContext(browser);
  const page = await context.newPage();
  watchPage(page, account.name);
  await gotoBoard(page, account.origin, boardId);
  return { context, page };
}

/** Reports the page's uncaught errors on the test's output. */
export function watchPage(page: Page, name: string): void {
  page.on('pageerror', (error) => console.error(`[${name}] page error: ${error.message}`));
}

export async function gotoBoard(page: Page, origin: string, boardId: string): Promise<void> {
  await page.goto(`${origin}/b/${boardId}`);
  await waitConnected(page);
}

export async function waitConnected(page: Page, timeout = 20_000): Promise<void> {
  await page.waitForFunction(() => window.__collabcanvas?.editor.getConnectionStatus() === 'connected', undefined, { timeout, polling: 50 });
  // The camera of a board opened for the first time is placed on the frame after the welcome.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

export function objects(page: Page): Promise<BoardObject[]> {
  return page.evaluate(() => window.__collabcanvas!.editor.getObjects());
}

export function objectById(page: Page, id: string): Promise<BoardObject | null> {
  return page.evaluate((objectId) => window.__collabcanvas!.editor.getObject(objectId) ?? null, id);
}

export function selection(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__collabcanvas!.editor.getSelection());
}

export function pendingCount(page: Page): Promise<number> {
  return page.evaluate(() => window.__collabcanvas!.editor.getPendingCount());
}

export function connectionStatus(page: Page): Promise<string> {
  return page.evaluate(() => window.__collabcanvas!.editor.getConnectionStatus());
}

export function camera(page: Page): Promise<Camera> {
  return page.evaluate(() => window.__collabcanvas!.editor.getCamera());
}

export interface Point {
  x: number;
  y: number;
}

/** Page coordinates (for the mouse) of a world point, through the editor's camera. */
export async function toPage(page: Page, world: Point): Promise<Point> {
  return page.evaluate(({ x, y }) => {
    const cam = window.__collabcanvas!.editor.getCamera();
    const rect = document.querySelector('[data-testid="overlay-canvas"]')!.getBoundingClientRect();
    return { x: rect.left + (x - cam.x) * cam.zoom, y: rect.top + (y - cam.y) * cam.zoom };
  }, world);
}

/** Page coordinates of a point on the visible canvas given as fractions of its size. */
export async function canvasPoint(page: Page, fx: number, fy: number): Promise<Point> {
  const box = await page.getByTestId('overlay-canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

export async function drag(page: Page, from: Point, to: Point, steps = 10): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps });
  await page.mouse.up();
}

/** Waits until this page has no unacknowledged batch (every edit is durable on the server). */
export async function waitSaved(page: Page, timeout = 15_000): Promise<void> {
  await page.waitForFunction(() => window.__collabcanvas!.editor.getPendingCount() === 0, undefined, { timeout, polling: 50 });
}

export function ensureArtifacts(): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}
