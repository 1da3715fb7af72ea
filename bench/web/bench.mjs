#!/usr/bin/env node
// The web client's benchmark (see BENCHMARKS.md, "Web client"): Debian's Chromium, headless,
// driven by playwright-core against the release server.
//
// For boards of 10,000 and 100,000 objects (created beforehand through the HTTP API and
// filled over the WebSocket protocol) it measures the time to open the board, the frame times
// of panning and of zooming across it, and, on the 10,000-object board, the frame times of
// dragging a selection of 1,000 objects and the number of `ops` messages sent per animation
// frame while doing so. Each measurement runs BENCH_WEB_REPEATS times (3) in a fresh browser
// context; the tables show medians. Results go to bench/results/<date>-web.md and
// <date>-web.json.
//
// Frame time: the main thread's work for one animation frame, from the start of the first
// requestAnimationFrame callback (which applies the frame's camera change or pointer move)
// to the end of that frame's rendering task (every callback, style, layout, paint and the
// canvas flush), taken by a message posted from the callback. Headless Chromium paces frames
// at 60 Hz, so the interval between frames is also recorded: 16.7 ms when a frame's work
// fits, a multiple of it when it does not.
//
// The server needs a login: the benchmark registers one throwaway account that owns the
// boards, and each browser context logs in through the API before it opens a board, so the
// page restores its session from the refresh cookie as a returning user's page does.
//
// Knobs (environment): BENCH_BUILD_DIR (build/release), BENCH_RESULTS_DIR (bench/results),
// BENCH_WEB_REPEATS (3), BENCH_WEB_FRAMES (240), BENCH_WEB_SIZES ("10000,100000"),
// BENCH_WEB_SEND_QUEUE_BYTES (0: the server's default), BENCH_WEB_PROFILE (a
// directory: CPU profiles of the first run), CHROMIUM_PATH (/usr/bin/chromium).

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, release, tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'web/package.json'));
const { chromium } = require('playwright-core');
const WebSocket = require('ws');

const buildDir = resolve(root, process.env.BENCH_BUILD_DIR ?? 'build/release');
const serverBin = join(buildDir, 'server/collabcanvas');
const resultsDir = resolve(root, process.env.BENCH_RESULTS_DIR ?? 'bench/results');
const staticDir = join(root, 'web/dist');
const repeats = Number(process.env.BENCH_WEB_REPEATS ?? 3);
const frames = Number(process.env.BENCH_WEB_FRAMES ?? 240);
const sizes = (process.env.BENCH_WEB_SIZES ?? '10000,100000').split(',').map(Number);
// The welcome of a 100,000-object board is larger than the server's default send queue
// (8 MiB), which closes the connection (4001) instead of sending it: raise the limit.
const sendQueueBytes = process.env.BENCH_WEB_SEND_QUEUE_BYTES ?? '0';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 800 };
const CELL = 120;
const DRAG_OBJECTS = 1000;
const OPEN_TIMEOUT_MS = 120_000;
// BENCH_WEB_PROFILE=DIR: the first run of each measurement records a CPU profile of the page
// (Chrome DevTools Protocol) into DIR and prints the functions with the most self time.
const profileDir = process.env.BENCH_WEB_PROFILE ? resolve(process.env.BENCH_WEB_PROFILE) : null;

const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const log = (...args) => console.error('bench-web:', ...args);

for (const [what, path] of [['server', serverBin], ['web build', join(staticDir, 'index.html')], ['chromium', chromiumPath]]) {
  if (!existsSync(path)) {
    log(`${what} missing: ${path} (make bench builds the server and the web client)`);
    process.exit(1);
  }
}

// ---- Server ------------------------------------------------------------------------------

async function startServer(dataDir) {
  const args = ['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--static-dir', staticDir, '--log-level', 'warn'];
  if (sendQueueBytes && sendQueueBytes !== '0') args.push('--send-queue-bytes', sendQueueBytes);
  const child = spawn(serverBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-10_000)));
  const port = await new Promise((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error('server did not start in 30 s')), 30_000);
    child.stdout.on('data', (c) => {
      out += c;
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        done(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${code}): ${stderr}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    port,
    stderr: () => stderr,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done(child.exitCode);
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', (code) => {
          clearTimeout(timer);
          done(code);
        });
        child.kill('SIGTERM');
      }),
  };
}

