// The y-websocket server (@y/websocket-server) as a benchmark peer:
// `node y-websocket.mjs --port N [--leveldb DIR]`. With --leveldb every update is stored
// with y-leveldb through the server's own YPERSISTENCE support.
import http from 'node:http';
import { parseArgs, announce } from './args.mjs';

const args = parseArgs(process.argv.slice(2), { port: '0', leveldb: '' });
// The server module reads YPERSISTENCE when it loads, so set it before importing it.
if (args.leveldb) process.env.YPERSISTENCE = args.leveldb;
const { setupWSConnection } = await import('@y/websocket-server/utils');
const { WebSocketServer } = await import('ws');

const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('okay');
});
wss.on('connection', setupWSConnection);
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(Number(args.port), '127.0.0.1', () => announce('y-websocket', server.address().port));
// Exit on SIGTERM like the stock server would on Ctrl-C (its LevelDB writes are queued).
process.on('SIGTERM', () => process.exit(0));
