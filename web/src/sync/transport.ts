// What the sync engine needs from a connection. The browser uses a WebSocket; tests use an
// in-memory fake. Nothing here touches the DOM.

export interface TransportHandlers {
  open(): void;
  /** One text frame as received. */
  message(text: string): void;
  /** The connection is gone (or could not be made). `code` is the WebSocket close code. */
  close(code: number, reason: string): void;
}

export interface Transport {
  /** Starts a new connection; handlers are called for it until close. */
  connect(handlers: TransportHandlers): void;
  send(text: string): void;
  /** Closes the current connection without calling handlers.close. */
  disconnect(): void;
}

/** Timers, injected so tests control time. */
export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

// Timers exist in every JavaScript host (browsers, Node) but in no ECMAScript library; the
// sync engine is type-checked without the DOM, so it declares the two it uses.
declare function setTimeout(fn: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;

export const realClock: Clock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle),
  now: () => Date.now(),
};
