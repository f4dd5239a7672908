/**
 * The `import:` block of `site.config.yaml`, validated. The site's config loader passes the block through
 * untouched; this module checks it and reports each mistake at its line and column in the YAML file when
 * the YAML text is at hand (else as "site.config.yaml: import.selectors.title: …").
 *
 * ```yaml
 * import:
 *   baseUrl: https://cukhoi.longbien.hanoi.gov.vn/
 *   defaultCategory: Tin tức
 *   categoryMap:
 *     "Tin tức - Sự kiện": Tin tức
 *   selectors:
 *     title: h1.title
 *     category: .breadcrumb li:last-child
 *     meta: .post-meta
 *     body: .post-content
 *     remove: [.media-block, .share]
 * ```
 */
import type { Root } from 'hast';
import { selectAll } from 'hast-util-select';
import { closest } from 'fastest-levenshtein';
import type { VFile } from 'vfile';
import { describe, isRecord } from '../report/fields.ts';
import { error, warn, type Point } from '../report/messages.ts';
import { DEFAULT_SELECTORS, DEFAULT_TIMEZONE, type ImportOptions, type ImportSelectors } from './import-options.ts';

/** The `import:` block as the user wrote it, checked; absent fields stay absent. */
export interface ImportConfig {
  /** Selector lists that replace the defaults field by field (`remove` adds to them). */
  selectors: Partial<ImportSelectors>;
  /** Old category name → new category name. */
  categoryMap: Record<string, string>;
  /** Category for pages that name none. */
  defaultCategory?: string;
  /** The old portal's address. */
  baseUrl?: string;
}

/**
 * Finds the place of a value in `site.config.yaml` by its key path, e.g. `["import", "selectors", "title", 0]`;
 * `YamlSource.place` from src/report/yaml-place.ts is one.
 */
export type Locate = (path: (string | number)[], part?: 'key' | 'value') => Point | undefined;

const SELECTOR_FIELDS = Object.keys(DEFAULT_SELECTORS) as (keyof ImportSelectors)[];
const KEYS = ['selectors', 'categoryMap', 'defaultCategory', 'baseUrl'];
const PROBE: Root = {
  type: 'root',
  children: [{ type: 'element', tagName: 'div', properties: { className: ['x'] }, children: [{ type: 'text', value: 'x' }] }],
};

// The pseudo-classes hast-util-select supports; others (":hover", ":visited") only fail once an element
// of the right tag is met, so they are checked here by name.
const SUPPORTED_PSEUDO = new Set([
  'any-link', 'blank', 'checked', 'dir', 'disabled', 'empty', 'enabled', 'first-child', 'first-of-type', 'has', 'is',
  'lang', 'last-child', 'last-of-type', 'not', 'nth-child', 'nth-last-child', 'nth-last-of-type', 'nth-of-type',
  'only-child', 'only-of-type', 'optional', 'read-only', 'read-write', 'required', 'root', 'scope', 'where', 'matches', 'any',
]);

/** Why a CSS selector cannot be used by the importer (hast-util-select must parse and support it), or undefined. */
export function selectorProblem(selector: string): string | undefined {
  if (selector.trim() === '') return 'an empty selector';
  try {
    selectAll(selector, PROBE);
  } catch (cause) {
    return (cause as Error).message;
  }
  const bare = selector.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\[[^\]]*\]/gu, '');
  for (const match of bare.matchAll(/::?([a-zA-Z-]+)/gu)) {
    if (match[0].startsWith('::')) return `pseudo-element "${match[0]}" is not supported`;
    const name = (match[1] ?? '').toLowerCase();
    if (!SUPPORTED_PSEUDO.has(name)) {
      return `pseudo-class ":${name}" is not supported (a saved page has no hover, focus or visited state)`;
    }
  }
  return undefined;
}

/**
 * Checks the raw `import:` value. Every mistake is a message on `file` (fatal for wrong types and
 * unusable selectors, a warning for unknown keys, with the closest known key as a hint). An absent
 * block (undefined or null) is valid and means "all defaults".
 */
