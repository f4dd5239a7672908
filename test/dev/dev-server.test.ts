/**
 * `bantin dev` end to end: the real server on a free port over a temp copy of a small site, edited, added to,
 * broken, fixed and pruned, asserting after each rebuild on what the server answers (parsed HTML), on the
 * reload events an `EventSource`-like client receives, and on the view counter at the same origin.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDevCounter, type DevCounter } from '../../src/dev/dev-counter.ts';
import { startDevServer, type DevServer } from '../../src/dev/dev-server.ts';
import type { DevBuild } from '../../src/dev/dev-site.ts';
import { EVENTS_PATH } from '../../src/dev/live-reload.ts';
import { formatMessages } from '../../src/report/format.ts';
import { all, cleanTemps, copyFixture, one, parseHtml, text } from '../support/site.ts';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

let root: string;
let server: DevServer;
let counter: DevCounter;

beforeEach(async () => {
  root = await copyFixture('dev/site');
  counter = createDevCounter({ root });
  server = await startDevServer({ root, drafts: true, future: false, port: 0, routes: [counter.route] });
});

afterEach(async () => {
  await server.close();
  await counter.close();
});

afterAll(cleanTemps);

/**
 * Runs `change` and resolves with the first build after it that satisfies `done` (by default: one that saw `rel`
 * change). A save can come as several file events, hence several builds: waiting for the state a test needs,
 * rather than for the next build, keeps a late build of an earlier step from being taken for this one.
 */
async function rebuiltAfter(rel: string, change: () => Promise<unknown>, done = (build: DevBuild) => build.changed.includes(rel)): Promise<DevBuild> {
  let next = server.nextBuild();
  await change();
  for (;;) {
    const build = await next;
    if (done(build)) return build;
    next = server.nextBuild();
  }
}

/** The source `rel` as the build read it (undefined when the build has no such file). */
const sourceIn = (build: DevBuild, rel: string) => build.files.find((file) => file.path === rel)?.value;

/** Writes `rel` and resolves with the first build that read exactly `contents` from it. */
const write = (rel: string, contents: string) =>
  rebuiltAfter(rel, () => writeFile(path.join(root, rel), contents), (build) => sourceIn(build, rel) === contents.normalize('NFC'));

/** Deletes `rel` and resolves with the first build without it. */
const remove = (rel: string) => rebuiltAfter(rel, () => rm(path.join(root, rel)), (build) => build.files.length > 0 && sourceIn(build, rel) === undefined);

async function get(pathname: string): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(new URL(pathname, server.origin), { redirect: 'manual' });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
}

async function page(pathname: string) {
  const response = await get(pathname);
  return { ...response, tree: parseHtml(response.body) };
}

/** Titles listed on a category index. */
async function listed(pathname: string): Promise<string[]> {
  const { status, tree } = await page(pathname);
  expect(status).toBe(200);
  return all(one(tree, 'main'), 'h2 a, h3 a').map(text);
}

const article = (title: string, category = 'Tin tức - Sự kiện', body = 'Nội dung bài viết.') =>
  `---\ntitle: ${title}\ndate: 2022-05-01 08:00\ncategory: ${category}\n---\n${body}\n`;

