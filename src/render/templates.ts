/**
 * The Handlebars environment of a build: every theme template compiled once in strict mode (a missing field
 * is a reported error, not a blank in a published bulletin), partials and helpers registered, and any
 * template error reported on the template file at its line.
 */
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import type { VFile } from 'vfile';
import type { Theme } from './theme.ts';
import { error } from '../report/messages.ts';
import { formatDay, formatTime } from '../vi/dates.ts';

/** What helpers need to know about the site. */
export interface HelperContext {
  basePath: string;
  timezone: string;
  /** Site paths (without base) of published assets, by asset name. */
  assets: Map<string, string>;
}

/** A compiled theme: renders a page template inside the base layout. */
export interface TemplateEnv {
  /** Renders `pages/<name>.hbs` with `data`; with `layout`, wraps it in `layouts/base.hbs` as `content`. Returns undefined after reporting an error. */
  render(name: string, data: Record<string, unknown>, options?: { layout?: boolean }): string | undefined;
  /** Template files, carrying any messages. */
  files: VFile[];
  /** Changes whenever a template or the helpers' context changes: part of every page key (see `pageKey`). */
  key: string;
}

/** Pulls "line:column" out of a Handlebars error, if it has one. */
function placeOf(cause: unknown): { line: number; column: number } | undefined {
  const text = cause instanceof Error ? cause.message : String(cause);
  const loc = / - (\d+):(\d+)$/m.exec(text);
  if (loc) return { line: Number(loc[1]), column: Number(loc[2]) + 1 };
  const parse = /Parse error on line (\d+)/.exec(text);
  if (parse) return { line: Number(parse[1]), column: 1 };
  const err = cause as { lineNumber?: number; column?: number };
  return typeof err.lineNumber === 'number' ? { line: err.lineNumber, column: (err.column ?? 0) + 1 } : undefined;
}

/** The key of a theme with a helper context: its templates and the context, hashed. */
function envKey(theme: Theme, context: HelperContext): string {
  const key = createHash('sha256');
  for (const rel of [...theme.templates.keys()].sort()) key.update(`${rel}\0${String(theme.templates.get(rel)!.value)}\0`);
  key.update(JSON.stringify([context.basePath, context.timezone, [...context.assets].sort()]));
  return key.digest('hex');
}

/** The environment last compiled for a theme, when it compiled without an error: the same key gives it again. */
const compiledEnvs = new WeakMap<Theme, TemplateEnv>();

/**
 * Compiles the theme. Syntax errors are reported now; missing fields when a page is rendered. A theme compiled
 * before without error, with the same templates and context, gives the same environment again (the dev server
 * builds many times with one theme).
 */
export function createTemplateEnv(theme: Theme, context: HelperContext): TemplateEnv {
  const key = envKey(theme, context);
  const known = compiledEnvs.get(theme);
  if (known?.key === key) return known;
  const env = compileTemplateEnv(theme, context, key);
  if (env.files.every((file) => file.messages.length === 0)) compiledEnvs.set(theme, env);
  return env;
}

function compileTemplateEnv(theme: Theme, context: HelperContext, key: string): TemplateEnv {
  const hbs = Handlebars.create();
  const files = [...theme.templates.values()];
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  const report = (file: VFile, cause: unknown): void => {
    const text = cause instanceof Error ? cause.message : String(cause);
    const place = placeOf(cause);
    // Handlebars names only the last missing segment; quote the whole expression from the source.
    const line = place ? String(file.value).split('\n')[place.line - 1] : undefined;
    const start = line?.lastIndexOf('{{', place!.column) ?? -1;
    const expression = start >= 0 ? line!.slice(start).match(/^\{\{[^}]*\}\}/)?.[0] : undefined;
    const lines = text.split('\n');
    const reason = text.startsWith('Parse error')
      ? `syntax: ${lines.at(-1)!.replace(/^Expecting (.*), got (.*)$/, (_, want: string, got: string) => `got ${got}, expected ${want.split(', ').slice(0, 4).join(', ')}${want.split(', ').length > 4 ? ', ...' : ''}`)}`
      : lines[0]!.replace(/ - \d+:\d+$/, '').replace(/ in undefined$/, '').replace(/ in \[object Object\]$/, '');
    error(file, `Template error${expression ? ` in ${expression}` : ''}: ${reason}`, {
      place,
      ruleId: 'template-error',
      note: text.includes('not defined')
        ? 'The field is missing from the data this template receives; see the README section on templates for the fields of each page.'
        : text.includes("got 'EOF'")
          ? 'A block such as {{#if}} or {{#each}} is not closed.'
          : undefined,
    });
  };

  hbs.registerHelper('asset', (name: unknown) => {
    const p = context.assets.get(String(name));
    if (!p) throw new Error(`unknown asset "${String(name)}"`);
    return `${context.basePath}${p.slice(1)}`;
  });
  // Helper names win over fields of the same name in Handlebars, so none is named like a view-model field.
  hbs.registerHelper('sitePath', (sitePath: unknown) => `${context.basePath}${String(sitePath).replace(/^\//, '')}`);
  hbs.registerHelper('formatDay', (iso: unknown) => formatDay(new Date(String(iso)), context.timezone));
  hbs.registerHelper('formatTime', (iso: unknown) => formatTime(new Date(String(iso)), context.timezone));
  hbs.registerHelper('formatNumber', (n: unknown) => new Intl.NumberFormat('vi-VN').format(Number(n)));

  for (const [rel, file] of theme.templates) {
    try {
      // Precompile now so syntax errors surface once, with the template's name, before any page renders.
      Handlebars.parse(String(file.value));
      const template = hbs.compile(String(file.value), { strict: true, preventIndent: true });
      if (rel.startsWith('partials/')) hbs.registerPartial(rel.slice('partials/'.length, -'.hbs'.length), template);
      else compiled.set(rel, template);
    } catch (cause) {
      report(file, cause);
    }
  }

  const run = (rel: string, data: Record<string, unknown>): string | undefined => {
    const template = compiled.get(rel);
    const file = theme.templates.get(rel);
    if (!template || !file) return undefined;
    try {
      return template(data);
    } catch (cause) {
      // A failing partial is reported on the page template that called it, named in the message.
      if (!file.messages.some((m) => m.reason.endsWith((cause as Error).message?.split('\n')[0] ?? ''))) report(file, cause);
      return undefined;
    }
  };

  return {
    files,
    key,
    render(name, data, options = {}) {
      const content = run(`pages/${name}.hbs`, data);
      if (content === undefined || !options.layout) return content;
      return run('layouts/base.hbs', { ...data, content });
    },
  };
}