// ---- Account ---------------------------------------------------------------------------------

async function postJson(port, path, body, token = null) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

/** Registers the run's account (a random email and password) on the fresh server. */
async function registerAccount(port) {
  const account = { email: `bench-web-${randomBytes(6).toString('hex')}@example.test`, password: randomBytes(16).toString('hex') };
  await postJson(port, '/api/auth/register', { ...account, name: 'Bench' });
  return account;
}

/**
 * A fresh access token: an access token lives 15 minutes and a run can take longer, so each
 * board's creation logs in again instead of reusing the registration's token.
 */
async function accessToken(port, account) {
  return (await postJson(port, '/api/auth/login', account)).accessToken;
}

/** Logs a browser context in: the server's refresh cookie lands in the context's cookie jar. */
async function logInContext(context, port, account) {
  const response = await context.request.post(`http://127.0.0.1:${port}/api/auth/login`, { data: account });
  if (response.status() !== 200) throw new Error(`browser login: ${response.status()} ${await response.text()}`);
}

// ---- Boards --------------------------------------------------------------------------------

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const FILLS = ['transparent', '#ffc9c9', '#b2f2bb', '#a5d8ff', '#ffec99', '#eebefa', '#e9ecef'];
const STROKES = ['#1e1e1e', '#e03131', '#2f9e44', '#1971c2', '#f08c00', '#9c36b5'];
const STICKIES = ['#fff3a3', '#ffd8a8', '#ffc9c9', '#d0bfff', '#a5d8ff', '#b2f2bb'];

/** A mixed board laid out on a square grid of 120-unit cells (row-major from the origin). */
function boardOps(count) {
  const random = rng(count);
  const side = Math.ceil(Math.sqrt(count));
  const pick = (list) => list[Math.floor(random() * list.length)];
  const ops = [];
  for (let i = 0; i < count; i++) {
    const x = (i % side) * CELL;
    const y = Math.floor(i / side) * CELL;
    const id = `o${i}`;
    const r = random();
    let op;
    if (r < 0.4) op = { kind: 'rect', props: { x, y, w: 100, h: 60, fill: pick(FILLS), stroke: pick(STROKES), strokeWidth: 2 } };
    else if (r < 0.6) op = { kind: 'ellipse', props: { x, y, w: 90, h: 90, fill: pick(FILLS), stroke: pick(STROKES), strokeWidth: 2 } };
    else if (r < 0.72) op = { kind: 'sticky', props: { x, y, w: 100, h: 100, fill: pick(STICKIES), text: `Note ${i}` } };
    else if (r < 0.8) op = { kind: 'text', props: { x, y: y + 30, w: 100, h: 30, text: `Label ${i}`, fontSize: 20 } };
    else if (r < 0.85) op = { kind: 'triangle', props: { x, y, w: 90, h: 80, fill: pick(FILLS), stroke: pick(STROKES), strokeWidth: 2 } };
    else if (r < 0.9) op = { kind: 'arrow', props: { x, y, points: [0, 0, 90, 60], stroke: pick(STROKES), strokeWidth: 2, endArrow: 'arrow' } };
    else {
      const points = [];
      for (let k = 0; k < 8; k++) points.push(Math.round(k * 12), Math.round(30 + 25 * Math.sin(k + i)));
      op = { kind: 'path', props: { x, y, points, stroke: pick(STROKES), strokeWidth: 2 } };
    }
    ops.push({ op: 'put', id, kind: op.kind, props: op.props });
  }
  return ops;
}

