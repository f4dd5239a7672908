/**
 * Media on a whole site: the media fixture site (test/fixtures/media/site) gets real images made with sharp, is
 * built, and the parsed pages and published files are checked: responsive pictures, gallery, video, attachments,
 * the home page's media block, warnings for missing alt text, and byte-identical rebuilds.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Element, Root } from 'hast';
import { build, type BuildResult } from '../../src/build.ts';
import { formatMessages } from '../../src/report/format.ts';
import { imageCacheDir } from '../../src/media/image-cache.ts';
import { all, cleanTemps, one, parseHtml, readHtml, snapshotTree, tempDir, text } from '../support/site.ts';
import { makeFile, makeImage, mediaSite, PDF_SIZE } from './support.ts';

const NOW = new Date('2026-11-01T00:00:00Z');

let root = '';
let out = '';
let result: BuildResult;

beforeAll(async () => {
  root = await mediaSite();
  out = path.join(await tempDir(), 'dist');
  result = await build({ root, out, now: NOW });
}, 60_000);
afterAll(cleanTemps);

const attr = (el: Element, name: string): string => String(el.properties[name] ?? '');
/** "a.jpg 480w, b.jpg 960w" → [["a.jpg", 480], ["b.jpg", 960]]. */
const candidates = (srcset: string): [string, number][] => srcset.split(', ').map((c) => [c.split(' ')[0]!, Number(c.split(' ')[1]!.slice(0, -1))]);
/** Every output file under `dir` by its SHA-256 (comparing hashes: deep-comparing megabytes of bytes is slow). */
async function digests(dir: string): Promise<Map<string, string>> {
  return new Map([...(await snapshotTree(dir))].map(([p, bytes]) => [p, createHash('sha256').update(bytes).digest('hex')]));
}
/** The pixel size of a published file, read back with sharp. */
async function pixels(url: string): Promise<[number, number, string]> {
  const meta = await sharp(path.join(out, url.slice(1))).metadata();
  return [meta.width!, meta.height!, meta.format!];
}

describe('images in the body', () => {
  let page: Root;
  beforeAll(async () => {
    page = await readHtml(out, 'tin-tuc/hoi-nghi/index.html');
  });

  it('builds, processing every image once', () => {
    expect(formatMessages(result.files.filter((f) => f.messages.some((m) => m.fatal)))).toBe('');
    expect(result.ok).toBe(true);
    expect(result.images).toEqual({ processed: 5, reused: 0 });
  });

  it('turns a sibling image into a <picture> with WebP and JPEG sizes, width/height, lazy loading and alt', async () => {
    const img = one(page, '.article-body picture img[alt="Quang cảnh hội nghị"]');
    expect(attr(img, 'width')).toBe('1440');
    expect(attr(img, 'height')).toBe('720');
    expect(attr(img, 'loading')).toBe('lazy');
    expect(attr(img, 'decoding')).toBe('async');
    expect(attr(img, 'title')).toBe('Hội trường UBND phường');
    expect(attr(img, 'sizes')).toContain('50rem');
    const jpeg = candidates(attr(img, 'srcSet'));
    expect(jpeg.map(([, w]) => w)).toEqual([480, 960, 1440]);
    for (const [url, w] of jpeg) {
      expect(url).toMatch(/^\/assets\/media\/quang-canh-\d+\.[0-9a-f]{10}\.jpg$/);
      expect(await pixels(url)).toEqual([w, w / 2, 'jpeg']);
    }
    expect(attr(img, 'src')).toBe(jpeg[1]![0]);
    const source = one(page, '.article-body picture source');
    expect(attr(source, 'type')).toBe('image/webp');
    const webp = candidates(attr(source, 'srcSet'));
    expect(webp.map(([, w]) => w)).toEqual([480, 960, 1440]);
    for (const [url, w] of webp) expect(await pixels(url)).toEqual([w, w / 2, 'webp']);
  });

  it('caps the sizes at the original width and keeps PNG as PNG', async () => {
    const img = one(page, '.article-body picture img[src*="so-do"]');
    expect([attr(img, 'width'), attr(img, 'height')]).toEqual(['600', '400']);
    const png = candidates(attr(img, 'srcSet'));
    expect(png.map(([, w]) => w)).toEqual([480, 600]);
    for (const [url, w] of png) expect(await pixels(url)).toEqual([w, (w * 2) / 3, 'png']);
  });

  it('names content-hashed files after their bytes, and publishes nothing under content/', async () => {
    const media = result.outputs.filter((o) => o.path.startsWith('assets/media/'));
    expect(media.length).toBe(22);
    for (const file of media) {
      const hash = /\.([0-9a-f]{10})\.[a-z]+$/.exec(file.path)![1];
      expect(createHash('sha256').update(file.contents).digest('hex').slice(0, 10)).toBe(hash);
      expect(existsSync(path.join(out, file.path))).toBe(true);
    }
    expect(result.outputs.some((o) => o.path.startsWith('content/'))).toBe(false);
  });

  it('warns about an image without alt text, naming the file and line, and still builds', () => {
    const warnings = result.files.flatMap((f) => f.messages.filter((m) => !m.fatal).map((m) => `${f.path}:${m.line}:${m.column}: ${m.reason} [${m.ruleId}]`));
    expect(warnings).toEqual(['content/tin-tuc/hoi-nghi/index.md:20:1: Image so-do.png has no alt text [image-alt-missing]']);
  });

  it('points links to media files at the published files', () => {
    const links = all(page, '.article-body a').map((a) => attr(a, 'href'));
    expect(links[0]).toBe('/tin-tuc/hoi-nghi/ke-hoach.pdf');
    expect(links[1]).toMatch(/^\/assets\/media\/anh-1-800\.[0-9a-f]{10}\.jpg$/);
  });

  it('uses the front matter image, processed, as the Open Graph image', () => {
    const og = one(page, 'meta[property="og:image"]');
    expect(attr(og, 'content')).toMatch(/^https:\/\/example\.gov\.vn\/assets\/media\/quang-canh-1440\.[0-9a-f]{10}\.jpg$/);
  });

  it('serves shared images from content/media/ written as /media/...', () => {
    return readHtml(out, 'thong-bao/lich-tiep-dan/index.html').then((p) => {
      const img = one(p, '.article-body img[alt="Biểu trưng"]');
      expect(attr(img, 'src')).toMatch(/^\/assets\/media\/logo-phuong-300\.[0-9a-f]{10}\.png$/);
      expect([attr(img, 'width'), attr(img, 'height')]).toEqual(['300', '300']);
    });
  });
});

