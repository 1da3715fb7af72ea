import type { Transport, TransportHandlers } from '../sync/transport';

/** The browser's WebSocket as the sync engine's transport. */
export class WebSocketTransport implements Transport {
  private socket: WebSocket | null = null;

  /** `first`: a socket to this URL opened ahead, which the first connection uses if it is still good. */
  constructor(
    private readonly url: string,
    private first: WebSocket | null = null,
  ) {}

  connect(handlers: TransportHandlers): void {
    this.disconnect();
    const early = this.first;
    this.first = null;
    const socket = early && early.readyState <= WebSocket.OPEN ? early : new WebSocket(this.url);
    this.socket = socket;
    const open = () => {
      if (this.socket === socket) handlers.open();
    };
    // Already open (opened ahead): as good as an open event, once the caller has finished
    // connecting.
    if (socket.readyState === WebSocket.OPEN) queueMicrotask(open);
    else socket.onopen = open;
    socket.onmessage = (event) => {
      if (this.socket === socket && typeof event.data === 'string') handlers.message(event.data);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      handlers.close(event.code, event.reason);
    };
  }

  send(text: string): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(text);
  }

  disconnect(): void {
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000);
  }
}

export function boardSocketUrl(boardId: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws/${encodeURIComponent(boardId)}`;
}
