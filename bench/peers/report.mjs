// Turns the comparison runs (one JSON line each, from bench/peers.sh) into the tables of
// bench/results/<date>-peers.md. Also answers the script's small questions:
//   node report.mjs --summary JSON           one line about one run
//   node report.mjs --half-rate FILE SERVER  half of SERVER's best scenario-1 rate per client
//   node report.mjs --markdown FILE --date D --machine M --load L --repeats N --repeats-heavy N
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const opt = (name) => argv[argv.indexOf(name) + 1];
const SERVERS = ['collabcanvas', 'hocuspocus', 'hocuspocus-sqlite', 'y-websocket', 'y-websocket-leveldb', 'uws-relay'];
const PEERS = SERVERS.slice(1);

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return undefined;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const fmt = (x, digits = 1) =>
  x === undefined || x === null || Number.isNaN(x)
    ? '-'
    : Number(x).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (ours, theirs, higherIsBetter = true) =>
  ours && theirs ? `${fmt(higherIsBetter ? ours / theirs : theirs / ours, 2)}x` : '-';

// The step of a load run that counts: the best passing step of a ramp, else the only one.
function keyStep(r) {
  if (!r || !r.steps || !r.steps.length) return undefined;
  if (r.steps.length === 1) return r.steps[0];
  return r.best_step >= 0 ? r.steps[r.best_step] : undefined;
}

function summary(r) {
  if (!r) return 'no output';
  switch (r.mode) {
    case 'peer-load': {
      const s = keyStep(r) ?? r.steps?.[0];
      if (!s) return `no step (joined ${r.clients_joined}/${r.clients})`;
      return `${r.steps.length} steps, best ${r.best_step}: ${fmt(s.delivered_edits_per_s, 0)} delivered edits/s (of ${fmt(s.expected_deliveries_per_s, 0)}), p50 ${fmt(s.delivery_p50_ms, 2)} p99 ${fmt(s.delivery_p99_ms, 2)} ms, all peers p99 ${fmt(s.all_peers_p99_ms, 2)} ms, ${fmt(s.server_cpu_s_per_100k, 2)} server CPU s/100k, generator ${fmt(s.generator_cpu_pct, 0)}%, errors ${r.errors}, skipped ${r.skipped_sends}`;
    }
    case 'peer-idle':
      return `${r.clients_joined}/${r.clients} joined in ${fmt(r.join_s, 1)} s, ${fmt(r.kib_per_connection, 2)} KiB per connection`;
    case 'peer-join':
      return `${r.joined}/${r.joiners} joined, last snapshot ${fmt(r.first_connect_to_last_snapshot_ms, 0)} ms after the first connect, join p99 ${fmt(r.join_p99_ms, 0)} ms`;
    case 'peer-restart':
      return r.ok ? `snapshot ${fmt(r.start_to_snapshot_ms, 1)} ms after start (${r.snapshot_bytes} bytes)` : `failed: ${r.failure}`;
    default:
      return JSON.stringify(r).slice(0, 200);
  }
}

