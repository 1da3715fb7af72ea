// A bare relay that does no document work: the practical limit for a WebSocket server on
// this machine. `node uws-relay.mjs --port N`. A client connects to /<room> and every text
// frame it sends is published to the other clients of that room (uWebSockets.js pub/sub).
import uWS from '@trufflesuite/uws-js-unofficial';
import { parseArgs, announce } from './args.mjs';

const args = parseArgs(process.argv.slice(2), { port: '0' });

const app = uWS.App().ws('/*', {
  compression: uWS.DISABLED,
  maxPayloadLength: 1 << 20,
  idleTimeout: 120,
  upgrade: (res, req, context) => {
    res.upgrade(
      { room: req.getUrl().slice(1) },
      req.getHeader('sec-websocket-key'),
      req.getHeader('sec-websocket-protocol'),
      req.getHeader('sec-websocket-extensions'),
      context,
    );
  },
  open: (ws) => ws.subscribe(ws.getUserData().room),
  // ws.publish skips the sender; the message goes out as it came (text or binary).
  message: (ws, message, isBinary) => ws.publish(ws.getUserData().room, message, isBinary),
});
app.listen('127.0.0.1', Number(args.port), (token) => {
  if (!token) {
    console.error('uws-relay: listen failed');
    process.exit(1);
  }
  announce('uws-relay', uWS.us_socket_local_port(token));
});
process.on('SIGTERM', () => process.exit(0));
