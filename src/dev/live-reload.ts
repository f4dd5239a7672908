/**
 * Live reload over server-sent events: every open page of the dev site holds an `EventSource` on
 * {@link EVENTS_PATH}; after each rebuild (failed or not) the server sends a `reload` event and the page reloads.
 * Restarting `bantin dev` reloads the pages too: each server sends its own id first, and a page that reconnects
 * to a server with another id reloads.
 */
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

/** Where pages listen for reload events; outside any base path, and a path no build can write. */
export const EVENTS_PATH = '/__bantin/events';

/** The script the dev server adds to every HTML page it serves. */
export const RELOAD_SCRIPT = `<script>(() => {
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  let server;
  events.addEventListener('hello', (e) => { if (server && server !== e.data) location.reload(); server = e.data; });
  events.addEventListener('reload', () => location.reload());
})();</script>`;

/** Adds {@link RELOAD_SCRIPT} before the last `</body>` of `html` (at the end when there is none). */
export function injectReloadScript(html: string): string {
  const at = html.toLowerCase().lastIndexOf('</body>');
  return at === -1 ? `${html}${RELOAD_SCRIPT}` : `${html.slice(0, at)}${RELOAD_SCRIPT}\n${html.slice(at)}`;
}

/** The open event streams of one dev server. */
export class ReloadHub {
  /** This server's id, sent first on every stream. */
  readonly id = randomUUID();
  private readonly clients = new Set<ServerResponse>();
  private readonly keepAlive: NodeJS.Timeout;

  constructor() {
    // A comment now and then keeps idle streams open through proxies and tells the server when a tab is gone.
    this.keepAlive = setInterval(() => {
      for (const client of this.clients) client.write(': ping\n\n');
    }, 25_000);
    this.keepAlive.unref();
  }

  /** Open streams. */
  get size(): number {
    return this.clients.size;
  }

  /** Answers an `EventSource` request: keeps the response open and registers it. */
  attach(response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    response.write(`retry: 1000\nevent: hello\ndata: ${this.id}\n\n`);
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
  }

  /** Sends event `name` with JSON `data` to every open stream. */
  send(name: string, data: unknown): void {
    const frame = `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const client of this.clients) client.write(frame);
  }

  /** Ends every stream. */
  close(): void {
    clearInterval(this.keepAlive);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
