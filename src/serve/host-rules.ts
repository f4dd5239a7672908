/**
 * The output folder's `_headers` and `_redirects` (Cloudflare Pages and Netlify syntax, written by the build from
 * the hosting policy, plus a site's own `static/` rules) read back and applied by `bantin serve`, so a ward serving
 * its site with bantin alone gets the same Content-Security-Policy, cache rules and 301s for old URLs as on Pages
 * or behind nginx. Parsing and matching are pure; `loadHostRules` is the I/O edge.
 *
 * Supported: URL path patterns with `*` (any characters, `:splat` in the target) and `:name` placeholders (one
 * path segment); redirects with status 301, 302, 303, 307 and 308 (default 301), the first matching rule winning,
 * applied before the files as Cloudflare Pages does; every matching header rule, two values of one header joined
 * with a comma. Not supported, and skipped: rules for other hosts (`https://…` patterns), status 200 rewrites and
 * proxies, `!` header removals, query-string conditions.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { HEADERS_PATH, REDIRECTS_PATH } from '../hosting/policy.ts';

/** A URL path pattern compiled to a regular expression with named groups. */
interface Pattern {
  regex: RegExp;
}

/** One rule of `_headers`. */
export interface HeaderRuleOf {
  pattern: Pattern;
  headers: [name: string, value: string][];
}

/** One rule of `_redirects`. */
export interface RedirectRuleOf {
  pattern: Pattern;
  to: string;
  status: number;
}

/** The host rules of an output folder. */
export interface HostRules {
  headers: HeaderRuleOf[];
  redirects: RedirectRuleOf[];
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** `/a/:id/*` → a regex matching the whole (still percent-encoded) request path. */
function compile(pattern: string): Pattern {
  let source = '';
  for (const part of pattern.split(/(\*|:[A-Za-z_][A-Za-z0-9_]*)/)) {
    if (part === '*') source += '(?<splat>.*)';
    else if (/^:[A-Za-z_]/.test(part)) source += `(?<${part.slice(1)}>[^/]+)`;
    else source += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return { regex: new RegExp(`^${source}$`) };
}

/** The lines of a rules file without comments and blank lines, with their indentation. */
function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
}

/** Parses a `_headers` file. Rules it cannot apply are skipped. */
export function parseHeaders(text: string): HeaderRuleOf[] {
  const rules: HeaderRuleOf[] = [];
  let current: HeaderRuleOf | undefined;
  for (const line of lines(text)) {
    if (!/^\s/.test(line)) {
      const pattern = line.trim();
      current = pattern.startsWith('/') ? { pattern: compile(pattern), headers: [] } : undefined;
      if (current) rules.push(current);
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim();
    if (!current || colon < 0 || name === '' || name.startsWith('!')) continue;
    current.headers.push([name.toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/** Parses a `_redirects` file. Rules it cannot apply (rewrites, proxies, other hosts) are skipped. */
export function parseRedirects(text: string): RedirectRuleOf[] {
  const rules: RedirectRuleOf[] = [];
  for (const line of lines(text)) {
    const [from, to, code] = line.trim().split(/\s+/);
    const status = code === undefined ? 301 : Number(code.replace(/!$/, ''));
    if (!from?.startsWith('/') || !to || !REDIRECT_STATUSES.has(status)) continue;
    rules.push({ pattern: compile(from), to, status });
  }
  return rules;
}

/** The headers every matching rule gives the request path `pathname` (lower-case names). */
export function headersFor(rules: HostRules, pathname: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const rule of rules.headers) {
    if (!rule.pattern.regex.test(pathname)) continue;
    for (const [name, value] of rule.headers) headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
}

/** The redirect for the request path `pathname`, if a rule matches: where to and with which status. */
export function redirectFor(rules: HostRules, pathname: string): { location: string; status: number } | undefined {
  for (const rule of rules.redirects) {
    const match = rule.pattern.regex.exec(pathname);
    if (!match) continue;
    const groups = match.groups ?? {};
    const location = rule.to.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) => groups[name] ?? whole);
    return { location, status: rule.status };
  }
  return undefined;
}

/**
 * The rules of the output folder `root`, read again when either file changed (a deploy replaced the folder): each
 * call costs two `stat`s at most once a second.
 */
export function loadHostRules(root: string): () => Promise<HostRules> {
  const files = [HEADERS_PATH, REDIRECTS_PATH].map((name) => path.join(root, name));
  let stamp = '';
  let rules: HostRules = { headers: [], redirects: [] };
  let checked = -Infinity;
  const stampOf = async (file: string): Promise<string> => {
    const info = await stat(file).catch(() => undefined);
    return info?.isFile() ? `${info.size}:${info.mtimeMs}:${info.ino}` : '-';
  };
  return async () => {
    const now = performance.now();
    if (now - checked < 1000) return rules;
    checked = now;
    const next = (await Promise.all(files.map(stampOf))).join('|');
    if (next !== stamp) {
      const [headers, redirects] = await Promise.all(files.map((file) => readFile(file, 'utf8').catch(() => '')));
      stamp = next;
      rules = { headers: parseHeaders(headers!), redirects: parseRedirects(redirects!) };
    }
    return rules;
  };
}
