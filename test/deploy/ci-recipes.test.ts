/**
 * The CI recipes (GitHub Actions workflows, .gitlab-ci.yml) parse as YAML, and every command they run
 * exists: `npm run X` in package.json, `npx bantin X --flag` among the CLI's commands and their options,
 * `npx <tool>` among the dependencies, scripts of the repository on disk. Each deploy recipe runs
 * `npm ci`, `bantin check` and the build, in that order, and keeps the build cache.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cac } from 'cac';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.ts';
import { REPO } from '../support/site.ts';

interface Recipe {
  file: string;
  /** Jobs by name: their shell lines, and whether they keep `.cache/bantin`. */
  jobs: { name: string; lines: string[]; cachesBuild: boolean; deploys: boolean }[];
}

const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

function load(file: string): unknown {
  const doc = parseDocument(readFileSync(path.join(REPO, file), 'utf8'));
  expect(doc.errors.map(String), file).toEqual([]);
  expect(doc.warnings.map(String), file).toEqual([]);
  return doc.toJS();
}

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const lines = (value: unknown): string[] => [value].flat().filter((v): v is string => typeof v === 'string').flatMap((v) => v.split('\n'));

function githubRecipes(): Recipe[] {
  const dir = path.join(REPO, '.github/workflows');
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => {
      const file = `.github/workflows/${name}`;
      const workflow = load(file) as Json;
      expect(isRecord(workflow['jobs']), file).toBe(true);
      const jobs = Object.entries(workflow['jobs'] as Json).map(([jobName, job]) => {
        const steps = ((job as Json)['steps'] ?? []) as Json[];
        for (const step of steps) {
          if (typeof step['uses'] === 'string') expect(step['uses'], `${file} ${jobName}`).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
        }
        return {
          name: jobName,
          lines: steps.flatMap((step) => lines(step['run'])),
          cachesBuild: steps.some((step) => String(step['uses']).startsWith('actions/cache@') && lines((step['with'] as Json | undefined)?.['path']).includes('.cache/bantin')),
          deploys: name.startsWith('deploy-') && steps.some((step) => step['run'] !== undefined),
        };
      });
      return { file, jobs };
    });
}

