/**
 * The plain-YAML reader gives `yaml`'s value and node positions (so every message keeps its place) whenever it
 * accepts a document, and accepts the front matter ward editors write; anything else goes to `yaml`.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import matter from 'gray-matter';
import { parsePlainYaml } from '../../src/report/plain-yaml.ts';
import { parseYaml, parseYamlDocument, type YamlSource } from '../../src/report/yaml-place.ts';
import { generateArticles, seededRandom } from '../../scripts/generate-corpus.ts';
import { REPO } from '../support/site.ts';

type KeyPath = (string | number)[];

/** Every key path into `value`, and paths that lead nowhere from each of them. */
function paths(value: unknown, prefix: KeyPath = []): KeyPath[] {
  const out: KeyPath[] = [prefix, [...prefix, 'khong-co'], [...prefix, 0], [...prefix, '1'], [...prefix, 7]];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...paths(item, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

/** Compares `parseYaml` with `yaml` alone on `text`; returns whether the plain reader accepted it. */
function check(text: string): boolean {
  const fastFile = new VFile({ path: 'a.md' });
  const referenceFile = new VFile({ path: 'a.md' });
  const label = JSON.stringify(text);
  const reference = parseYamlDocument(referenceFile, text, 3);
  const fast = parseYaml(fastFile, text, 3);
  expect(fast.value, label).toStrictEqual(reference.value);
  expect(fastFile.messages.map(String), label).toEqual(referenceFile.messages.map(String));
  const places = (source: YamlSource): string[] =>
    paths(reference.value).map((p) => `${JSON.stringify(p)} ${JSON.stringify(source.place(p))} key ${JSON.stringify(source.place(p, 'key'))}`);
  expect(places(fast), label).toEqual(places(reference));
  return parsePlainYaml(text) !== undefined;
}

/** The front matter as gray-matter hands it to its engine (from the end of the opening `---` line). */
function frontMatter(markdown: string): string | undefined {
  let block: string | undefined;
  matter(markdown, { engines: { yaml: (text: string) => ((block = text), {}) } });
  return block;
}

const ACCEPTED = [
  '\ntitle: Hội nghị\ndate: 2020-09-25 21:01\ncategory: Thông báo\n',
  '\ntitle: "Có: hai chấm # và dấu thăng"\nsummary: \'nháy đơn\'\nviews: 1200\ndraft: false\n',
  '\n\ntags:\n  - một\n  - hai\n\n  - ba\nviews: 0\n',
  'tags:\n- a\n- b\n',
  '\nauthors:\n  - name: Nguyễn Văn An\n    role: Chủ tịch\n  - name: Thu Hương\n  - Ban biên tập\n',
  '\naliases:\n    - /tin-tuc/-/view/12345.html\n    - /cu/hoi-nghi\n',
  '\ntitle: a [b] {c}, d - e\ntitle2: x:y a#b 50% "trích"   \n',
  '\nslug: 2020\ndraft: True\nviews: 0\nx: 1e3x\ny: \u00a0a\u00a0\n',
  'baseUrl: https://x.vn/\nperPage: 20\ncategories:\n  - name: Thông báo\n    slug: thong-bao\n',
  '\ntags: [quy chế dân chủ]\naliases: [ /a/b.html , "/c: d/",\'e\',f:g ]\nempty: [ ]\nnumbers: [1,2, true]\n',
  '\nvideo:\n  src: https://www.youtube.com/watch?v=x\n  title: Ra quân\nviews: 3\nimage:\n    src: a.jpg\n',
];

const REFUSED = [
  '', '\n\n', '# chú thích\ntitle: x\n', 'title: x # chú thích\n', 'title: x\n  tiếp\n', 'title: |\n  khối\n', 'title: >-\n  x\n',
  'title:\n', 'title: \n', 'title: ~\n', 'title: null\n', 'a: {b: 1}\n', 'a: &x 1\nb: *x\n', 'a: !!str 1\n',
  'a: "x\\"y"\n', "a: 'it''s'\n", 'a: "x" y\n', 'a:\tb\n', 'a: b\r\nc: d\r\n', 'a: b\nb: c\na: d\n', 'a: b: c\n', 'a: b:\n',
  'true: x\n', 'null: x\n', '"a": b\n', 'a : b\n', '  a: b\n', '- a\n- b\n', 'a:\n  - \n', 'a:\n  -\n', 'a:\n  - - b\n',
  'a:\n  - b\n   c\n', 'a:\n  - name: x\n    role:\n', 'a:\n  - name: x\n    name: y\n', 'a:\n  - b\n    c: d\n', 'a: -1\n', 'a: 0x1F\n',
  'a: .5\n', 'a: 1.5\n', 'a: +3\n', 'a: 12345678901234567890\n', 'a: @x\n', 'a: `x`\n', 'a: %x\n', '---\na: b\n', 'a: b\n...\n', 'a:b\n',
  'a: b\n\u2028c: d\n', 'a: [b, c,]\n', 'a: [b: c]\n', 'a: [[b]]\n', 'a: [b]c\n', 'a: [b, {c}]\n', 'a: [b\n', 'a: [b,\n  c]\n',
  'a: [b #c]\n', 'a: [-1]\n', 'a: [null]\n', 'a: [, b]\n', 'a:\n  b: c\n  d:\n', 'a:\n  b: c\n    d: e\n', 'a:\n  b: c\n d: e\n',
  'a:\n  - b\n  c: d\n', '\ufeffa: b\n', 'tags:\n- a\n-  b\n', 'a: *x\n', 'a: 007\n', 'a: 1e3\n',
];

describe('YAML with an alias', () => {
  it('reports an alias without its anchor at the alias, instead of throwing', () => {
    for (const [text, place] of [
      ['\ntitle: *x\n', '2:8'],
      ['\ntitle: x\ntags:\n  - &a một\n  - *b\n', '5:5'],
    ] as const) {
      const file = new VFile({ path: 'a.md' });
      expect(parseYaml(file, text, 1).value).toBeUndefined();
      expect(file.messages.map(String)).toEqual([`a.md:${place}: Invalid YAML: Unresolved alias (the anchor must be set before the alias): ${text.includes('*x') ? 'x' : 'b'}`]);
      expect(file.messages[0]?.ruleId).toBe('yaml-syntax');
    }
  });

  it('still reads an alias with its anchor', () => {
    const file = new VFile({ path: 'a.md' });
    expect(parseYaml(file, 'a: &x một\nb: *x\n').value).toEqual({ a: 'một', b: 'một' });
    expect(file.messages).toEqual([]);
  });
});

describe('plain YAML reader', () => {
  it('accepts plain front matter and gives yaml’s values and places', () => {
    for (const text of ACCEPTED) expect(check(text), JSON.stringify(text)).toBe(true);
  });

  it('leaves everything else to yaml', () => {
    for (const text of REFUSED) {
      expect(parsePlainYaml(text), JSON.stringify(text)).toBeUndefined();
      check(text);
    }
  });

  it('accepts every generated article and agrees with yaml', () => {
    const texts = [...generateArticles(200, 5), ...generateArticles(200, 77)].map((a) => frontMatter(a.markdown)!);
    for (const text of texts) expect(check(text), JSON.stringify(text)).toBe(true);
  });

  it('agrees with yaml on the sample site, every fixture and every config', async () => {
    const texts: string[] = [];
    for (const dir of [path.join(REPO, 'content'), path.join(REPO, 'test', 'fixtures')]) {
      for (const entry of await readdir(dir, { recursive: true })) {
        if (entry.endsWith('.md')) {
          const text = frontMatter(await readFile(path.join(dir, entry), 'utf8'));
          if (text !== undefined) texts.push(text);
        } else if (entry.endsWith('.yaml') || entry.endsWith('.yml')) texts.push(await readFile(path.join(dir, entry), 'utf8'));
      }
    }
    expect(texts.length).toBeGreaterThan(40);
    const accepted = texts.filter(check).length;
    expect(accepted).toBeGreaterThan(texts.length / 2);
  });

  it('agrees with yaml on front matter with random changes', () => {
    const random = seededRandom(11);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const pieces = [
      ' ', '  ', '\n', '\n  ', '\n- ', '\n  - ', '- ', ':', ': ', '#', ' #', '"', "'", '\\', '\t', '\r', '[', ']', '{', '}', ',', '&', '*', '!',
      '|', '>', '%', '@', '`', '?', '~', '.', '+', '-', '0', '1', '07', '1e3', '0x1', '0o7', '.inf', 'true', 'False', 'null', 'NULL', 'x',
      'name: ', 'role: ', '\ntitle: ', '\ntags:', '\nviews: 1', 'Đảng', '---', '...', '\u00a0', '\ufeff', '\u2028',
    ];
    const texts = generateArticles(200, 9).map((a) => frontMatter(a.markdown)!);
    let accepted = 0;
    for (let n = 0; n < 1500; n++) {
      let text = texts[n % texts.length]!;
      for (let changes = 1 + Math.floor(random() * 2); changes > 0; changes--) {
        const at = Math.floor(random() * text.length);
        const kind = random();
        if (kind < 0.6) text = text.slice(0, at) + pick(pieces) + text.slice(at);
        else if (kind < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 4));
        else {
          const lines = text.split('\n');
          const line = Math.floor(random() * lines.length);
          lines.splice(line, 0, lines[Math.floor(random() * lines.length)]!);
          text = lines.join('\n');
        }
      }
      if (check(text)) accepted++;
    }
    // Enough of them are accepted for the comparison to mean something.
    expect(accepted).toBeGreaterThan(350);
  });

  it('agrees with yaml on random one-line flow lists', () => {
    const random = seededRandom(31);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const items = [
      'a', 'Đảng ủy', '/a/b.html', 'x:y', 'https://x.vn/?a=1#b', '"q, r"', "'s'", '""', '1', '0', 'true', 'a b', 'a  b', ' ', '', '#', 'a #b',
      'a#b', ':', 'a:', ': a', '-1', '- a', '[', ']', '{', '}', '[b]', ',', '"', "'", 'null', '~', '?', '&x', '*x', '!x', 'a\\b', '"a\\"b"',
    ];
    let accepted = 0;
    for (let n = 0; n < 2500; n++) {
      const list = Array.from({ length: Math.floor(random() * 4) }, () => pick(items));
      const text = `\ntitle: x\ntags: ${pick(['[', '[ ', '[  '])}${list.join(pick([',', ', ', ' ,', ' , ']))}${pick(['', ' ', ',', ', '])}]${pick(['', ' ', '  #c', 'x'])}\nviews: 1\n`;
      if (check(text)) accepted++;
    }
    expect(accepted).toBeGreaterThan(180);
  });

  it('agrees with yaml on random documents near the edge of what it accepts', () => {
    const random = seededRandom(23);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const keys = ['title', 'date', 'tags', 'authors', 'name', 'role', 'a', 'x-y', 'k1', 'true', 'Null'];
    const good = ['Hội nghị', 'Thông báo', '"trích: dẫn"', "'đơn'", '""', '2020-09-25 21:01', '2021-08-15T23:49:00+07:00', '12', '0', 'True', 'false', 'a,b', 'a - b', 'x:y', 'a#b', '/a/-/view/1.html'];
    const tricky = [
      '007', '-3', '+3', 'TRUE', 'tRue', 'null', 'nULL', '~', '', ' ', 'a: b', 'a #b', '[x]', 'x]', 'a{b}', '&a x', '*a', '!x', '|', '>', '"a"b',
      "'a''b'", '"a\\"b"', '.5', '1.', '1e3', '0x1F', '0o17', '.NaN', 'x:', 'http://x.vn/a?b=1#c', '\u00a0x', 'x\u00a0', 'x ', '- a', '? a',
      ': a', '%a', '@a', '`a`', ',a', '12345678901234567',
    ];
    const value = (): string => (random() < 0.75 ? pick(good) : pick(tricky));
    const junk = ['', '   ', '# chú thích', '  tiếp', '---', '- a', `  ${pick(keys)}: x`];
    const block = (): string[] => {
      const key = pick(keys);
      const kind = random();
      if (kind < 0.3) return [`${key}:${pick([' ', ' ', '  ', ''])}${value()}`];
      if (kind < 0.4) {
        const items = Array.from({ length: Math.floor(random() * 4) }, () => value().replace(/^\s+|\s+$/g, pick(['', ' '])));
        return [`${key}: [${items.join(pick([', ', ',', ' , ']))}${pick(['', ',', ' '])}]${pick(['', ' ', ' x'])}`];
      }
      if (kind < 0.5) {
        const indent = ' '.repeat(pick([2, 2, 4]));
        return [`${key}:`, ...Array.from({ length: 1 + Math.floor(random() * 3) }, () => `${pick([indent, indent, indent, '   '])}${pick(keys)}: ${value()}`)];
      }
      if (kind < 0.9) {
        const indent = ' '.repeat(pick([0, 2, 2, 4]));
        const out = [`${key}:`];
        for (let n = Math.floor(random() * 4); n >= 0; n--) {
          if (random() < 0.6) out.push(`${indent}- ${value()}`);
          else {
            out.push(`${indent}- ${pick(keys)}: ${value()}`);
            if (random() < 0.6) out.push(`${indent}${pick(['  ', '  ', '   ', ' '])}${pick(keys)}: ${value()}`);
          }
        }
        return out;
      }
      return [pick(junk)];
    };
    let accepted = 0;
    for (let n = 0; n < 3000; n++) {
      const lines: string[] = [''];
      for (let count = 1 + Math.floor(random() * 5); count > 0; count--) lines.push(...block());
      if (check(`${lines.join('\n')}\n`)) accepted++;
    }
    expect(accepted).toBeGreaterThan(250);
  });
});
