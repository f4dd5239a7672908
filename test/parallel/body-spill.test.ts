/** Rendered bodies kept on disk during a build: written by one thread, read back by another, after removal too. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BodySpill, SpillReader, SpillWriter, copyWith, isSpilled, spilledOf } from '../../src/parallel/body-spill.ts';

const HTML = '<h2>Thông báo</h2>\n<p>Ủy ban nhân dân phường Cự Khối thông báo lịch tiếp công dân tháng 12.</p>\n';
const TEXT = 'Thông báo\nỦy ban nhân dân phường Cự Khối thông báo lịch tiếp công dân tháng 12.';

describe('body spill', () => {
  it('gives back the HTML and text of every body written, in any order, as UTF-8 lengths say', async () => {
    const spill = await BodySpill.create();
    try {
      const writer = new SpillWriter(spill.dir);
      const bodies = [writer.write(HTML, TEXT), writer.write('', ''), writer.write('<p>ạ</p>', 'ạ')];
      writer.close();
      // A second batch of the same thread appends to the same file.
      const again = new SpillWriter(spill.dir);
      bodies.push(again.write('<p>Hết</p>', 'Hết'));
      again.close();
      expect(bodies[0]).toMatchObject({ at: 0, html: Buffer.byteLength(HTML), text: Buffer.byteLength(TEXT) });
      expect(bodies[3]!.at).toBe(bodies[2]!.at + bodies[2]!.html + bodies[2]!.text);
      const reader = spill.reader;
      expect([3, 0, 2, 1].map((i) => [reader.read(bodies[i]!, 'html'), reader.read(bodies[i]!, 'text')])).toEqual([
        ['<p>Hết</p>', 'Hết'],
        [HTML, TEXT],
        ['<p>ạ</p>', 'ạ'],
        ['', ''],
      ]);
    } finally {
      await spill.remove();
    }
  });

  it('makes an article read its body when asked, keeps it so through copies, and reads it after the folder is removed', async () => {
    const spill = await BodySpill.create();
    const writer = new SpillWriter(spill.dir);
    const body = writer.write(HTML, TEXT);
    writer.close();
    const article = spill.reader.attach({ id: 'thong-bao/lich', html: '', text: '', media: undefined as string | undefined }, body);
    expect(isSpilled(article)).toBe(true);
    expect(spilledOf(article)?.body).toEqual(body);
    expect(article.html).toBe(HTML);
    expect({ ...article }).toEqual({ id: 'thong-bao/lich', html: HTML, text: TEXT, media: undefined });

    const copy = copyWith(article, 'media', 'ảnh');
    expect(copy.media).toBe('ảnh');
    expect(Object.keys(copy)).toEqual(Object.keys(article));
    expect(isSpilled(copy)).toBe(true);
    expect(Object.getOwnPropertyDescriptor(copy, 'html')?.get).toBeTypeOf('function');
    // A plain object is copied as a spread would.
    expect(copyWith({ a: 1, media: 'x' }, 'media', 'y')).toEqual({ a: 1, media: 'y' });

    await spill.remove();
    expect(existsSync(spill.dir)).toBe(false);
    expect(copy.html).toBe(HTML);
    expect(copy.text).toBe(TEXT);
  });

  it('closes a used-up reader, and a reader refuses a body cut short', async () => {
    const spill = await BodySpill.create();
    try {
      const writer = new SpillWriter(spill.dir);
      const body = writer.write(HTML, TEXT);
      writer.close();
      const reader = new SpillReader();
      const doc = reader.attach({ text: '' }, body, ['text']);
      expect(Object.keys(doc)).toEqual(['text']);
      expect(doc.text).toBe(TEXT);
      reader.close();
      expect(() => new SpillReader().read({ ...body, at: body.at + 10_000 }, 'html')).toThrow(/cut short/);
    } finally {
      await spill.remove();
    }
  });
});
