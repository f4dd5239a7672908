import { describe, expect, it } from 'vitest';
import { buildSearchIndex, indexOutputs, packedIndexOutputs, searchDocuments, searchOutputs, unpackSearchOutputs, SearchEngine, filesSource, type SearchDocument } from '../../src/search/index.ts';
import { buildFixture, engineOver, metaPathOf, titles } from './helpers.ts';

describe('search index built from the site model', () => {
  it('holds the published articles only: no draft, no future article', async () => {
    const { model, outputs } = await buildFixture();
    const fragments = outputs.filter((f) => /^tim-kiem\/[0-9a-f]{10}\/d\/\d+\.json$/.test(f.path));
    expect(fragments).toHaveLength(model.articles.length);
    expect(model.articles).toHaveLength(4);
    const engine = engineOver(outputs);
    for (const q of ['99-DT/NHAP', '"dự thảo chưa công bố"', '77-KH/TUONGLAI', '2099', 'tuonglai']) {
      expect((await engine.search(q)).hits, q).toEqual([]);
    }
    const all = outputs.filter((f) => /^tim-kiem\/[0-9a-f]{10}\//.test(f.path)).map((f) => String(f.contents)).join('\n');
    expect(all).not.toContain('nhap');
    expect(all).not.toContain('tuonglai');
  });

  it('indexes drafts and future articles only when the build publishes them', async () => {
    const { outputs } = await buildFixture({ drafts: true, future: true });
    const engine = engineOver(outputs);
    expect(await titles(engine, await engine.search('99-DT/NHAP'))).toEqual(['Dự thảo chưa công bố về kỳ họp bí mật']);
    expect(await titles(engine, await engine.search('77-kh/tuonglai'))).toEqual(['Kế hoạch năm 2099 chưa đến ngày đăng']);
  });

  it('numbers documents in the site order (newest first) and fragments carry what a result shows', async () => {
    const { model, outputs } = await buildFixture();
    const engine = engineOver(outputs);
    const first = await engine.fragment(0);
    expect(first).toEqual({
      title: model.articles[0]!.title,
      url: '/phuong/tin-tuc/huong-dan-dinh-danh-dien-tu/',
      category: 'Tin tức - Sự kiện',
      day: '01/05/2022',
      datetime: '2022-05-01T10:00:00+07:00',
      summary: null,
      text: model.articles[0]!.text,
    });
    // The NFD source file reaches the index as NFC.
    expect(first.title).toBe(first.title.normalize('NFC'));
  });

  it('is byte-identical when built twice', async () => {
    const a = await buildFixture();
    const b = await buildFixture();
    const pick = (o: typeof a.outputs) => o.filter((f) => /^tim-kiem\/[0-9a-f]{10}\//.test(f.path)).map((f) => [f.path, String(f.contents)]);
    expect(pick(a.outputs)).toEqual(pick(b.outputs));
    expect(pick(a.outputs).length).toBeGreaterThan(2);
  });

  it('publishes the search page pointing at the index, and a search box in every page header', async () => {
    const { outputs } = await buildFixture();
    const page = String(outputs.find((f) => f.path === 'tim-kiem/index.html')!.contents);
    expect(page).toContain(`data-search-index="/phuong${metaPathOf(outputs)}"`);
    expect(page).toMatch(/<script defer src="\/phuong\/assets\/search\.[0-9a-f]+\.js"><\/script>/);
    const home = String(outputs.find((f) => f.path === 'index.html')!.contents);
    expect(home).toContain('<form class="site-search" role="search" action="/phuong/tim-kiem/" method="get">');
    expect(home).toContain('name="q"');
  });
});

describe('matching and ranking', () => {
  it('finds the same articles with or without tones and whatever the case', async () => {
    const { outputs } = await buildFixture();
    const engine = engineOver(outputs);
    const sets = await Promise.all(['công tác đảng', 'cong tac dang', 'Cong Tac Dang', 'CÔNG TÁC ĐẢNG', 'công tác đảng'.normalize('NFD')].map(async (q) => (await titles(engine, await engine.search(q))).sort()));
    expect(sets[0]).toEqual(['Hướng dẫn công dân kích hoạt định danh điện tử', 'Sơ kết công tác Đảng và Quy chế dân chủ 9 tháng đầu năm 2020']);
    for (const s of sets) expect(s).toEqual(sets[0]);
  });

  it('ranks an exact-diacritics match first only when typed with diacritics', async () => {
    const { outputs } = await buildFixture();
    const engine = engineOver(outputs);
    // "bàn" is in the schedule and the conference; "Ban" fills the title and body of the steering committee.
    const exact = await titles(engine, await engine.search('bàn'));
    expect(exact.slice(0, 2).sort()).toEqual(['Lịch tiếp công dân tháng 10/2020', 'Sơ kết công tác Đảng và Quy chế dân chủ 9 tháng đầu năm 2020']);
    expect(exact[2]).toBe('Ban chỉ đạo phòng, chống dịch phường họp phiên thường kỳ');
    const stripped = await titles(engine, await engine.search('ban'));
    expect(stripped[0]).toBe('Ban chỉ đạo phòng, chống dịch phường họp phiên thường kỳ');
    expect(stripped).toHaveLength(3);
  });

  it('treats old and new tone placement alike ("uỷ" = "ủy")', async () => {
    const { outputs } = await buildFixture();
    const engine = engineOver(outputs);
    const a = await titles(engine, await engine.search('"Đảng ủy"'));
    const b = await titles(engine, await engine.search('"Đảng uỷ"'));
    expect(a).toEqual(b);
    expect(a).toContain('Hướng dẫn công dân kích hoạt định danh điện tử');
  });

  it('matches quoted phrases as adjacent syllables, and ranks adjacency first without quotes', async () => {
    const { outputs } = await buildFixture();
    const engine = engineOver(outputs);
    // The guide has "công tác" and "Đảng" but not side by side.
    expect(await titles(engine, await engine.search('"công tác đảng"'))).toEqual(['Sơ kết công tác Đảng và Quy chế dân chủ 9 tháng đầu năm 2020']);
    expect(await titles(engine, await engine.search('"cong tac dang"'))).toEqual(['Sơ kết công tác Đảng và Quy chế dân chủ 9 tháng đầu năm 2020']);
    expect((await titles(engine, await engine.search('công tác đảng')))[0]).toBe('Sơ kết công tác Đảng và Quy chế dân chủ 9 tháng đầu năm 2020');
    // Typographic quotes, as phone keyboards type them.
    expect(await titles(engine, await engine.search('“dân bàn”'))).toEqual(['Sơ kết công tác Đảng và Quy chế dân chủ 9 tháng đầu năm 2020']);
  });

  it('finds document numbers and dates as typed', async () => {
    const { outputs } = await buildFixture();
    const engine = engineOver(outputs);
    const conference = ['Sơ kết công tác Đảng và Quy chế dân chủ 9 tháng đầu năm 2020'];
    expect(await titles(engine, await engine.search('06-TT/QU'))).toEqual(conference);
    expect(await titles(engine, await engine.search('06-tt/qu'))).toEqual(conference);
    expect(await titles(engine, await engine.search('23/9/2020'))).toEqual(conference);
    expect(await titles(engine, await engine.search('23/09/2020'))).toEqual(conference);
    expect(await titles(engine, await engine.search('2/3/2016'))).toEqual(conference);
    // The publication day as the site shows it.
    expect(await titles(engine, await engine.search('30/09/2020'))).toEqual(['Lịch tiếp công dân tháng 10/2020']);
  });

  it('shows newer articles first among equally good matches', async () => {
    const { outputs } = await buildFixture();
    const engine = engineOver(outputs);
    const result = await engine.search('phường');
    expect(result.hits.length).toBeGreaterThan(2);
    const tied = result.hits.filter((h, i, all) => i > 0 && Math.abs(h.score - all[i - 1]!.score) < 1e-9);
    for (const h of tied) expect(result.hits[result.hits.indexOf(h) - 1]!.doc).toBeLessThan(h.doc);
  });

  it('completes the last word while typing, and not once it is finished', async () => {
    const { outputs } = await buildFixture();
    const engine = engineOver(outputs);
    const typing = await engine.search('tiêm chủn', { typing: true });
    expect(await titles(engine, typing)).toEqual(['Ban chỉ đạo phòng, chống dịch phường họp phiên thường kỳ']);
    expect(typing.expansions).toEqual(['chung']);
    expect(typing.partial).toBe(false);
    // Finished, "chủn" is no word of the site: only articles with some of the words remain.
    expect((await engine.search('tiêm chủn')).partial).toBe(true);
    // A word ending in a space is finished.
    expect((await engine.search('tiêm chủn ', { typing: true })).partial).toBe(true);
  });

  it('falls back to articles with some of the words when none has all of them', async () => {
    const { outputs } = await buildFixture();
    const engine = engineOver(outputs);
    const result = await engine.search('lịch cúp điện');
    expect(result.partial).toBe(true);
    expect((await titles(engine, result)).sort()).toEqual(['Hướng dẫn công dân kích hoạt định danh điện tử', 'Lịch tiếp công dân tháng 10/2020']);
  });

  it('returns nothing for a query without words', async () => {
    const { outputs } = await buildFixture();
    const result = await engineOver(outputs).search(' ?!… ');
    expect(result.hits).toEqual([]);
  });
});

/** A seeded corpus with many shards, to check sharding and what a first query downloads. */
function corpus(n: number): SearchDocument[] {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const words = 'công tác đảng lịch tiếp dân phường tổ phố hội nghị kế hoạch triển khai thông báo tiêm chủng vắc xin điện lực cấp nước môi trường an ninh trật tự đô thị văn hóa gia đình khuyến học bầu cử đại biểu quốc hội nhân dân ủy ban mặt trận thanh niên phụ nữ cựu chiến binh'.split(' ');
  return Array.from({ length: n }, (_, i) => {
    const sentence = (len: number) => Array.from({ length: len }, () => words[Math.floor(rand() * words.length)]).join(' ');
    return {
      title: `${sentence(8)} số ${i}`,
      tags: [],
      summary: null,
      text: `${Array.from({ length: 12 }, () => sentence(14)).join('. ')}. Văn bản số ${i}-KH/UBND ngày ${1 + (i % 28)}/${1 + (i % 12)}/2023.`,
      url: `/bai/${i}/`,
      category: 'Tin tức',
      day: '01/01/2024',
      datetime: '2024-01-01T00:00:00+07:00',
    };
  });
}

describe('shards', () => {
  it('cuts the index into sorted key ranges and finds the same results across shards', async () => {
    const docs = corpus(400);
    const one = buildSearchIndex(docs, { shardBytes: 1e9 });
    const many = buildSearchIndex(docs, { shardBytes: 8_000 });
    expect(one.shards).toHaveLength(1);
    expect(many.shards.length).toBeGreaterThan(20);
    expect([...many.meta.shards].sort()).toEqual(many.meta.shards);
    const source = (built: typeof one) => ({
      meta: async () => built.meta,
      shard: async (n: number) => JSON.parse(built.shards[n]!),
      fragment: async (d: number) => JSON.parse(built.fragments[d]!),
    });
    const a = new SearchEngine(source(one));
    const b = new SearchEngine(source(many));
    for (const q of ['lịch tiếp công dân', '"cong tac dang"', '17-KH/UBND', 'tiêm chủng vắc xin', 'thanh nien']) {
      expect((await b.search(q)).hits, q).toEqual((await a.search(q)).hits);
    }
  });

  it('fetches only the shards a query needs', async () => {
    const docs = corpus(1_000);
    const built = buildSearchIndex(docs);
    const files = [
      { path: 'x/meta.json', contents: JSON.stringify(built.meta) },
      ...built.shards.map((contents, n) => ({ path: `x/${n}.json`, contents })),
      ...built.fragments.map((contents, n) => ({ path: `x/d/${n}.json`, contents })),
    ];
    const total = built.shards.reduce((n, s) => n + s.length, 0);
    const read = new Map<string, number>();
    const engine = new SearchEngine(filesSource(files, '/x/meta.json', read));
    const result = await engine.search('lịch tiếp công dân');
    expect(result.hits.length).toBeGreaterThan(0);
    const shardBytes = [...read].filter(([p]) => /\/\d+\.json$/.test(p) && !p.includes('/d/')).reduce((n, [, b]) => n + b, 0);
    expect(built.shards.length).toBeGreaterThan(10);
    expect(shardBytes).toBeLessThan(total / 3);
    expect(read.size).toBeLessThanOrEqual(1 + 7);
  });
});

describe('searchDocuments', () => {
  it('gives URLs under the base path and days in the site time zone', async () => {
    const { model } = await buildFixture();
    const docs = searchDocuments(model);
    expect(docs.map((d) => d.url)).toEqual(model.articles.map((a) => `/phuong${a.path}`));
    expect(docs.find((d) => d.title.startsWith('Sơ kết'))!.day).toBe('25/09/2020');
    expect(searchOutputs(model).metaPath).toMatch(/^\/tim-kiem\/[0-9a-f]{10}\/meta\.json$/);
  });
});

describe('SearchEngine and a failing network', () => {
  it('retries the entry point and a shard after a failed fetch', async () => {
    const { outputs } = await buildFixture();
    const inner = engineOver(outputs);
    const files = (await import('../../src/search/sources.ts')).filesSource(outputs, metaPathOf(outputs));
    let failMeta = 1;
    let failShard = 1;
    const engine = new SearchEngine({
      meta: () => (failMeta-- > 0 ? Promise.reject(new Error('offline')) : files.meta()),
      shard: (n) => (failShard-- > 0 ? Promise.reject(new Error('offline')) : files.shard(n)),
      fragment: (d) => files.fragment(d),
    });
    await expect(engine.search('công dân')).rejects.toThrow('offline');
    await expect(engine.search('công dân')).rejects.toThrow('offline');
    expect((await engine.search('công dân')).hits).toEqual((await inner.search('công dân')).hits);
  });
});

describe('published file names', () => {
  it('puts the index in one public folder per version beside the search page, never under the private _bantin/', async () => {
    const { outputs } = await buildFixture();
    const dir = metaPathOf(outputs).slice(1).replace(/meta\.json$/, '');
    expect(dir).toMatch(/^tim-kiem\/[0-9a-f]{10}\/$/);
    const files = outputs.filter((f) => f.path.startsWith(dir)).map((f) => f.path.slice(dir.length));
    expect(files.length).toBeGreaterThan(2);
    for (const f of files) expect(f).toMatch(/^(?:meta|\d+|d\/\d+)\.json$/);
    expect(outputs.some((f) => f.path.startsWith('_bantin/') && f.path.includes('search'))).toBe(false);
  });

  it('finds the folder of an index from its entry point', async () => {
    const { indexDirOf } = await import('../../src/search/format.ts');
    expect(indexDirOf('/phuong/tim-kiem/0123456789/meta.json')).toBe('/phuong/tim-kiem/0123456789/');
    expect(indexDirOf('https://x.gov.vn/tim-kiem/0123456789/meta.json')).toBe('https://x.gov.vn/tim-kiem/0123456789/');
    expect(() => indexDirOf('/tim-kiem/index.json')).toThrow();
  });
});

describe('search files packed to cross from a worker thread', () => {
  for (const chunkBytes of [8 << 20, 300]) {
    it(`gives the same paths and UTF-8 bytes as the files made as strings, flagged as text (buffers of ${chunkBytes} bytes)`, async () => {
      const { model } = await buildFixture();
      const documents = searchDocuments(model);
      const outputs = indexOutputs(documents);
      const packed = packedIndexOutputs(documents, {}, chunkBytes);
      if (chunkBytes === 300) expect(packed.chunks.length).toBeGreaterThan(2);
      else expect(packed.chunks).toHaveLength(1);
      const unpacked = unpackSearchOutputs(packed);
      expect(unpacked.metaPath).toBe(outputs.metaPath);
      expect(unpacked.files.map((f) => f.path)).toEqual(outputs.files.map((f) => f.path));
      unpacked.files.forEach((file, i) => {
        expect(file.text).toBe(true);
        expect(file.contents).toBeInstanceOf(Uint8Array);
        expect(Buffer.from(file.contents as Uint8Array).toString('utf8')).toBe(outputs.files[i]!.contents);
      });
      const engine = new SearchEngine(filesSource(unpacked.files, unpacked.metaPath));
      const fragment = await engine.fragment(0);
      expect(fragment.title).toBe(model.articles[0]!.title);
      expect(fragment.text).toBe(model.articles[0]!.text);
      expect(await titles(engine, await engine.search('định danh'))).toEqual(await titles(engineOver(outputs.files), await engineOver(outputs.files).search('định danh')));
    });
  }
});