function gitlabRecipe(): Recipe {
  const file = '.gitlab-ci.yml';
  const config = load(file) as Json;
  const reserved = new Set(['default', 'variables', 'stages', 'include', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script']);
  const defaults = (config['default'] ?? {}) as Json;
  const defaultCache = lines(((defaults['cache'] ?? {}) as Json)['paths']);
  const jobs = Object.entries(config)
    .filter(([name, job]) => !reserved.has(name) && !name.startsWith('.') && isRecord(job))
    .map(([name, job]) => {
      const j = job as Json;
      const cache = j['cache'] !== undefined ? lines((j['cache'] as Json)['paths']) : defaultCache;
      return {
        name,
        lines: [...lines(j['before_script'] ?? defaults['before_script']), ...lines(j['script'])],
        cachesBuild: cache.some((p) => p.replace(/\/$/, '') === '.cache/bantin'),
        deploys: j['stage'] === 'deploy',
      };
    });
  return { file, jobs };
}

/** Splits a shell line into simple commands, each a list of words (quotes removed). */
function simpleCommands(line: string): string[][] {
  const result: string[][] = [];
  let words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length) result.push(words);
    words = [];
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '#' && !inWord) {
      break;
    } else if (/\s/.test(c)) {
      endWord();
    } else if (c === ';' || c === '|' || c === '&') {
      endCommand();
      if (line[i + 1] === c) i++;
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  // Shell keywords and tests around the real commands.
  return result
    .map((command) => {
      const skip = new Set(['if', 'then', 'else', 'fi', '!']);
      let i = 0;
      while (i < command.length && skip.has(command[i]!)) i++;
      return command.slice(i);
    })
    .filter((command) => command.length > 0 && command[0] !== '[' && command[0] !== 'fi');
}

function bantinCli() {
  const cli = cac('bantin');
  for (const command of commands) command.register(cli);
  return new Map(cli.commands.map((c) => [c.name, new Set(c.options.flatMap((o) => o.names))]));
}

const camel = (flag: string) => flag.replace(/^--/, '').replace(/=.*$/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

const recipes = [...githubRecipes(), gitlabRecipe()];

describe('CI recipes', () => {
  it('exist for GitHub Pages, GitLab Pages, Cloudflare and rsync', () => {
    const files = recipes.map((r) => r.file);
    expect(files).toEqual(expect.arrayContaining(['.github/workflows/deploy-github-pages.yml', '.github/workflows/deploy-cloudflare.yml', '.github/workflows/deploy-rsync.yml', '.gitlab-ci.yml']));
    expect(gitlabRecipe().jobs.map((j) => j.name)).toEqual(expect.arrayContaining(['pages', 'deploy-cloudflare', 'deploy-rsync']));
  });

  for (const recipe of recipes) {
    it(`${recipe.file}: every command it runs exists`, () => {
      const cli = bantinCli();
      const deps = { ...pkg.dependencies, ...pkg.devDependencies };
      let checked = 0;
      for (const job of recipe.jobs) {
        for (const line of job.lines) {
          for (const words of simpleCommands(line)) {
            const where = `${recipe.file} ${job.name}: ${words.join(' ')}`;
            const [tool, sub, ...rest] = words;
            if (tool === 'npm' && sub === 'run') {
              expect(pkg.scripts, where).toHaveProperty([rest[0]!]);
              checked++;
            } else if (tool === 'npm') {
              expect(['ci', 'test', 'install'], where).toContain(sub);
              if (sub === 'test') expect(pkg.scripts, where).toHaveProperty(['test']);
              checked++;
            } else if (tool === 'npx' && sub === 'bantin') {
              const [command, ...args] = rest;
              expect(cli.has(command!), `${where}: no bantin command "${command}"`).toBe(true);
              for (const flag of args.filter((a) => a.startsWith('--'))) {
                expect(cli.get(command!)!.has(camel(flag)) || ['help', 'version'].includes(camel(flag)), `${where}: no option ${flag}`).toBe(true);
              }
              checked++;
            } else if (tool === 'npx') {
              expect(Object.keys(deps), where).toContain(sub);
              checked++;
            }
            for (const word of words) {
              const repoPath = /^(?:[\w-]+=)?((?:deploy|scripts)\/[\w./-]+)$/.exec(word)?.[1];
              if (repoPath) {
                expect(existsSync(path.join(REPO, repoPath)), `${where}: ${repoPath} does not exist`).toBe(true);
                checked++;
              }
            }
          }
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }

  it('each deploy runs npm ci, bantin check and the build, in that order, and keeps the build cache', () => {
    const deploying = recipes.flatMap((recipe) => recipe.jobs.filter((job) => job.deploys).map((job) => ({ recipe, job })));
    expect(deploying.length).toBeGreaterThanOrEqual(6);
    for (const { recipe, job } of deploying) {
      const where = `${recipe.file} ${job.name}`;
      const flat = job.lines.flatMap(simpleCommands).map((words) => words.slice(0, 3).join(' '));
      const ci = flat.indexOf('npm ci');
      const check = flat.indexOf('npx bantin check');
      const build = flat.indexOf('npx bantin build');
      expect(ci, where).toBeGreaterThanOrEqual(0);
      expect(check, where).toBeGreaterThan(ci);
      expect(build, where).toBeGreaterThan(check);
      expect(job.cachesBuild, `${where}: does not keep .cache/bantin`).toBe(true);
    }
  });

  it('the deploy script is executable shell that refuses to run without a target', async () => {
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync('sh', [path.join(REPO, 'deploy/rsync/deploy.sh')], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('DEPLOY_PATH');
    expect(spawnSync('sh', ['-n', path.join(REPO, 'deploy/rsync/deploy.sh')]).status).toBe(0);
  });
});
