/** Test helper: a raw websocket client that speaks (or deliberately mis-speaks) the protocol. */
import WebSocket from 'ws';
import { packFrame, unpackFrame } from '../../remote/msgpack.js';
import { PROTOCOL_VERSION } from '../../remote/protocol.js';

/** A raw protocol client that queues every host reply. */
export class RawClient {
  readonly replies: Record<string, unknown>[] = [];
  closeCode: number | undefined;
  private waiters: (() => void)[] = [];
  private closeWaiters: (() => void)[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d: Buffer) => {
      this.replies.push(unpackFrame(d) as Record<string, unknown>);
      for (const w of this.waiters.splice(0)) w();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      for (const w of this.closeWaiters.splice(0)) w();
      for (const w of this.waiters.splice(0)) w();
    });
    ws.on('error', () => undefined);
  }

  static async open(url: string): Promise<RawClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
    const c = new RawClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return c;
  }

  /** Opens and completes the hello; returns the welcome. */
  static async hello(url: string, token?: string): Promise<RawClient> {
    const c = await RawClient.open(url);
    c.send({ type: 'hello', version: PROTOCOL_VERSION, client: 'raw', ...(token !== undefined ? { token } : {}) });
    await c.waitFor(1);
    return c;
  }

  send(m: unknown): void {
    this.ws.send(packFrame(m));
  }

  sendRaw(b: Uint8Array | string): void {
    this.ws.send(b);
  }

  /** Resolves once `n` replies have arrived in total (or the socket closed). */
  async waitFor(n: number, timeoutMs = 10_000): Promise<void> {
    const t = Date.now();
    while (this.replies.length < n && this.closeCode === undefined) {
      if (Date.now() - t > timeoutMs) throw new Error(`timed out waiting for reply ${n} (have ${this.replies.length})`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  async closed(timeoutMs = 5000): Promise<number> {
    if (this.closeCode !== undefined) return this.closeCode;
    await new Promise<void>((r) => {
      this.closeWaiters.push(r);
      setTimeout(r, timeoutMs);
    });
    return this.closeCode ?? -1;
  }

  close(): void {
    this.ws.terminate();
  }
}