export function validateImportConfig(raw: unknown, file: VFile, locate?: Locate): ImportConfig {
  const config: ImportConfig = { selectors: {}, categoryMap: {} };
  const report = (path: (string | number)[], reason: string, fatal: boolean, ruleId: string, note?: string): void => {
    const name = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${p}`)).join('');
    const part = ruleId === 'import-config-unknown-key' ? 'key' : 'value';
    (fatal ? error : warn)(file, `${name}: ${reason}`, { place: locate?.(path, part), ruleId, note });
  };
  if (raw === undefined || raw === null) return config;
  if (!isRecord(raw)) {
    report(['import'], `expected a mapping of import settings, got ${describe(raw)}`, true, 'import-config-type');
    return config;
  }
  for (const key of Object.keys(raw)) {
    if (!KEYS.includes(key)) {
      report(['import', key], `unknown key "${key}"`, false, 'import-config-unknown-key', `Did you mean "${closest(key, KEYS)}"?`);
    }
  }

  const selectors = raw['selectors'];
  if (selectors !== undefined && selectors !== null) {
    if (!isRecord(selectors)) {
      report(['import', 'selectors'], `expected a mapping from part names to CSS selectors, got ${describe(selectors)}`, true, 'import-config-type');
    } else {
      for (const [field, value] of Object.entries(selectors)) {
        const path = ['import', 'selectors', field];
        if (!(SELECTOR_FIELDS as string[]).includes(field)) {
          report(path, `unknown part "${field}"`, false, 'import-config-unknown-key', `Known parts: ${SELECTOR_FIELDS.join(', ')}. Did you mean "${closest(field, SELECTOR_FIELDS)}"?`);
          continue;
        }
        const list = typeof value === 'string' ? [value] : value;
        if (!Array.isArray(list) || list.length === 0) {
          report(path, `expected a CSS selector or a list of them, got ${describe(value)}`, true, 'import-config-type');
          continue;
        }
        const good: string[] = [];
        list.forEach((item: unknown, index) => {
          const itemPath = typeof value === 'string' ? path : [...path, index];
          if (typeof item !== 'string') {
            report(itemPath, `expected a CSS selector, got ${describe(item)}`, true, 'import-config-type');
            return;
          }
          const problem = selectorProblem(item);
          if (problem) report(itemPath, `unusable CSS selector "${item}": ${problem}`, true, 'import-config-selector');
          else good.push(item.normalize('NFC'));
        });
        if (good.length === list.length) config.selectors[field as keyof ImportSelectors] = good;
      }
    }
  }

  const map = raw['categoryMap'];
  if (map !== undefined && map !== null) {
    if (!isRecord(map)) {
      report(['import', 'categoryMap'], `expected a mapping from old category names to new ones, got ${describe(map)}`, true, 'import-config-type');
    } else {
      for (const [from, to] of Object.entries(map)) {
        if (typeof to !== 'string' || to.trim() === '') {
          report(['import', 'categoryMap', from], `expected a category name, got ${describe(to)}`, true, 'import-config-type');
        } else {
          config.categoryMap[from.normalize('NFC').trim()] = to.normalize('NFC').trim();
        }
      }
    }
  }

  const defaultCategory = raw['defaultCategory'];
  if (defaultCategory !== undefined && defaultCategory !== null) {
    if (typeof defaultCategory !== 'string' || defaultCategory.trim() === '') {
      report(['import', 'defaultCategory'], `expected a category name, got ${describe(defaultCategory)}`, true, 'import-config-type');
    } else {
      config.defaultCategory = defaultCategory.normalize('NFC').trim();
    }
  }

  const baseUrl = raw['baseUrl'];
  if (baseUrl !== undefined && baseUrl !== null) {
    const problem = baseUrlProblem(baseUrl);
    if (problem) report(['import', 'baseUrl'], problem, true, 'import-config-base-url');
    else config.baseUrl = String(baseUrl);
  }
  return config;
}

/** Why a value is not a usable old-portal address (an absolute http(s) URL), or undefined when it is. */
export function baseUrlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `expected an absolute URL such as "https://phuong.example.gov.vn/", got ${describe(value)}`;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return undefined;
  } catch {
    // reported below
  }
  return `expected an absolute http(s) URL such as "https://phuong.example.gov.vn/", got "${value}"`;
}

/** Command-line values that take precedence over the `import:` block. */
export interface ImportOverrides {
  categoryMap?: Record<string, string>;
  defaultCategory?: string;
  baseUrl?: string;
  timezone?: string;
}

/**
 * The options `parsePortalPage` uses: defaults, then the `import:` block (each selector list given
 * replaces the default one; `remove` is added to the defaults), then the command line.
 */
export function resolveImportOptions(config: ImportConfig, overrides: ImportOverrides = {}): ImportOptions {
  const selectors = structuredClone(DEFAULT_SELECTORS);
  for (const field of SELECTOR_FIELDS) {
    const given = config.selectors[field];
    if (given === undefined) continue;
    selectors[field] = field === 'remove' ? [...selectors.remove, ...given] : [...given];
  }
  const options: ImportOptions = {
    selectors,
    categoryMap: { ...config.categoryMap, ...overrides.categoryMap },
    timezone: overrides.timezone ?? DEFAULT_TIMEZONE,
  };
  const defaultCategory = overrides.defaultCategory ?? config.defaultCategory;
  if (defaultCategory !== undefined) options.defaultCategory = defaultCategory;
  const baseUrl = overrides.baseUrl ?? config.baseUrl;
  if (baseUrl !== undefined) options.baseUrl = baseUrl;
  return options;
}
