/**
 * The bridge between Node's `http` module and the Web-standard counter handler: an `IncomingMessage`
 * becomes a `Request`, a `Response` is written to a `ServerResponse`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** How the server learns the client's address and the public URL. */
export interface BridgeOptions {
  /**
   * Trust `X-Forwarded-For`, `X-Forwarded-Proto` and `X-Forwarded-Host` from a reverse proxy in front
   * (default false: the socket's address and the `Host` header are used).
   */
  trustProxy?: boolean;
}

/** The request's URL as the client asked for it (`pathname` kept percent-encoded, never a foreign host). */
export function requestUrl(req: IncomingMessage, options: BridgeOptions = {}): URL {
  const forwarded = options.trustProxy ? lastValue(req.headers['x-forwarded-host']) : undefined;
  const given = forwarded ?? req.headers.host ?? '';
  const host = /^[a-z0-9.-]+(?::\d+)?$|^\[[0-9a-f:.]+\](?::\d+)?$/i.test(given) ? given : 'localhost';
  const proto = (options.trustProxy ? lastValue(req.headers['x-forwarded-proto']) : undefined) ?? 'http';
  // Prefixing the origin keeps a request line such as "//evil.example/x" a path, not a host.
  return new URL(`${proto === 'https' ? 'https' : 'http'}://${host}${req.url ?? '/'}`);
}

/** The client's IP address: the socket's, or with `trustProxy` the last `X-Forwarded-For` entry. */
export function clientIp(req: IncomingMessage, options: BridgeOptions = {}): string {
  const forwarded = options.trustProxy ? lastValue(req.headers['x-forwarded-for']) : undefined;
  return forwarded ?? req.socket.remoteAddress ?? '';
}

/**
 * Converts a Node request to a Web `Request` whose body is streamed with back-pressure. Call `release`
 * once the response is sent: whatever of the body is still unread is then read and dropped, so the
 * connection stays usable (cancelling the Web stream does the same).
 */
export function toWebRequest(req: IncomingMessage, url: URL): { request: Request; release: () => void } {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  let dropped = false;
  const release = (): void => {
    dropped = true;
    req.resume();
  };
  const init: RequestInit & { duplex?: 'half' } = { method: req.method ?? 'GET', headers };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    init.duplex = 'half';
    init.body = new ReadableStream<Uint8Array>({
      start(controller) {
        req.on('data', (chunk: Buffer) => {
          if (dropped) return;
          controller.enqueue(new Uint8Array(chunk));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.on('end', () => dropped || controller.close());
        req.on('error', (error) => dropped || controller.error(error));
      },
      pull() {
        if (!dropped) req.resume();
      },
      cancel: release,
    });
  }
  return { request: new Request(url, init), release };
}

/** Writes a Web `Response` to a Node response. */
export async function sendWebResponse(res: ServerResponse, response: Response, head = false): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = head || response.body === null ? undefined : Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, body ? { ...headers, 'content-length': String(body.byteLength) } : headers);
  res.end(body);
}

/** The last comma-separated value of a header (the one the nearest proxy set). */
function lastValue(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  const last = value?.split(',').pop()?.trim();
  return last ? last : undefined;
}