/** Creates a board through the API, then fills it over the WebSocket in batches of 5,000 ops, each awaited. */
async function createBoard(port, account, boardId, count) {
  const token = await accessToken(port, account);
  await postJson(port, '/api/boards', { id: boardId, name: boardId }, token);
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws/${boardId}`, { maxPayload: 512 * 1024 * 1024 });
  const inbox = [];
  let waiter = null;
  socket.on('message', (data) => {
    const parsed = JSON.parse(data.toString());
    for (const m of Array.isArray(parsed) ? parsed : [parsed]) inbox.push(m);
    if (waiter) waiter();
  });
  const closed = new Promise((_, fail) => socket.once('close', (code) => fail(new Error(`socket closed (${code}) while creating ${boardId}`))));
  closed.catch(() => undefined);
  const next = (type, timeoutMs = 60_000) =>
    Promise.race([
      closed,
      new Promise((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no ${type} within ${timeoutMs} ms`)), timeoutMs);
        const look = () => {
          while (inbox.length > 0) {
            const m = inbox.shift();
            if (m.type === 'error') {
              clearTimeout(timer);
              waiter = null;
              return fail(new Error(`server error: ${m.code} ${m.message}`));
            }
            if (m.type === type) {
              clearTimeout(timer);
              waiter = null;
              return done(m);
            }
          }
          waiter = look;
        };
        look();
      }),
    ]);
  await new Promise((done, fail) => {
    socket.once('open', done);
    socket.once('error', fail);
  });
  socket.send(JSON.stringify({ type: 'hello', token, since: 0, name: 'bench' }));
  await next('welcome');
  const ops = boardOps(count);
  for (let i = 0, n = 0; i < ops.length; i += 5000, n++) {
    socket.send(JSON.stringify({ type: 'ops', batch: `fill-${n}`, ops: ops.slice(i, i + 5000) }));
    await next('ack');
  }
  socket.close(1000);
}

// ---- In-page instrumentation -----------------------------------------------------------------

/**
 * Runs before the app: records when the board is fully loaded and first drawn, and every
 * WebSocket message the page sends (time and type).
 */
function pageInit(expected) {
  // `frame`: the frame loop of a drag numbers its frames here, and every message sent is
  // tagged with the number current when it went out.
  const bench = (window.__bench = { sent: [], welcomeAt: null, welcomeBytes: 0, loadedAt: null, drawnAt: null, frame: 0 });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      // Registered before the app's onmessage, so this runs first: when the welcome arrived.
      this.addEventListener('message', (event) => {
        if (bench.welcomeAt === null && typeof event.data === 'string' && event.data.startsWith('{"type":"welcome"')) {
          bench.welcomeAt = performance.now();
          bench.welcomeBytes = event.data.length;
        }
      });
    }
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (typeof data === 'string') bench.sent.push({ t: performance.now(), type: data.slice(9, 24).split('"')[0], frame: bench.frame });
    return send.call(this, data);
  };
  const loaded = (editor) => {
    if (bench.loadedAt === null && editor.doc.size >= expected) bench.loadedAt = performance.now();
    return bench.loadedAt !== null;
  };
  const watch = () => {
    const handle = window.__collabcanvas;
    const renderer = handle?.renderer();
    if (!handle || !renderer) return setTimeout(watch, 2);
    // The first frame drawn with the whole board in the document: the renderer's draw is
    // wrapped from the start, so that frame is caught however soon it follows the welcome.
    const original = renderer.renderNow;
    renderer.renderNow = function () {
      original.call(this);
      if (bench.drawnAt === null && loaded(handle.editor) && this.stats.drawn > 0) {
        this.renderNow = original;
        // The frame is on screen when the next one starts.
        requestAnimationFrame(() => (bench.drawnAt = performance.now()));
      }
    };
    // When the whole board is in the document: the engine's change event that fills it.
    const off = handle.editor.engine.onChange(() => {
      if (loaded(handle.editor)) off();
    });
    loaded(handle.editor);
  };
  watch();
}