function load(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

function runsOf(rows, scenario, server) {
  return rows.filter((r) => r.scenario === scenario && r.server === server && r.result);
}

if (argv[0] === '--summary') {
  let r = null;
  try {
    r = JSON.parse(argv[1] || 'null');
  } catch {}
  console.log(summary(r));
} else if (argv[0] === '--half-rate') {
  const rates = runsOf(load(argv[1]), 's1', argv[2]).map((r) => keyStep(r.result)?.edit_rate);
  const m = median(rates);
  console.log(m ? String(m / 2) : '');
} else if (argv[0] === '--markdown') {
  markdown(load(argv[1]));
}

function markdown(rows) {
  const out = [];
  const p = (s = '') => out.push(s);
  const present = SERVERS.filter((s) => rows.some((r) => r.server === s));
  const peersPresent = PEERS.filter((s) => present.includes(s));
  p(`# Comparative benchmark, ${opt('--date')}`);
  p();
  p(`Machine: ${opt('--machine')}. Load average when the run ended: ${opt('--load')}.`);
  p('Every server pinned to CPU 0, the generator (one thread) to CPU 1. Medians of ' +
    `${opt('--repeats')} runs for scenarios 1 and 6, ${opt('--repeats-heavy')} for scenarios 2 to 5; a fresh server per run.`);
  p('*Delivery*: from a client\'s send to its arrival at one other client of the board (every receiver counts);');
  p('*all peers*: from the send until the last client of the board has it (edits that reached every peer).');
  p('Server CPU is utime + stime of the server process (all its threads) over the measured window,');
  p('per 100,000 delivered edits (edit x receiver). *Generator CPU* near 100% means the generator, not the');
  p('server, was the limit. Ratios are ours / peer for throughput figures and peer / ours for costs, so');
  p('above 1 always favours ours.');
  p();

  // Scenario 1.
  const s1 = {};
  for (const s of present) {
    const runs = runsOf(rows, 's1', s).map((r) => r.result);
    if (!runs.length) continue;
    const ks = runs.map(keyStep);
    const pick = (f) => median(ks.map((k) => (k ? f(k) : undefined)));
    s1[s] = {
      rate: pick((k) => k.edit_rate),
      delivered: pick((k) => k.delivered_edits_per_s),
      p50: pick((k) => k.delivery_p50_ms),
      p99: pick((k) => k.delivery_p99_ms),
      max: pick((k) => k.delivery_max_ms),
      ap99: pick((k) => k.all_peers_p99_ms),
      cpu: pick((k) => k.server_cpu_s_per_100k),
      gen: pick((k) => k.generator_cpu_pct),
      cursor: pick((k) => k.cursor_p99_ms),
      rss: median(runs.map((r) => r.server_peak_rss_kib / 1024)),
      genMax: median(runs.map((r) => Math.max(...r.steps.map((x) => x.generator_cpu_pct)))),
      stopped: runs.map((r) => r.steps.length).join('/'),
    };
  }
  p('## 1. One board, 50 clients: highest sustained load');
  p();
  p('Each client moves its object 5 times a second and its cursor 10 times a second; then the edit rate');
  p('per client doubles every step (1 s warmup, 3 s measured) until more than 1% of deliveries take over 50 ms.');
  p('The row shows the last step that held (p99 <= 50 ms). Edits per server CPU second = 100,000 / CPU s per 100k');
  p('(cursor traffic included in the CPU).');
  p();
  p('| server | edits/s per client | delivered edits/s | delivery p50 / p99 / max ms | all peers p99 ms | cursor p99 ms | server CPU s per 100k | edits per server CPU s | peak RSS MiB | generator CPU % (at that step / highest) | steps run |');
  p('|---|---:|---:|---|---:|---:|---:|---:|---:|---|---|');
  for (const [s, v] of Object.entries(s1)) {
    p(`| ${s} | ${fmt(v.rate, 0)} | ${fmt(v.delivered, 0)} | ${fmt(v.p50, 2)} / ${fmt(v.p99, 2)} / ${fmt(v.max, 1)} | ${fmt(v.ap99, 2)} | ${fmt(v.cursor, 1)} | ${fmt(v.cpu, 2)} | ${fmt(v.cpu ? 1e5 / v.cpu : undefined, 0)} | ${fmt(v.rss, 1)} | ${fmt(v.gen, 0)} / ${fmt(v.genMax, 0)} | ${v.stopped} |`);
  }
  if (s1.collabcanvas) {
    p();
    p('Ours against each peer (scenario 1):');
    p();
    p('| peer | edits per server CPU s: ours / peer | highest delivered edits/s: ours / peer |');
    p('|---|---:|---:|');
    for (const s of peersPresent) {
      if (!s1[s]) continue;
      p(`| ${s} | ${ratio(s1.collabcanvas.cpu, s1[s].cpu, false)} | ${ratio(s1.collabcanvas.delivered, s1[s].delivered)} |`);
    }
  }
  const half = runsOf(rows, 's1b', 'collabcanvas').map((r) => r.result.steps?.[0]).filter(Boolean);
  if (half.length) {
    p();
    p(`Ours at half of Hocuspocus's highest sustained load (${fmt(median(half.map((h) => h.edit_rate)), 1)} edits/s per client, 1 s + 5 s): ` +
      `delivery p50 ${fmt(median(half.map((h) => h.delivery_p50_ms)), 2)} ms, p99 ${fmt(median(half.map((h) => h.delivery_p99_ms)), 2)} ms, ` +
      `max ${fmt(median(half.map((h) => h.delivery_max_ms)), 1)} ms; all peers p99 ${fmt(median(half.map((h) => h.all_peers_p99_ms)), 2)} ms; ` +
      `${fmt(median(half.map((h) => h.delivered_edits_per_s)), 0)} delivered edits/s.`);
  }

  // Scenarios 2 and 3.
  for (const [id, title, text] of [
    ['s2', '2. One board, 1,000 clients, one edit per second each', '1,000 edits/s offered, each to 999 peers: 999,000 deliveries/s expected. 2 s warmup, 5 s measured.'],
    ['s3', '3. 1,000 boards of 10 clients, one edit every 2 seconds each', '5,000 edits/s offered, each to 9 peers: 45,000 deliveries/s expected. 2 s warmup, 6 s measured.'],
  ]) {
    p();
    p(`## ${title}`);
    p();
    p(text);
    p();
    p('| server | joined | delivered edits/s (of expected) | delivery p50 / p99 / max ms | all peers p50 / p99 / max ms | complete edits % | server CPU s per 100k | peak RSS MiB | generator CPU % | p99 ratio (peer / ours) | CPU ratio (peer / ours) |');
    p('|---|---:|---|---|---|---:|---:|---:|---:|---:|---:|');
    const rowsFor = {};
    for (const s of present) {
      const runs = runsOf(rows, id, s).map((r) => r.result);
      if (!runs.length) continue;
      const st = runs.map((r) => r.steps?.[0]).filter(Boolean);
      const m = (f) => median(st.map(f));
      rowsFor[s] = {
        joined: `${median(runs.map((r) => r.clients_joined))}/${runs[0].clients}`,
        delivered: m((x) => x.delivered_edits_per_s),
        expected: m((x) => x.expected_deliveries_per_s),
        p50: m((x) => x.delivery_p50_ms), p99: m((x) => x.delivery_p99_ms), max: m((x) => x.delivery_max_ms),
        a50: m((x) => x.all_peers_p50_ms), a99: m((x) => x.all_peers_p99_ms), amax: m((x) => x.all_peers_max_ms),
        complete: m((x) => (x.complete_edits + x.incomplete_edits ? (100 * x.complete_edits) / (x.complete_edits + x.incomplete_edits) : 0)),
        cpu: m((x) => x.server_cpu_s_per_100k),
        rss: median(runs.map((r) => r.server_peak_rss_kib / 1024)),
        gen: m((x) => x.generator_cpu_pct),
      };
    }
    const ours = rowsFor.collabcanvas;
    for (const [s, v] of Object.entries(rowsFor)) {
      p(`| ${s} | ${v.joined} | ${fmt(v.delivered, 0)} (${fmt(v.expected, 0)}) | ${fmt(v.p50, 2)} / ${fmt(v.p99, 2)} / ${fmt(v.max, 1)} | ${fmt(v.a50, 2)} / ${fmt(v.a99, 2)} / ${fmt(v.amax, 1)} | ${fmt(v.complete, 1)} | ${fmt(v.cpu, 2)} | ${fmt(v.rss, 1)} | ${fmt(v.gen, 0)} | ${s === 'collabcanvas' || !ours ? '-' : ratio(ours.p99, v.p99, false)} | ${s === 'collabcanvas' || !ours ? '-' : ratio(ours.cpu, v.cpu, false)} |`);
    }
  }

  // Scenario 4.
  p();
  p('## 4. 15,000 idle connections over 1,500 boards');
  p();
  p('Every client joins its board (ours: hello/welcome; Yjs: sync step 1/2, Hocuspocus after its auth message; relay:');
  p('the upgrade), then stays silent. Memory per connection = (server RSS 3 s after the last join - RSS before the');
  p('first connect) / connections; it includes the 1,500 boards (documents) the connections opened.');
  p();
  p('| server | joined | join time s | RSS before MiB | RSS after MiB | KiB per connection | peer / ours |');
  p('|---|---:|---:|---:|---:|---:|---:|');
  const s4 = {};
  for (const s of present) {
    const runs = runsOf(rows, 's4', s).map((r) => r.result);
    if (!runs.length) continue;
    s4[s] = {
      joined: median(runs.map((r) => r.clients_joined)), join: median(runs.map((r) => r.join_s)),
      before: median(runs.map((r) => r.server_rss_before_kib / 1024)), after: median(runs.map((r) => r.server_rss_after_kib / 1024)),
      per: median(runs.map((r) => r.kib_per_connection)),
    };
  }
  for (const [s, v] of Object.entries(s4)) {
    p(`| ${s} | ${fmt(v.joined, 0)} | ${fmt(v.join, 1)} | ${fmt(v.before, 1)} | ${fmt(v.after, 1)} | ${fmt(v.per, 2)} | ${s === 'collabcanvas' || !s4.collabcanvas ? '-' : ratio(s4.collabcanvas.per, v.per, false)} |`);
  }

  // Scenario 5, joins spread over 5 s (s5) and all at once (s5b).
  const joinRows = (id) => {
    const table = {};
    for (const s of present) {
      const runs = runsOf(rows, id, s).map((r) => r.result);
      if (!runs.length) continue;
      table[s] = {
        joined: median(runs.map((r) => r.joined)), last: median(runs.map((r) => r.first_connect_to_last_snapshot_ms)),
        afterLast: median(runs.map((r) => r.last_connect_to_last_snapshot_ms ?? NaN)),
        p50: median(runs.map((r) => r.join_p50_ms)), p99: median(runs.map((r) => r.join_p99_ms)), max: median(runs.map((r) => r.join_max_ms)),
        kib: median(runs.map((r) => r.snapshot_bytes / 1024)), fill: median(runs.map((r) => r.fill_ms)),
      };
    }
    return table;
  };
  p();
  p('## 5. 500 clients joining one board of 10,000 objects within 5 seconds');
  p();
  p('One client first fills the board (ours: 10 batches of 1,000 puts; Yjs: one update of 10,000 Y.Maps with x, y, w, h)');
  p('and stays; then 500 clients connect, one every 10 ms. Figures: from the first connect, and from the last connect,');
  p('until the last client has its snapshot (our welcome; the Yjs sync step 2); join: each client\'s connect -> snapshot.');
  p('Target: every client has its snapshot within 2 s (join max, and last connect -> last snapshot, under 2,000 ms).');
  p();
  p('| server | joined | first connect -> last snapshot ms | last connect -> last snapshot ms | join p50 / p99 / max ms | snapshot KiB | fill ms | peer / ours (join max) |');
  p('|---|---:|---:|---:|---|---:|---:|---:|');
  const s5 = joinRows('s5');
  for (const [s, v] of Object.entries(s5)) {
    p(`| ${s} | ${fmt(v.joined, 0)} | ${fmt(v.last, 0)} | ${fmt(v.afterLast, 0)} | ${fmt(v.p50, 1)} / ${fmt(v.p99, 1)} / ${fmt(v.max, 1)} | ${fmt(v.kib, 0)} | ${fmt(v.fill, 0)} | ${s === 'collabcanvas' || !s5.collabcanvas ? '-' : ratio(s5.collabcanvas.max, v.max, false)} |`);
  }
  const s5b = joinRows('s5b');
  if (Object.keys(s5b).length) {
    p();
    p('### 5b. The same 500 clients all at once');
    p();
    p('The strictest reading of "within 5 seconds": all 500 connect in the same instant. Figure: from that instant until');
    p('the last has its snapshot (target under 2,000 ms). The generator receives every snapshot on its one core');
    p('(500 x the snapshot size), so its CPU is part of this figure.');
    p();
    p('| server | joined | connect -> last snapshot ms | join p50 / p99 / max ms | snapshot KiB | peer / ours |');
    p('|---|---:|---:|---|---:|---:|');
    for (const [s, v] of Object.entries(s5b)) {
      p(`| ${s} | ${fmt(v.joined, 0)} | ${fmt(v.last, 0)} | ${fmt(v.p50, 1)} / ${fmt(v.p99, 1)} / ${fmt(v.max, 1)} | ${fmt(v.kib, 0)} | ${s === 'collabcanvas' || !s5b.collabcanvas ? '-' : ratio(s5b.collabcanvas.last, v.last, false)} |`);
    }
  }

  // Scenario 6.
  p();
  p('## 6. Restart with a board of 100,000 edits');
  p();
  p('Ours: 100,000 batches of one op in the journal (nothing folded; the server killed with SIGKILL). Hocuspocus with');
  p('SQLite: 100,000 Yjs updates, stored by its debounced onStoreDocument, stopped with SIGTERM once idle. y-websocket');
  p('with LevelDB: the same 100,000 updates, each stored by y-leveldb, stopped once idle. Figure: from just before the');
  p('process starts until a client that keeps retrying has the board (welcome / sync step 2).');
  p();
  p('| server | start -> snapshot ms | connect -> snapshot ms | snapshot bytes | restored (Yjs clock of the writer) | peer / ours |');
  p('|---|---:|---:|---:|---:|---:|');
  const s6 = {};
  for (const s of present) {
    const runs = runsOf(rows, 's6', s).map((r) => r.result).filter((r) => r.ok);
    if (!runs.length) continue;
    s6[s] = {
      start: median(runs.map((r) => r.start_to_snapshot_ms)), connect: median(runs.map((r) => r.connect_to_snapshot_ms)),
      bytes: median(runs.map((r) => r.snapshot_bytes)), clock: median(runs.map((r) => r.restored_clock)),
    };
  }
  for (const [s, v] of Object.entries(s6)) {
    p(`| ${s} | ${fmt(v.start, 1)} | ${fmt(v.connect, 1)} | ${fmt(v.bytes, 0)} | ${s === 'collabcanvas' ? '-' : fmt(v.clock, 0)} | ${s === 'collabcanvas' || !s6.collabcanvas ? '-' : ratio(s6.collabcanvas.start, v.start, false)} |`);
  }
  const problems = rows.filter((r) => r.result && (r.result.errors > 0 || r.result.disconnects > 0 || r.result.skipped_sends > 0 || r.result.chain_exhausted > 0));
  p();
  p('Runs with errors, lost connections, dropped sends (a send queue over 256 messages) or exhausted update chains:');
  p(problems.length ? '' : 'none.');
  for (const r of problems) {
    p(`- ${r.scenario}/${r.server} run ${r.run}: errors ${r.result.errors ?? 0}, disconnects ${r.result.disconnects ?? 0}, dropped sends ${r.result.skipped_sends ?? 0}, chain exhausted ${r.result.chain_exhausted ?? 0}`);
  }
  console.log(out.join('\n'));
}
