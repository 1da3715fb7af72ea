import WebSocket from 'ws';
const [url, prefix] = process.argv.slice(2);
const ws = new WebSocket(url);
ws.binaryType = 'nodebuffer';
let n = 0;
ws.on('open', () => { if (prefix) { /* hocuspocus auth + step1 */
  const name = Buffer.from(prefix); const pre = Buffer.concat([Buffer.from([name.length]), name]);
  ws.send(Buffer.concat([pre, Buffer.from([2,0,0])])); ws.send(Buffer.concat([pre, Buffer.from([0,0,1,0])])); } });
ws.on('message', (m) => { if (n++ < 12) console.log(m.length, m.subarray(0, 40).toString('hex')); });
setTimeout(() => process.exit(0), 4000);
