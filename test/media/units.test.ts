/**
 * The media stage piece by piece: file types and sizes, how references resolve, video URLs, image processing
 * with sharp (sizes, formats, EXIF orientation, GIF, unreadable files) and the persistent cache.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { humanSize, mediaKindOf } from '../../src/media/file-types.ts';
import { filePathFor, mediaSourceOf, publishedName } from '../../src/media/resolve.ts';
import { parseVideoUrl } from '../../src/media/video-url.ts';
import { IMAGE_OPTIONS, ImageError, processImage, targetWidths } from '../../src/media/process-image.ts';
import { ImageCache } from '../../src/media/image-cache.ts';
import { emptyLibrary, loadMedia } from '../../src/media/load-media.ts';
import { createMarkdownProcessor } from '../../src/markdown/processor.ts';
import { renderArticle } from '../../src/markdown/render-markdown.ts';
import { VFile } from 'vfile';
import { cleanTemps, tempDir } from '../support/site.ts';
import { makeImage } from './support.ts';

afterAll(cleanTemps);

describe('file types and sizes', () => {
  it.each([
    [820, '820 B'],
    [1024, '1 KB'],
    [245 * 1024 + 100, '245 KB'],
    [Math.round(1.2 * 1024 * 1024), '1,2 MB'],
    [5 * 1024 * 1024, '5 MB'],
    [3 * 1024 * 1024 * 1024, '3 GB'],
  ])('%i bytes read as %s', (bytes, shown) => {
    expect(humanSize(bytes)).toBe(shown);
  });

  it('knows images, documents and videos by extension, in any case', () => {
    expect(['a.JPG', 'b.png', 'c.webp', 'd.gif', 'e.avif', 'f.svg'].map(mediaKindOf)).toEqual(Array(6).fill('image'));
    expect(['a.pdf', 'b.DOC', 'c.docx', 'd.xls', 'e.xlsx', 'f.odt', 'g.ods'].map(mediaKindOf)).toEqual(Array(7).fill('document'));
    expect(['a.mp4', 'b.webm'].map(mediaKindOf)).toEqual(['video', 'video']);
    expect(['a.md', 'b.zip', 'c.exe', 'Makefile', '.htaccess'].map(mediaKindOf)).toEqual(Array(5).fill(undefined));
  });
});

describe('references', () => {
  const bundle = 'content/tin-tuc/hoi-nghi/index.md';
  it.each([
    ['anh.jpg', bundle, 'content/tin-tuc/hoi-nghi/anh.jpg'],
    ['./anh.jpg', bundle, 'content/tin-tuc/hoi-nghi/anh.jpg'],
    ['anh/1.jpg', bundle, 'content/tin-tuc/hoi-nghi/anh/1.jpg'],
    ['../chung.png', bundle, 'content/tin-tuc/chung.png'],
    ['anh.jpg', 'content/thong-bao/bai.md', 'content/thong-bao/anh.jpg'],
    ['/media/logo.png', bundle, 'content/media/logo.png'],
    ['/media/2020/10/anh%20h%E1%BB%99i.jpg?v=2#x', bundle, 'content/media/2020/10/anh hội.jpg'],
    ['ảnh hội nghị.jpg'.normalize('NFD'), bundle, 'content/tin-tuc/hoi-nghi/ảnh hội nghị.jpg'],
  ])('%s in %s is %s', (written, from, source) => {
    expect(mediaSourceOf(written, from)).toBe(source);
  });

  it.each(['https://x.vn/a.jpg', '//x.vn/a.jpg', 'data:image/png;base64,AAAA', 'javascript:alert(1)', '/anh/static.jpg', '#top', '../../../etc/passwd', '/media/../../x.jpg', ''])(
    '%s is not a media reference',
    (written) => {
      expect(mediaSourceOf(written, bundle)).toBeUndefined();
    },
  );

  it('publishes documents beside the article, and shared ones under /media/, with URL-safe names', () => {
    expect(publishedName('content/x/Ảnh Hội nghị.JPG')).toEqual({ stem: 'anh-hoi-nghi', ext: 'jpg' });
    expect(filePathFor('content/tin-tuc/hoi-nghi/Kế hoạch số 12.pdf', '/tin-tuc/hoi-nghi/')).toBe('/tin-tuc/hoi-nghi/ke-hoach-so-12.pdf');
    expect(filePathFor('content/media/Biểu mẫu/Tờ khai.docx', '/thong-bao/x/')).toBe('/media/bieu-mau/to-khai.docx');
  });
});

describe('video URLs', () => {
  it.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1'],
    ['https://youtu.be/dQw4w9WgXcQ?t=42', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=42'],
    ['https://m.youtube.com/shorts/dQw4w9WgXcQ', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1'],
    ['http://youtube.com/embed/dQw4w9WgXcQ', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1'],
    ['https://www.youtube.com/live/dQw4w9WgXcQ', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1'],
    [
      'https://www.facebook.com/ubnd.phuong/videos/123456/',
      'https://www.facebook.com/ubnd.phuong/videos/123456/',
      'https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fubnd.phuong%2Fvideos%2F123456%2F&show_text=false&autoplay=true',
    ],
    [
      'https://m.facebook.com/watch/?v=987&ref=share',
      'https://www.facebook.com/watch/?v=987',
      'https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D987&show_text=false&autoplay=true',
    ],
    ['https://fb.watch/abcDEF/', 'https://fb.watch/abcDEF/', 'https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Ffb.watch%2FabcDEF%2F&show_text=false&autoplay=true'],
  ])('%s → link %s, player %s', (url, link, embed) => {
    const parsed = parseVideoUrl(url);
    expect(parsed).toMatchObject({ ok: true, video: { link, embed } });
  });

  it.each([
    ['https://vimeo.com/123', 'vimeo.com is not a known video host'],
    ['javascript:alert(1)', 'only https:// addresses are accepted, not javascript:'],
    ['data:text/html,<script>', 'only https:// addresses are accepted, not data:'],
    ['https://www.youtube.com/channel/UC123', 'no video found in this youtube.com address'],
    ['https://www.youtube.com/watch?v=abc"><script>', 'no video found in this youtube.com address'],
    ['https://www.facebook.com/ubnd.phuong/', 'no video found in this facebook.com address'],
    ['https://user:pw@www.youtube.com/watch?v=dQw4w9WgXcQ', 'the address carries a user name or password'],
    ['https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ', 'youtube.com.evil.example is not a known video host'],
    ['youtube.com/watch?v=dQw4w9WgXcQ', 'not a URL'],
  ])('refuses %s: %s', (url, reason) => {
    expect(parseVideoUrl(url)).toEqual({ ok: false, reason });
  });
});

describe('image processing', () => {
  it('publishes the configured widths below the original, then the original capped at the widest', () => {
    expect(targetWidths(3000, [480, 960, 1440])).toEqual([480, 960, 1440]);
    expect(targetWidths(1440, [480, 960, 1440])).toEqual([480, 960, 1440]);
    expect(targetWidths(1000, [480, 960, 1440])).toEqual([480, 960, 1000]);
    expect(targetWidths(300, [480, 960, 1440])).toEqual([300]);
  });

  it('makes JPEG and WebP sizes of a JPEG, with the pixel sizes it says', async () => {
    const dir = await tempDir();
    await makeImage(path.join(dir, 'a.jpg'), 1200, 900);
    const image = await processImage(await sharp(path.join(dir, 'a.jpg')).toBuffer());
    expect([image.width, image.height, image.fallback]).toEqual([1200, 900, 'jpeg']);
    const shown = await Promise.all(image.variants.map(async (v) => ({ ...(await sharp(v.data).metadata()), claimed: [v.width, v.height, v.format] })));
    expect(shown.map((m) => [m.width, m.height, m.format])).toEqual([
      [480, 360, 'jpeg'],
      [480, 360, 'webp'],
      [960, 720, 'jpeg'],
      [960, 720, 'webp'],
      [1200, 900, 'jpeg'],
      [1200, 900, 'webp'],
    ]);
    for (const m of shown) expect([m.width, m.height, m.format]).toEqual(m.claimed);
  });

  it('turns a picture by its EXIF orientation, and drops the metadata (camera, GPS)', async () => {
    const raw = await sharp({ create: { width: 800, height: 400, channels: 3, background: '#a50e0e' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(raw).metadata()).orientation).toBe(6);
    const image = await processImage(raw);
    expect([image.width, image.height]).toEqual([400, 800]);
    const largest = await sharp(image.variants.at(-1)!.data).metadata();
    expect([largest.width, largest.height, largest.orientation, largest.exif]).toEqual([400, 800, undefined, undefined]);
  });

  it('keeps WebP sources as WebP only, and GIFs as they are (animations survive)', async () => {
    const webp = await sharp({ create: { width: 600, height: 300, channels: 3, background: '#0b4f9c' } }).webp().toBuffer();
    const fromWebp = await processImage(webp);
    expect(fromWebp.fallback).toBe('webp');
    expect(fromWebp.variants.map((v) => [v.width, v.format])).toEqual([
      [480, 'webp'],
      [600, 'webp'],
    ]);
    const gif = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#e9b949' } }).gif().toBuffer();
    const fromGif = await processImage(gif);
    expect(fromGif.variants).toEqual([{ width: 64, height: 32, format: 'gif', data: new Uint8Array(gif) }]);
  });

  it('refuses a file that is not an image', async () => {
    await expect(processImage(new TextEncoder().encode('không phải ảnh'))).rejects.toBeInstanceOf(ImageError);
  });
});

describe('the persistent cache', () => {
  it('keys by bytes and options, and treats a damaged entry as a miss', async () => {
    const root = await tempDir();
    await makeImage(path.join(root, 'content/media/a.png'), 500, 250, 'png');
    const first = await loadMedia(root);
    expect(first.stats).toEqual({ processed: 1, reused: 0 });
    expect((await loadMedia(root)).stats).toEqual({ processed: 0, reused: 1 });
    expect((await loadMedia(root, { image: { ...IMAGE_OPTIONS, webpQuality: 60 } })).stats).toEqual({ processed: 1, reused: 0 });

    const cacheDir = path.join(root, '.cache/bantin/images');
    const bytes = new Uint8Array(await readFile(path.join(root, 'content/media/a.png')));
    const key = ImageCache.key(bytes, IMAGE_OPTIONS);
    expect(key).not.toBe(ImageCache.key(bytes, { ...IMAGE_OPTIONS, jpegQuality: 81 }));
    expect(key).not.toBe(ImageCache.key(bytes.subarray(1), IMAGE_OPTIONS));
    const entry = path.join(cacheDir, key.slice(0, 2), key);
    const files = await readdir(entry);
    expect(files).toContain('entry.json');

    // A damaged variant file: processed again, same result.
    await writeFile(path.join(entry, files.find((f) => f !== 'entry.json')!), 'hỏng');
    const repaired = await loadMedia(root);
    expect(repaired.stats).toEqual({ processed: 1, reused: 0 });
    expect(repaired.digest).toBe(first.digest);
    // A damaged entry: the same.
    await writeFile(path.join(entry, 'entry.json'), '{');
    expect((await loadMedia(root)).stats).toEqual({ processed: 1, reused: 0 });
    expect((await loadMedia(root)).stats).toEqual({ processed: 0, reused: 1 });
  });

  it('finds no media and writes no cache in a site without any', async () => {
    const root = await tempDir();
    await mkdir(path.join(root, 'content/thong-bao'), { recursive: true });
    await writeFile(path.join(root, 'content/thong-bao/a.md'), '---\ntitle: A\n---\n');
    const library = await loadMedia(root);
    expect(library.files.size).toBe(0);
    expect(await readdir(root)).toEqual(['content']);
  });
});

describe('the Markdown image plugin', () => {
  it('reports an image path with a malformed escape as missing instead of throwing', () => {
    const processor = createMarkdownProcessor({ basePath: '/', media: { library: emptyLibrary(), staticPaths: new Set() } });
    const markdown = 'Ảnh: ![Hội nghị](anh%E1.jpg)';
    const file = new VFile({ path: 'content/thong-bao/bai.md', value: markdown });
    const rendered = renderArticle({ file, markdown, path: '/thong-bao/bai/' } as never, processor);
    expect(rendered.media!.body.problems).toEqual([
      expect.objectContaining({ ruleId: 'image-missing', fatal: true, place: { line: 1, column: 6 }, reason: 'Image anh%E1.jpg not found: there is no file content/thong-bao/anh%E1.jpg' }),
    ]);
    expect(rendered.links).toEqual([]);
  });
});