/** Pans or zooms for a number of frames from a rAF loop; returns per-frame figures. */
async function cameraRun(page, mode, count) {
  return page.evaluate(
    ({ mode, count }) =>
      new Promise((resolveRun) => {
        const { editor, renderStats } = window.__collabcanvas;
        const base = editor.getCamera();
        const vw = editor.viewport.width;
        const vh = editor.viewport.height;
        const intervals = [];
        const scene = [];
        const work = [];
        // A message posted from an animation frame callback is handled once the frame's
        // rendering task (every callback, style, layout, paint and canvas flush) is done.
        const channel = new MessageChannel();
        let frameStart = 0;
        channel.port1.onmessage = () => work.push(performance.now() - frameStart);
        let last = null;
        let i = 0;
        const step = (ts) => {
          frameStart = performance.now();
          if (last !== null) {
            intervals.push(ts - last);
            scene.push(renderStats().sceneMs);
          }
          last = ts;
          if (i >= count) return setTimeout(() => resolveRun({ intervals, scene, work: work.slice(1) }), 50);
          channel.port2.postMessage(0);
          if (mode === 'pan') {
            // Round a circle of 400 screen pixels' radius (about 10 pixels a frame at 240
            // frames), so the board stays in view and every frame reveals new strips.
            const a = (2 * Math.PI * i) / count;
            editor.setCamera({ ...base, x: base.x + (400 * Math.sin(a)) / base.zoom, y: base.y + (400 * (1 - Math.cos(a))) / base.zoom });
          } else {
            // Zoom in by 1.5% a frame around the centre, then out again.
            const k = i < count / 2 ? i : count - i;
            const zoom = base.zoom * 1.015 ** k;
            const cx = base.x + vw / 2 / base.zoom;
            const cy = base.y + vh / 2 / base.zoom;
            editor.setCamera({ x: cx - vw / 2 / zoom, y: cy - vh / 2 / zoom, zoom });
          }
          i++;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    { mode, count },
  );
}

/**
 * Drags the current selection: a real mouse press on a selected object, then one pointer
 * move per animation frame dispatched from the rAF loop, then a real release.
 */
async function dragRun(page, count) {
  const start = await page.evaluate(() => {
    const { editor } = window.__collabcanvas;
    const cam = editor.getCamera();
    const rect = document.querySelector('[data-testid="overlay-canvas"]').getBoundingClientRect();
    // The selected object nearest the centre of the view.
    const cx = cam.x + editor.viewport.width / 2 / cam.zoom;
    const cy = cam.y + editor.viewport.height / 2 / cam.zoom;
    let best = null;
    for (const id of editor.getSelection()) {
      const o = editor.getObject(id);
      if (!o || (o.kind !== 'rect' && o.kind !== 'sticky')) continue;
      const d = Math.hypot(o.props.x - cx, o.props.y - cy);
      if (!best || d < best.d) best = { d, o };
    }
    const p = best.o.props;
    return { x: rect.left + (p.x + p.w / 2 - cam.x) * cam.zoom, y: rect.top + (p.y + p.h / 2 - cam.y) * cam.zoom };
  });
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  const result = await page.evaluate(
    ({ count, start }) =>
      new Promise((resolveRun) => {
        const { editor, renderStats } = window.__collabcanvas;
        const overlay = document.querySelector('[data-testid="overlay-canvas"]');
        const sent = window.__bench.sent;
        const firstSent = sent.length;
        const intervals = [];
        const overlayMs = [];
        const boundaries = [];
        const work = [];
        const channel = new MessageChannel();
        let frameStart = 0;
        channel.port1.onmessage = () => work.push(performance.now() - frameStart);
        let last = null;
        let i = 0;
        const move = (x, y) =>
          overlay.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: x, clientY: y, pointerId: 1, pointerType: 'mouse', isPrimary: true, button: -1, buttons: 1, altKey: true }));
        const step = (ts) => {
          frameStart = performance.now();
          boundaries.push(frameStart);
          window.__bench.frame = boundaries.length;
          if (last !== null) {
            intervals.push(ts - last);
            overlayMs.push(renderStats().overlayMs);
          }
          last = ts;
          if (i >= count) {
            // Let the last batch go out (the engine sends once per frame).
            setTimeout(() => {
              const ops = sent.slice(firstSent).filter((m) => m.type === 'ops');
              // Ops messages sent in each frame interval of the drag, by the frame number each
              // was tagged with: times would not do, performance.now() is coarsened to 100 µs
              // and a batch sent by a frame's first callback can share the time of the frame
              // loop's callback that follows it.
              const perFrame = new Array(boundaries.length).fill(0);
              for (const m of ops) perFrame[m.frame - 1] = (perFrame[m.frame - 1] ?? 0) + 1;
              resolveRun({ intervals, work: work.slice(0, count), overlayMs, opsMessages: ops.length, maxPerFrame: Math.max(0, ...perFrame), frames: count, floating: editor.floating?.ids.size ?? 0 });
            }, 200);
            return;
          }
          channel.port2.postMessage(0);
          // 3 pixels right and 2 down a frame (Alt: no snapping to neighbours).
          move(start.x + 3 * (i + 1), start.y + 2 * (i + 1));
          i++;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    { count, start },
  );
  await page.mouse.up();
  return result;
}

// ---- Profiling -------------------------------------------------------------------------------

async function profiled(page, name, enabled, run) {
  if (!profileDir || !enabled) return run();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const result = await run();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  mkdirSync(profileDir, { recursive: true });
  writeFileSync(join(profileDir, `${name}.cpuprofile`), JSON.stringify(profile));
  // Self time per function, from the samples.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, k) => {
    const node = byId.get(id);
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (deltas[k + 1] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
  log(`profile ${name} (${total.toFixed(0)} ms sampled):\n${top.map(([k, v]) => `  ${v.toFixed(1).padStart(8)} ms  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`).join('\n')}`);
  return result;
}

// ---- Statistics ------------------------------------------------------------------------------

function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
const median = (values) => quantile(values, 0.5);
const fmt = (v, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '-');

function frameSummary(run) {
  return { median: median(run.work), p95: quantile(run.work, 0.95), intervalMedian: median(run.intervals), intervalP95: quantile(run.intervals, 0.95), sceneMedian: run.scene ? median(run.scene) : NaN, sceneP95: run.scene ? quantile(run.scene, 0.95) : NaN };
}

// ---- Measurements ------------------------------------------------------------------------------

async function openBoardPage(browser, port, account, boardId, expected, profileOpen = false) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  await logInContext(context, port, account);
  const page = await context.newPage();
  const wsFrames = { ops: 0 };
  page.on('websocket', (ws) => ws.on('framesent', (f) => typeof f.payload === 'string' && f.payload.startsWith('{"type":"ops"') && wsFrames.ops++));
  await page.addInitScript(pageInit, expected);
  const url = `http://127.0.0.1:${port}/b/${boardId}`;
  if (profileDir && profileOpen) {
    // Same site first, so the board's page runs in the process being profiled.
    await page.goto(`http://127.0.0.1:${port}/favicon.svg`);
    await profiled(page, `${expected}-open`, true, async () => {
      await page.goto(url, { timeout: OPEN_TIMEOUT_MS });
      await page.waitForFunction(() => window.__bench?.drawnAt != null, undefined, { timeout: OPEN_TIMEOUT_MS, polling: 50 });
    });
  } else {
    await page.goto(url, { timeout: OPEN_TIMEOUT_MS });
    await page.waitForFunction(() => window.__bench?.drawnAt != null, undefined, { timeout: OPEN_TIMEOUT_MS, polling: 50 });
  }
  const times = await page.evaluate(() => ({ helloMs: window.__bench.sent.find((m) => m.type === 'hello')?.t ?? null, welcomeMs: window.__bench.welcomeAt, welcomeBytes: window.__bench.welcomeBytes, loadedMs: window.__bench.loadedAt, firstFrameMs: window.__bench.drawnAt }));
  // Let the camera settle on the whole board (placed on the frame after the welcome).
  await page.evaluate(() => new Promise((done) => setTimeout(done, 300)));
  return { context, page, times, wsFrames };
}

async function measureBoard(browser, port, account, boardId, count, withDrag) {
  const runs = [];
  for (let rep = 1; rep <= repeats; rep++) {
    const { context, page, times, wsFrames } = await openBoardPage(browser, port, account, boardId, count, rep === 1);
    const run = { rep, ...times };
    // Pan and zoom with the whole board in view (the view a board opens with), then pan at
    // twice that zoom, where the board overflows the view and every strip holds objects.
    await page.evaluate(() => window.__collabcanvas.editor.zoomToFit());
    run.fitZoom = (await page.evaluate(() => window.__collabcanvas.editor.getCamera())).zoom;
    const prof = rep === 1;
    run.panFit = frameSummary(await profiled(page, `${count}-pan-fit`, prof, () => cameraRun(page, 'pan', frames)));
    await page.evaluate(() => window.__collabcanvas.editor.zoomToFit());
    run.zoom = frameSummary(await profiled(page, `${count}-zoom`, prof, () => cameraRun(page, 'zoom', frames)));
    await page.evaluate(() => {
      const { editor } = window.__collabcanvas;
      editor.zoomToFit();
      editor.zoomTo(editor.getCamera().zoom * 4);
    });
    run.pan4x = frameSummary(await profiled(page, `${count}-pan-4x`, prof, () => cameraRun(page, 'pan', frames)));
    run.pan4xZoom = (await page.evaluate(() => window.__collabcanvas.editor.getCamera())).zoom;
    if (withDrag) {
      // Select 1,000 objects of the top-left corner and show them with some room to move.
      await page.evaluate((n) => {
        const { editor } = window.__collabcanvas;
        const side = Math.ceil(Math.sqrt(n));
        const ids = [];
        for (let row = 0; ids.length < n; row++) for (let col = 0; col < side && ids.length < n; col++) ids.push(`o${row * Math.ceil(Math.sqrt(editor.doc.size)) + col}`);
        editor.select(ids);
        editor.zoomToSelection();
        editor.zoomTo(editor.getCamera().zoom * 0.7);
      }, DRAG_OBJECTS);
      run.selected = (await page.evaluate(() => window.__collabcanvas.editor.getSelection().length));
      const sentBefore = wsFrames.ops;
      const drag = await profiled(page, `${count}-drag`, prof, () => dragRun(page, Math.min(frames, 120)));
      run.drag = { ...frameSummary({ intervals: drag.intervals, work: drag.work }), overlayMedian: median(drag.overlayMs), opsMessages: drag.opsMessages, maxPerFrame: drag.maxPerFrame, frames: drag.frames, wsOpsFrames: wsFrames.ops - sentBefore };
      // Every move reached the server.
      await page.waitForFunction(() => window.__collabcanvas.editor.getPendingCount() === 0, undefined, { timeout: 30_000 });
    }
    runs.push(run);
    log(
      `${count} objects run ${rep}: hello at ${fmt(run.helloMs, 0)} ms, welcome at ${fmt(run.welcomeMs, 0)} ms (${(run.welcomeBytes / 1e6).toFixed(1)} MB), loaded ${fmt(run.loadedMs, 0)} ms, first frame ${fmt(run.firstFrameMs, 0)} ms; pan (fit) ${fmt(run.panFit.median)} / ${fmt(run.panFit.p95)} ms; zoom ${fmt(run.zoom.median)} / ${fmt(run.zoom.p95)} ms; pan (4x fit) ${fmt(run.pan4x.median)} / ${fmt(run.pan4x.p95)} ms` +
        (run.drag ? `; drag ${run.selected} objects ${fmt(run.drag.median)} / ${fmt(run.drag.p95)} ms, ${run.drag.opsMessages} ops messages over ${run.drag.frames} frames (max ${run.drag.maxPerFrame} per frame)` : ''),
    );
    await context.close();
  }
  return runs;
}

function med(runs, get) {
  return median(runs.map(get).filter((v) => Number.isFinite(v)));
}

async function main() {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'collabcanvas-bench-web-'));
  const server = await startServer(dataDir);
  log(`server on port ${server.port}${sendQueueBytes !== '0' ? ` (--send-queue-bytes ${sendQueueBytes})` : ''}`);
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: BROWSER_ARGS });
  const version = browser.version();
  const results = {};
  try {
    const account = await registerAccount(server.port);
    for (const count of sizes) {
      const boardId = `bench-${count}`;
      const t0 = Date.now();
      await createBoard(server.port, account, boardId, count);
      log(`created ${boardId} (${count} objects) in ${Date.now() - t0} ms`);
      results[count] = await measureBoard(browser, server.port, account, boardId, count, count <= 10_000);
    }
  } finally {
    await browser.close();
    const code = await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (code !== 0) log(`server exited with ${code}: ${server.stderr()}`);
  }

  const date = new Date().toISOString().slice(0, 10);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines = [];
  const verdict = (value, limit) => (Number.isFinite(value) ? (value < limit ? 'met' : 'missed') : '-');
  lines.push(`# Web client benchmark, ${date}`, '');
  lines.push(`Machine: ${cpus().length} CPUs, ${cpu}; Linux ${release()}. Load average at the end: ${loadavg().map((v) => v.toFixed(2)).join(' ')}.`);
  lines.push(`Chromium ${version}, headless, software rendering (no GPU); viewport ${VIEWPORT.width} x ${VIEWPORT.height} at device pixel ratio 1.`);
  lines.push(`Server: release build${sendQueueBytes !== '0' ? `, \`--send-queue-bytes ${sendQueueBytes}\`` : ''}, on the same machine. Each figure is the median of ${repeats} runs, each`);
  lines.push('in a fresh browser context (empty cache). Frame work: main-thread time of one animation frame (input, script, canvas');
  lines.push(`drawing, paint); rAF interval: time between frames (60 Hz pacing). ${frames} frames per pan or zoom run, ${Math.min(frames, 120)} per drag.`);
  lines.push('');
  lines.push('| board | open -> all objects loaded ms | open -> first frame drawn ms | target | verdict |');
  lines.push('|---|---:|---:|---|---|');
  for (const count of sizes) {
    const runs = results[count];
    const first = med(runs, (r) => r.firstFrameMs);
    const target = count >= 100_000 ? '< 2,000 ms' : '-';
    lines.push(`| ${count.toLocaleString('en-US')} objects | ${fmt(med(runs, (r) => r.loadedMs), 0)} | ${fmt(first, 0)} | ${target} | ${count >= 100_000 ? verdict(first, 2000) : '-'} |`);
  }
  lines.push('');
  lines.push('| board | measurement | frame work median / p95 ms | rAF interval median / p95 ms | scene draw median / p95 ms | target | verdict (p95) |');
  lines.push('|---|---|---|---|---|---|---|');
  for (const count of sizes) {
    const runs = results[count];
    const limit = count >= 100_000 ? 33 : 16;
    const rows = [
      ['pan, whole board in view', (r) => r.panFit, `< ${limit} ms`],
      ['pan, at 4x that zoom', (r) => r.pan4x, `< ${limit} ms`],
      ['zoom in and out, whole board in view', (r) => r.zoom, '-'],
    ];
    for (const [name, get, target] of rows) {
      const p95 = med(runs, (r) => get(r).p95);
      lines.push(
        `| ${count.toLocaleString('en-US')} objects | ${name} | ${fmt(med(runs, (r) => get(r).median))} / ${fmt(p95)} | ${fmt(med(runs, (r) => get(r).intervalMedian))} / ${fmt(med(runs, (r) => get(r).intervalP95))} | ${fmt(med(runs, (r) => get(r).sceneMedian))} / ${fmt(med(runs, (r) => get(r).sceneP95))} | ${target} | ${target === '-' ? '-' : verdict(p95, limit)} |`,
      );
    }
  }
  const dragRuns = sizes.flatMap((count) => results[count].filter((r) => r.drag).map((r) => ({ count, ...r })));
  if (dragRuns.length > 0) {
    const p95 = med(dragRuns, (r) => r.drag.p95);
    const most = Math.max(...dragRuns.map((r) => r.drag.maxPerFrame));
    lines.push('');
    lines.push('| drag | objects | frame work median / p95 ms | rAF interval median / p95 ms | overlay draw median ms | ops messages / frames | most ops messages in one frame | target | verdict |');
    lines.push('|---|---:|---|---|---:|---|---:|---|---|');
    lines.push(
      `| ${dragRuns[0].count.toLocaleString('en-US')}-object board | ${med(dragRuns, (r) => r.selected)} | ${fmt(med(dragRuns, (r) => r.drag.median))} / ${fmt(p95)} | ${fmt(med(dragRuns, (r) => r.drag.intervalMedian))} / ${fmt(med(dragRuns, (r) => r.drag.intervalP95))} | ${fmt(med(dragRuns, (r) => r.drag.overlayMedian), 2)} | ${med(dragRuns, (r) => r.drag.opsMessages)} / ${med(dragRuns, (r) => r.drag.frames)} | ${most} | < 16 ms, <= 1 batch a frame | ${p95 < 16 && most <= 1 ? 'met' : 'missed'} |`,
    );
  }
  const md = lines.join('\n') + '\n';
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${date}-web.md`), md);
  writeFileSync(join(resultsDir, `${date}-web.json`), JSON.stringify({ date, chromium: version, frames, repeats, sendQueueBytes: sendQueueBytes ?? null, results }, null, 1) + '\n');
  process.stdout.write(md);
  log(`done in ${Math.round((Date.now() - started) / 1000)} s; results in ${join(resultsDir, `${date}-web.md`)}`);
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exit(1);
});
