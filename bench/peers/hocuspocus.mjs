// Hocuspocus as a benchmark peer: `node hocuspocus.mjs --port N [--sqlite FILE]`.
// Without --sqlite it keeps documents in memory only; with it, the official SQLite
// extension stores each document (debounced, as Hocuspocus does by default).
import { Server } from '@hocuspocus/server';
import { SQLite } from '@hocuspocus/extension-sqlite';
import { parseArgs, announce } from './args.mjs';

const args = parseArgs(process.argv.slice(2), { port: '0', sqlite: '' });
const extensions = args.sqlite ? [new SQLite({ database: args.sqlite })] : [];

const server = new Server({
  address: '127.0.0.1',
  port: Number(args.port),
  quiet: true,
  extensions,
  // Idle benchmark connections send nothing for a while; keep them open.
  timeout: 120_000,
});
await server.listen();
announce('hocuspocus', server.address.port);