describe('gallery, video and attachments', () => {
  it('renders the gallery as figures with captions, thumbnails linking to the large image', async () => {
    const page = await readHtml(out, 'tin-tuc/hoi-nghi/index.html');
    const gallery = one(page, 'section.gallery');
    expect(attr(gallery, 'ariaLabelledBy')).toBe('thu-vien-anh');
    expect(text(one(gallery, 'h2'))).toBe('Thư viện ảnh');
    const figures = all(gallery, 'li > figure');
    expect(figures.length).toBe(2);
    const [first, second] = figures as [Element, Element];
    expect(text(one(first, 'figcaption'))).toBe('Đồng chí Bí thư Đảng ủy phát biểu');
    const thumb = one(first, 'a > picture > img');
    expect(attr(thumb, 'alt')).toBe('Đồng chí Bí thư Đảng ủy phát biểu');
    expect([attr(thumb, 'width'), attr(thumb, 'height'), attr(thumb, 'loading')]).toEqual(['800', '600', 'lazy']);
    const large = attr(one(first, 'a'), 'href');
    expect(await pixels(large)).toEqual([800, 600, 'jpeg']);
    expect(all(second, 'figcaption')).toEqual([]);
    expect(attr(one(second, 'img'), 'alt')).toBe('Biểu trưng của phường');
  });

  it('renders a YouTube video as a link to the video, with the nocookie player only as data for the click', async () => {
    const page = await readHtml(out, 'tin-tuc/ra-quan/index.html');
    const link = one(page, 'figure.video-youtube a.video-poster');
    expect(attr(link, 'href')).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    expect(attr(link, 'dataVideoEmbed')).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1');
    expect(text(link)).toBe('▶ Xem video trên YouTube: Ra quân ngày Chủ nhật xanh');
    expect(all(page, 'iframe')).toEqual([]);
    const poster = one(link, 'img');
    expect(attr(poster, 'src')).toMatch(/^\/assets\/media\/poster-960\./);
    expect(attr(poster, 'alt')).toBe('');
    expect(text(one(page, 'figure.video figcaption'))).toContain('Ra quân ngày Chủ nhật xanh');
    const script = one(page, 'script[src*="media."]');
    expect(attr(script, 'src')).toMatch(/^\/assets\/media\.[0-9a-f]{10}\.js$/);
  });

  it('loads nothing from another site before a click: every src, srcset and poster is local', async () => {
    for (const rel of ['tin-tuc/ra-quan/index.html', 'thong-bao/lich-tiep-dan/index.html', 'index.html']) {
      const page = await readHtml(out, rel);
      for (const el of all(page, '[src], [srcSet], [poster], link[href]')) {
        for (const name of ['src', 'srcSet', 'poster']) {
          const value = el.properties[name];
          if (value !== undefined) expect(String(value), `${rel} <${el.tagName} ${name}>`).toMatch(/^\//);
        }
        if (el.tagName === 'link' && attr(el, 'rel') !== 'canonical') expect(attr(el, 'href')).toMatch(/^\//);
      }
      expect(all(page, 'iframe, embed, object')).toEqual([]);
    }
  });

  it('renders a Facebook video the same way, through facebook.com/plugins on click', async () => {
    const page = await readHtml(out, 'thong-bao/lich-tiep-dan/index.html');
    const link = one(page, 'figure.video-facebook a.video-poster');
    expect(attr(link, 'href')).toBe('https://www.facebook.com/ubndphuong/videos/1234567890/');
    expect(attr(link, 'dataVideoEmbed')).toBe(
      'https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fubndphuong%2Fvideos%2F1234567890%2F&show_text=false&autoplay=true',
    );
  });

  it('plays a self-hosted mp4 from content/media/ with <video controls preload="none"> and a download link', async () => {
    const page = await readHtml(out, 'thong-bao/video-gioi-thieu/index.html');
    const video = one(page, 'figure.video-file video');
    expect(video.properties['controls']).toBe(true);
    expect(attr(video, 'preload')).toBe('none');
    expect(attr(one(video, 'source'), 'src')).toBe('/media/gioi-thieu.mp4');
    expect(attr(one(video, 'source'), 'type')).toBe('video/mp4');
    expect(attr(one(video, 'a'), 'href')).toBe('/media/gioi-thieu.mp4');
    expect((await readFile(path.join(out, 'media/gioi-thieu.mp4'))).subarray(4, 8).toString()).toBe('ftyp');
  });

  it('lists attachments with their type and human size, published beside the article', async () => {
    const page = await readHtml(out, 'tin-tuc/hoi-nghi/index.html');
    const items = all(page, 'section.attachments li');
    expect(items.map(text)).toEqual(['Kế hoạch số 12/KH-UBND (PDF, 245 KB)', 'bang-tong-hop.xlsx (XLSX, 1,2 MB)']);
    const pdf = one(items[0]!, 'a');
    expect(attr(pdf, 'href')).toBe('/tin-tuc/hoi-nghi/ke-hoach.pdf');
    expect(attr(pdf, 'type')).toBe('application/pdf');
    expect(pdf.properties['download']).toBeDefined();
    expect((await readFile(path.join(out, 'tin-tuc/hoi-nghi/ke-hoach.pdf'))).byteLength).toBe(PDF_SIZE);
  });

  it('shows the latest photos and videos on the home page, each linking to its article', async () => {
    const page = await readHtml(out, 'index.html');
    const block = one(page, 'section.media-block');
    expect(text(one(block, 'h2'))).toBe('Hiển thị Media');
    const items = all(block, 'li.media-item');
    expect(items.map((li) => [(li.properties['className'] as string[]).includes('media-video') ? 'video' : 'photo', attr(one(li, 'a'), 'href')])).toEqual([
      ['video', '/thong-bao/video-gioi-thieu/'],
      ['video', '/tin-tuc/ra-quan/'],
      ['video', '/thong-bao/lich-tiep-dan/'],
      ['photo', '/thong-bao/lich-tiep-dan/'],
      ['photo', '/tin-tuc/hoi-nghi/'],
    ]);
    expect(text(one(items[1]!, '.media-caption'))).toBe('Video: Ra quân làm sạch đường phố');
    const photo = one(items[4]!, 'img');
    expect([attr(photo, 'width'), attr(photo, 'height'), attr(photo, 'loading')]).toEqual(['1440', '720', 'lazy']);
  });
});

describe('the image cache and rebuilds', () => {
  it('processes nothing on a second build, and gives a byte-identical output', async () => {
    const again = path.join(await tempDir(), 'dist');
    const second = await build({ root, out: again, now: NOW });
    expect(second.ok).toBe(true);
    expect(second.images).toEqual({ processed: 0, reused: 5 });
    expect(await digests(again)).toEqual(await digests(out));
  });

  it('gives the same bytes when the cache is cleared and every image is processed again', async () => {
    await rm(imageCacheDir(root), { recursive: true, force: true });
    const fresh = path.join(await tempDir(), 'dist');
    const rebuilt = await build({ root, out: fresh, now: NOW });
    expect(rebuilt.images).toEqual({ processed: 5, reused: 0 });
    expect(await digests(fresh)).toEqual(await digests(out));
  });

  it('processes a changed image again, and only that one', async () => {
    const site = await mediaSite();
    await cp(imageCacheDir(root), imageCacheDir(site), { recursive: true });
    expect((await build({ root: site, write: false, now: NOW })).images).toEqual({ processed: 0, reused: 5 });
    await makeImage(path.join(site, 'content/tin-tuc/hoi-nghi/anh-1.jpg'), 640, 480, 'jpeg', 99);
    const changed = await build({ root: site, write: false, now: NOW });
    expect(changed.images).toEqual({ processed: 1, reused: 4 });
    const page = changed.outputs.find((o) => o.path === 'tin-tuc/hoi-nghi/index.html')!;
    expect(String(page.contents)).toMatch(/anh-1-640\.[0-9a-f]{10}\.jpg/);
    expect(String(page.contents)).not.toMatch(/anh-1-800\./);
  });

  it('keeps the cache out of git', async () => {
    const ignore = await readFile(new URL('../../.gitignore', import.meta.url), 'utf8');
    expect(ignore.split('\n')).toContain('.cache/');
    expect(imageCacheDir(root)).toBe(path.join(root, '.cache', 'bantin', 'images'));
  });
});

describe('base path and escaping', () => {
  it('puts every media URL under the base path', async () => {
    const sub = path.join(await tempDir(), 'dist');
    const r = await build({ root, out: sub, now: NOW, baseUrl: 'https://example.gov.vn/phuong/' });
    expect(r.ok).toBe(true);
    const page = await readHtml(sub, 'tin-tuc/hoi-nghi/index.html');
    for (const img of all(page, 'main img')) {
      expect(attr(img, 'src')).toMatch(/^\/phuong\/assets\/media\//);
      for (const [url] of candidates(attr(img, 'srcSet'))) expect(url).toMatch(/^\/phuong\/assets\/media\//);
    }
    for (const a of all(page, 'section.attachments a')) expect(attr(a, 'href')).toMatch(/^\/phuong\/tin-tuc\/hoi-nghi\//);
    expect(attr(one(page, 'meta[property="og:image"]'), 'content')).toMatch(/^https:\/\/example\.gov\.vn\/phuong\/assets\/media\/quang-canh-1440\./);
  });

  it('escapes captions, titles and video titles', async () => {
    const site = await mediaSite();
    await cp(imageCacheDir(root), imageCacheDir(site), { recursive: true });
    const file = path.join(site, 'content/tin-tuc/ra-quan/index.md');
    const md = await readFile(file, 'utf8');
    await writeFile(
      file,
      md
        .replace('title: Ra quân ngày Chủ nhật xanh', `title: '"><script>alert(1)</script>'`)
        .replace('---\nSáng', 'gallery:\n  - src: poster.jpg\n    caption: \'<img src=x onerror=alert(1)>\'\nattachments:\n  - file: /media/bieu-mau.pdf\n    title: \'<b onclick="x">Mẫu</b>\'\n---\nSáng'),
    );
    await makeFile(path.join(site, 'content/media/bieu-mau.pdf'), 2048, '%PDF');
    const r = await build({ root: site, write: false, now: NOW });
    expect(formatMessages(r.files.filter((f) => f.messages.some((m) => m.fatal)))).toBe('');
    const html = String(r.outputs.find((o) => o.path === 'tin-tuc/ra-quan/index.html')!.contents);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b onclick');
    const page = parseHtml(html);
    expect(attr(one(page, 'a.video-poster'), 'dataVideoTitle')).toBe('"><script>alert(1)</script>');
    expect(text(one(page, '.gallery figcaption'))).toBe('<img src=x onerror=alert(1)>');
    expect(text(one(page, '.attachments a'))).toBe('<b onclick="x">Mẫu</b>');
    expect(attr(one(page, '.attachments a'), 'href')).toBe('/media/bieu-mau.pdf');
    expect(all(page, 'main script').map((s) => attr(s, 'src'))).toEqual([expect.stringMatching(/^\/assets\/media\./)]);
  });
});
