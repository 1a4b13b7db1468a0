/**
 * The viewer server: http on 127.0.0.1 (the page and its bundle) plus a websocket at /ws that
 * sends `hello`, then frames and status, and receives controls. Frames to a page whose socket is
 * backed up (> 8 MB buffered) are dropped for that page and counted in `droppedFrames`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ValidationError } from '../../core/errors.js';
import { pageBundle, pageHtml } from './bundle.js';
import { type HelloMsg, parseControl, VIEWER_PROTOCOL_VERSION } from './protocol.js';
import type { ViewerSource } from './source.js';

/** Where the viewer listens. */
export interface ServeOptions {
  /** TCP port (default 0 = any free port). */
  readonly port?: number;
  /** Bind address (default 127.0.0.1; binding elsewhere exposes the run to the network). */
  readonly host?: string;
}

/** A running viewer. */
export interface ViewerHandle {
  /** http://host:port/ */
  readonly url: string;
  readonly port: number;
  /** Pages connected now. */
  readonly clients: () => number;
  /** Frames dropped for slow pages. */
  readonly droppedFrames: () => number;
  readonly source: ViewerSource;
  /** Closes sockets and the server and detaches from the source (idempotent). */
  close(): Promise<void>;
}

const MAX_BUFFERED = 8 * 1024 * 1024;

/** Serves a source (see file comment). */
export async function serveSource(source: ViewerSource, opts: ServeOptions = {}): Promise<ViewerHandle> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ValidationError('viewer.port', port, 'an integer 0..65535', 'pick a free port or 0');
  const js = await pageBundle();
  const html = pageHtml(source.title);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    } else if (path === '/viewer.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(js);
    } else if (path === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  const wss = new WebSocketServer({ server, path: '/ws', maxPayload: 64 * 1024 });
  let dropped = 0;
  const sockets = new Set<WebSocket>();
  const send = (ws: WebSocket, text: string, droppable: boolean): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (droppable && ws.bufferedAmount > MAX_BUFFERED) {
      dropped++;
      return;
    }
    ws.send(text);
  };
  const unsubscribe = source.subscribe(
    (f) => {
      if (sockets.size === 0) return;
      const text = JSON.stringify(f);
      for (const ws of sockets) send(ws, text, true);
    },
    (s) => {
      const text = JSON.stringify(s);
      for (const ws of sockets) send(ws, text, false);
    },
  );
  wss.on('connection', (ws) => {
    sockets.add(ws);
    const hello: HelloMsg = {
      type: 'hello', version: VIEWER_PROTOCOL_VERSION, source: source.kind, title: source.title,
      streams: source.streams, scene: source.scene, layers: source.layers, status: source.status(),
    };
    ws.send(JSON.stringify(hello));
    source.onConnect?.();
    ws.on('message', (data, isBinary) => {
      let msg: unknown;
      try {
        msg = JSON.parse(isBinary ? '' : data.toString());
      } catch {
        msg = undefined;
      }
      const c = parseControl(msg);
      if (typeof c === 'string') ws.send(JSON.stringify({ type: 'error', message: c }));
      else source.control(c);
    });
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => sockets.delete(ws));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${actual}/`,
    port: actual,
    clients: () => sockets.size,
    droppedFrames: () => dropped,
    source,
    close: () => {
      closed ??= (async () => {
        unsubscribe();
        source.dispose();
        for (const ws of sockets) ws.terminate();
        wss.close();
        server.closeAllConnections?.();
        await new Promise<void>((r) => server.close(() => r()));
      })();
      return closed;
    },
  };
}