describe('bantin dev', () => {
  it('serves the site from memory under its base path, with the reload script and no output folder', async () => {
    expect(server.url).toBe(`${server.origin}/phuong/`);
    const home = await get('/');
    expect(home.status).toBe(302);
    const { status, type, tree } = await page('/phuong/tin-tuc/hoi-nghi/');
    expect(status).toBe(200);
    expect(type).toBe('text/html; charset=utf-8');
    expect(text(one(tree, 'h1'))).toBe('Hội nghị sơ kết 9 tháng');
    const scripts = all(tree, 'body > script').map(text);
    expect(scripts.some((s) => s.includes(EVENTS_PATH))).toBe(true);
    expect((await get('/phuong/tin-tuc/hoi-nghi')).status).toBe(302);
    expect((await get('/phuong/anh/hoi-nghi.svg')).type).toMatch(/^image\/svg\+xml/);
    const missing = await page('/phuong/khong-co/');
    expect(missing.status).toBe(404);
    expect(server.current.ok).toBe(true);
    expect(existsSync(path.join(root, 'dist'))).toBe(false);
  });

  it('shows an edited article after one rebuild that renders only that article', async () => {
    const before = await listed('/phuong/tin-tuc/');
    const source = await readFile(path.join(root, 'content/tin-tuc/ra-quan.md'), 'utf8');
    const build = await write('content/tin-tuc/ra-quan.md', source.replace('toàn phường ra quân', 'toàn phường đồng loạt ra quân'));
    expect(build.ok).toBe(true);
    expect(build.cause).toBe('content');
    expect(build.rendered).toBe(1);
    const { tree } = await page('/phuong/tin-tuc/ra-quan/');
    expect(text(one(tree, 'main'))).toContain('toàn phường đồng loạt ra quân');
    // A new title shows on the article and on the lists that carry it.
    await write('content/tin-tuc/ra-quan.md', source.replace('title: Ra quân tổng vệ sinh môi trường', 'title: Ra quân làm sạch đường phố'));
    expect(text(one((await page('/phuong/tin-tuc/ra-quan/')).tree, 'h1'))).toBe('Ra quân làm sạch đường phố');
    expect(await listed('/phuong/tin-tuc/')).toEqual(before.map((t) => (t === 'Ra quân tổng vệ sinh môi trường' ? 'Ra quân làm sạch đường phố' : t)));
  });

  it('serves the search index of the build being served, made when first asked for', async () => {
    const source = await readFile(path.join(root, 'content/tin-tuc/ra-quan.md'), 'utf8');
    const indexed = async (): Promise<string[]> => {
      const { status, body } = await get('/phuong/tim-kiem/');
      expect(status).toBe(200);
      const meta = /\/phuong\/tim-kiem\/[0-9a-f]{10}\/meta\.json/.exec(body)![0];
      const { docs } = JSON.parse((await get(meta)).body) as { docs: number };
      return Promise.all(Array.from({ length: docs }, async (_, n) => (await get(meta.replace('meta.json', `d/${n}.json`))).body));
    };
    expect((await indexed()).join('\n')).toContain('toàn phường ra quân');
    const build = await write('content/tin-tuc/ra-quan.md', source.replace('toàn phường ra quân', 'toàn phường đồng loạt ra quân'));
    // The edit was answered with the pages alone.
    expect([...build.outputs.keys()].filter((p) => p.startsWith('tim-kiem/'))).toEqual([]);
    const fragments = (await indexed()).join('\n');
    expect(fragments).toContain('toàn phường đồng loạt ra quân');
    expect(fragments).not.toContain('toàn phường ra quân');
  });

  it('lists an added article, and removes the page of a deleted or renamed one', async () => {
    await write('content/tin-tuc/moi.md', article('Bài viết mới thêm'));
    expect(await listed('/phuong/tin-tuc/')).toContain('Bài viết mới thêm');
    expect((await page('/phuong/tin-tuc/moi/')).status).toBe(200);

    await rebuiltAfter(
      'content/tin-tuc/moi.md',
      () => rename(path.join(root, 'content/tin-tuc/moi.md'), path.join(root, 'content/tin-tuc/doi-ten.md')),
      (build) => sourceIn(build, 'content/tin-tuc/moi.md') === undefined && sourceIn(build, 'content/tin-tuc/doi-ten.md') !== undefined,
    );
    expect((await page('/phuong/tin-tuc/doi-ten/')).status).toBe(200);
    expect((await page('/phuong/tin-tuc/moi/')).status).toBe(404);

    await remove('content/tin-tuc/doi-ten.md');
    expect((await page('/phuong/tin-tuc/doi-ten/')).status).toBe(404);
    expect(await listed('/phuong/tin-tuc/')).not.toContain('Bài viết mới thêm');

    // A whole category folder added at once.
    await mkdir(path.join(root, 'content/thong-bao/2022'), { recursive: true });
    await write('content/thong-bao/2022/cap-dien.md', article('Tạm ngừng cấp điện', 'Thông báo'));
    expect(await listed('/phuong/thong-bao/')).toContain('Tạm ngừng cấp điện');
  });

  it('answers every page with the overlay while a file is broken, and comes back once it is fixed', async () => {
    const rel = 'content/thong-bao/lich-tiep-dan.md';
    const good = await readFile(path.join(root, rel), 'utf8');
    const broken = good.replace('date: 2020-10-01 08:00', 'date: 31/02/2020').replace('category: Thông báo', 'category: <script>alert(1)</script>');
    const failed = await write(rel, broken);
    expect(failed.ok).toBe(false);

    for (const pathname of ['/phuong/', '/phuong/tin-tuc/hoi-nghi/', '/phuong/khong-co/']) {
      const overlay = await page(pathname);
      expect(overlay.status).toBe(500);
      const shown = text(one(overlay.tree, '#bantin-messages'));
      expect(shown).toBe(formatMessages(failed.files).replace(/\s+/g, ' ').trim());
      expect(shown).toContain('content/thong-bao/lich-tiep-dan.md:3:7: error: Unexpected date "31/02/2020": no such day or time [date-invalid]');
      expect(shown).toContain('content/thong-bao/lich-tiep-dan.md:4:11: error: Unknown category "<script>alert(1)</script>"');
      // The message is text, not markup: the only scripts are the reload script.
      expect(all(overlay.tree, 'script').map(text).every((s) => s.includes(EVENTS_PATH))).toBe(true);
    }
    // Files other than pages still come from the last good build.
    expect((await get('/phuong/anh/hoi-nghi.svg')).status).toBe(200);

    const fixed = await write(rel, good);
    expect(fixed.ok).toBe(true);
    const back = await page('/phuong/thong-bao/lich-tiep-dan/');
    expect(back.status).toBe(200);
    expect(text(one(back.tree, 'h1'))).toBe('Lịch tiếp công dân tháng 10');
  });

  it('reports a link that breaks when its target is deleted, on the linking file', async () => {
    const failed = await remove('content/thong-bao/lich-tiep-dan.md');
    expect(failed.ok).toBe(false);
    expect(formatMessages(failed.files)).toContain('content/tin-tuc/hoi-nghi.md:7:60: error: Link to /thong-bao/lich-tiep-dan/, which is not a page of the site [link-broken]');
  });

  it('picks up a picture added beside an article that shows it', async () => {
    await mkdir(path.join(root, 'content/tin-tuc/trong-cay'), { recursive: true });
    const failed = await write('content/tin-tuc/trong-cay/index.md', article('Tết trồng cây', 'Tin tức - Sự kiện', '![Trồng cây ở tổ dân phố số 7](trong-cay.png)'));
    expect(failed.ok).toBe(false);
    expect(formatMessages(failed.files)).toContain('content/tin-tuc/trong-cay/index.md:6:1: error:');

    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2a7' } }).png().toBuffer();
    const added = await rebuiltAfter('content/tin-tuc/trong-cay/trong-cay.png', () => writeFile(path.join(root, 'content/tin-tuc/trong-cay/trong-cay.png'), png));
    expect(added.ok).toBe(true);
    const img = one((await page('/phuong/tin-tuc/trong-cay/')).tree, 'main img');
    expect(img.properties['alt']).toBe('Trồng cây ở tổ dân phố số 7');
    const picture = await fetch(new URL(String(img.properties['src']), server.origin));
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toMatch(/^image\//);
  });

  it('re-renders every page after a template or config change, reusing the rendered articles', async () => {
    await mkdir(path.join(root, 'templates/partials'), { recursive: true });
    const footer = await readFile(new URL('../../templates/partials/footer.hbs', import.meta.url), 'utf8');
    const themed = await write('templates/partials/footer.hbs', footer.replace(/<\/footer>/i, '<p id="dau-trang-moi">Bản xem trước</p></footer>'));
    expect(themed.cause).toBe('theme');
    expect(themed.rendered).toBe(0);
    for (const pathname of ['/phuong/', '/phuong/tin-tuc/', '/phuong/tin-tuc/hoi-nghi/']) {
      expect(text(one((await page(pathname)).tree, '#dau-trang-moi'))).toBe('Bản xem trước');
    }

    const config = await readFile(path.join(root, 'site.config.yaml'), 'utf8');
    const configured = await write('site.config.yaml', config.replace('title: Phường Thử Nghiệm', 'title: Phường Xem Trước'));
    expect(configured.cause).toBe('config');
    expect(configured.rendered).toBe(0);
    expect(text(one((await page('/phuong/tin-tuc/ra-quan/')).tree, 'title'))).toContain('Phường Xem Trước');
  });

  it('sends a reload event to a connected client after each rebuild, failed or not', async () => {
    const abort = new AbortController();
    const response = await fetch(new URL(EVENTS_PATH, server.origin), { signal: abort.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = readEvents(response.body!);
    try {
      expect((await events.next()).value).toMatchObject({ event: 'hello' });
      expect(server.clients).toBe(1);
      const rel = 'content/tin-tuc/ra-quan.md';
      const good = await readFile(path.join(root, rel), 'utf8');
      const failed = await write(rel, good.replace('date: 2021-03-14 07:30', 'date: hôm qua'));
      expect(failed.ok).toBe(false);
      expect(await nextReload(events)).toMatchObject({ ok: false, changed: [rel] });
      await write(rel, good);
      // An editor's save may come as two file events, hence two rebuilds: the good one is among the next events.
      let reload = await nextReload(events);
      while (!reload.ok) reload = await nextReload(events);
      expect(reload).toMatchObject({ ok: true, changed: [rel] });
    } finally {
      abort.abort();
      await events.return(undefined);
    }
    // A closed tab is forgotten.
    await expect.poll(() => server.clients, { timeout: 5_000 }).toBe(0);
  });

  it('shows the latest of two quick saves, the second landing just after the rebuild read the file', async () => {
    const rel = 'content/tin-tuc/ra-quan.md';
    const source = await readFile(path.join(root, rel), 'utf8');
    for (const [round, delay] of [0, 1, 2, 3, 4, 0, 1, 2, 3, 4].entries()) {
      await write(rel, source.replace('tổng vệ sinh.', `tổng vệ sinh lần ${round}.`));
      await new Promise((resolve) => setTimeout(resolve, delay));
      await writeFile(path.join(root, rel), source.replace('tổng vệ sinh.', `tổng vệ sinh, lượt ${round}.`));
      await expect.poll(async () => text(one((await page('/phuong/tin-tuc/ra-quan/')).tree, 'main')), { timeout: 5_000 }).toContain(`lượt ${round}.`);
    }
  });

  it('runs the view counter at the same origin on its SQLite store in .data/', async () => {
    const headers = { 'user-agent': BROWSER, origin: server.origin };
    const counted = await fetch(new URL('/phuong/api/views/tin-tuc/hoi-nghi', server.origin), { method: 'POST', headers });
    expect(counted.status).toBe(200);
    expect(await counted.json()).toEqual({ id: 'tin-tuc/hoi-nghi', views: 60 });
    const read = await fetch(new URL('/phuong/api/views?ids=tin-tuc/hoi-nghi,tin-tuc/ra-quan', server.origin), { headers });
    expect(await read.json()).toEqual({ views: { 'tin-tuc/hoi-nghi': 60, 'tin-tuc/ra-quan': 0 } });
    const unknown = await fetch(new URL('/phuong/api/views/tin-tuc/khong-co', server.origin), { method: 'POST', headers });
    expect(unknown.status).toBe(404);
    expect(counter.file).toBe(path.join(root, '.data', 'counter.sqlite'));
    expect(existsSync(counter.file)).toBe(true);

    // An article added while the server runs is countable at once.
    await write('content/tin-tuc/moi.md', article('Bài mới'));
    const fresh = await fetch(new URL('/phuong/api/views/tin-tuc/moi', server.origin), { method: 'POST', headers });
    expect(await fresh.json()).toEqual({ id: 'tin-tuc/moi', views: 1 });
  });

  it('takes the next free port when the asked one is busy', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as { port: number }).port;
    const second = await startDevServer({ root, drafts: false, future: false, port: busy });
    try {
      expect(second.port).toBeGreaterThan(busy);
      expect((await fetch(new URL('/phuong/tin-tuc/hoi-nghi/', second.origin))).status).toBe(200);
      // Drafts are hidden when asked.
      expect(second.current.ok).toBe(true);
    } finally {
      await second.close();
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

/** The data of the next `reload` event. */
async function nextReload(events: AsyncGenerator<{ event: string; data: unknown }>): Promise<{ ok: boolean; changed: string[] }> {
  for (;;) {
    const { value, done } = await events.next();
    if (done) throw new Error('The event stream ended');
    if (value.event === 'reload') return value.data as { ok: boolean; changed: string[] };
  }
}

/** Parses a server-sent event stream into `{event, data}` objects (data parsed as JSON when it is JSON). */
async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<{ event: string; data: unknown }> {
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = body.getReader();
  try {
    for (;;) {
      let end = buffer.indexOf('\n\n');
      while (end === -1) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        end = buffer.indexOf('\n\n');
      }
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trim());
      }
      if (data.length === 0) continue;
      const joined = data.join('\n');
      let parsed: unknown = joined;
      try {
        parsed = JSON.parse(joined);
      } catch {
        // Not JSON (the server id): keep the text.
      }
      yield { event, data: parsed };
    }
  } finally {
    reader.releaseLock();
  }
}
