/**
 * Front matter cost per article, in process, on a generated corpus (the seeded generator of `npm run bench`):
 *
 *   node --import tsx scripts/bench-front-matter.ts [--count 10000] [--rounds 3] [--seed 5]
 *
 * Times, per article and round: gray-matter splitting alone, the front matter read by `yaml` alone
 * (`parseYamlDocument`: `parseDocument` + `LineCounter`), by `parseYaml` (the plain reader, `yaml` for the rest),
 * and the whole of `parseArticle`. The first round includes the JIT's warm-up, as a cold build does. Add
 * `node --cpu-prof` to see where the time goes. A benchmark, not a test: nothing here asserts a time.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import matter from 'gray-matter';
import { VFile } from 'vfile';
import { corpusConfig, generateArticles } from './generate-corpus.ts';
import { parseArticle } from '../src/content/parse-article.ts';
import { parseConfig } from '../src/config/parse-config.ts';
import { parseYaml, parseYamlDocument } from '../src/report/yaml-place.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '3' }, seed: { type: 'string', default: '5' } } });
const count = Number(values.count);
const rounds = Number(values.rounds);
const articles = generateArticles(count, Number(values.seed)).map((a) => ({ path: a.path, text: a.markdown.normalize('NFC') }));
const config = parseConfig(new VFile({ path: 'site.config.yaml', value: corpusConfig() }));
if (!config) throw new Error('the corpus config does not parse');
const blocks = articles.map((a) => {
  let block = '';
  matter(a.text, { engines: { yaml: (text: string) => ((block = text), {}) } });
  return block;
});

const stages: [string, (index: number) => void][] = [
  ['gray-matter alone', (i) => void matter(articles[i]!.text, { engines: { yaml: () => ({}) } })],
  ['yaml alone (parseYamlDocument)', (i) => void parseYamlDocument(new VFile(), blocks[i]!, 1).place(['title'])],
  ['parseYaml', (i) => void parseYaml(new VFile(), blocks[i]!, 1).place(['title'])],
  ['parseArticle', (i) => {
    const file = new VFile({ path: articles[i]!.path, value: articles[i]!.text });
    if (!parseArticle(file, config) || file.messages.length) throw new Error(`${file.path}: ${String(file.messages[0])}`);
  }],
];

process.stdout.write(`${count} articles, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
for (const [name, run] of stages) {
  const times: string[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    for (let i = 0; i < count; i++) run(i);
    times.push(`${(((performance.now() - start) / count) * 1000).toFixed(1)} µs`);
  }
  process.stdout.write(`${name.padEnd(32)} ${times.join('  ')}\n`);
}
process.stdout.write(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
