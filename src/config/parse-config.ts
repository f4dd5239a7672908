/**
 * `site.config.yaml` → `SiteConfig`: validated as strictly as articles, every problem at its position.
 */
import type { VFile } from 'vfile';
import type { Category, SiteConfig } from '../types.ts';
import { FieldReader, isRecord, describe } from '../report/fields.ts';
import { parseYaml } from '../report/yaml-place.ts';
import { error } from '../report/messages.ts';
import { isSlug, slugify } from '../vi/slugify.ts';
import { isTimeZone } from '../vi/dates.ts';

/** Top-level keys `site.config.yaml` may have. Blocks owned by other stages are passed through untouched. */
export const CONFIG_FIELDS = ['title', 'description', 'baseUrl', 'language', 'timezone', 'perPage', 'categories', 'counter', 'import'] as const;

/** First path segments the site generates itself (search page, theme assets, shared media, counter), so no category may take them. */
export const RESERVED_SLUGS = ['tim-kiem', 'assets', 'media', 'api'];

/** The config file name, relative to the site root. */
export const CONFIG_FILE = 'site.config.yaml';

/** Overrides from the command line. */
export interface ConfigOverrides {
  /** `--base-url`: replaces `baseUrl`. */
  baseUrl?: string | undefined;
}

/**
 * Validates the config text in `file` (its `value` is the NFC YAML). Returns the config, or `undefined` when
 * it has errors (all reported on `file`).
 */
export function parseConfig(file: VFile, overrides: ConfigOverrides = {}): SiteConfig | undefined {
  const source = parseYaml(file, String(file.value));
  if (file.messages.some((m) => m.fatal)) return undefined;
  if (!isRecord(source.value)) {
    error(file, `The config must be a mapping of fields, got ${describe(source.value)}`, {
      ruleId: 'config-shape',
      note: 'Start with lines such as `title: Phường Cự Khối` and `baseUrl: https://example.gov.vn/`.',
    });
    return undefined;
  }
  const fields = new FieldReader(file, source, source.value);
  fields.rejectUnknown(CONFIG_FIELDS, 'config');
  const title = fields.string('title', { required: true, example: 'Cổng thông tin phường Cự Khối' });
  const description = fields.string('description') ?? '';
  const language = fields.string('language') ?? 'vi';
  const timezone = fields.string('timezone') ?? 'Asia/Ho_Chi_Minh';
  if (!isTimeZone(timezone)) fields.fail(['timezone'], `Unknown time zone "${timezone}"`, 'config-timezone', 'Use an IANA zone name such as Asia/Ho_Chi_Minh.');
  const perPage = fields.integer('perPage', { min: 1 }) ?? 10;

  const base = parseBaseUrl(overrides.baseUrl ?? fields.string('baseUrl', { required: true, example: 'https://example.gov.vn/' }));
  if (base === 'invalid') {
    const hint = 'Use an absolute http(s) URL, e.g. https://x.gov.vn/ or https://x.gov.vn/phuong-cu-khoi/.';
    if (overrides.baseUrl) error(file, `Invalid --base-url "${overrides.baseUrl}"`, { ruleId: 'config-base-url', note: hint });
    else fields.fail(['baseUrl'], `Invalid baseUrl "${String(source.value['baseUrl'])}"`, 'config-base-url', hint);
  }

  const categories = readCategories(fields);
  const counter = readCounter(fields);
  if (file.messages.some((m) => m.fatal) || !title || !base || base === 'invalid') return undefined;
  return {
    title,
    description,
    ...base,
    language,
    timezone,
    perPage,
    categories,
    counter,
    ...('import' in source.value ? { import: source.value['import'] } : {}),
  };
}

function parseBaseUrl(text: string | undefined): Pick<SiteConfig, 'baseUrl' | 'basePath' | 'origin'> | 'invalid' | undefined {
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'invalid';
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash) return 'invalid';
  const basePath = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { baseUrl: `${url.origin}${basePath}`, basePath, origin: url.origin };
}

function readCategories(fields: FieldReader): Category[] {
  const list = fields.record['categories'];
  if (list === undefined) {
    fields.string('categories', { required: true, example: '[{ name: Công tác đảng }, { name: Thông báo }]' });
    return [];
  }
  if (!Array.isArray(list) || list.length === 0) {
    fields.fail(['categories'], 'Field "categories" must be a non-empty list', 'config-categories', 'Each item: `- name: Công tác đảng` (optionally `slug:` and `description:`).');
    return [];
  }
  const categories: Category[] = [];
  const seen = new Map<string, string>();
  list.forEach((item: unknown, index) => {
    const entry = typeof item === 'string' ? { name: item } : item;
    if (!isRecord(entry)) {
      fields.fail(['categories', index], `Category ${index + 1} must be a name or a mapping with "name"`, 'config-categories');
      return;
    }
    const sub = new FieldReader(fields.file, fields.source, entry, ['categories', index]);
    if (typeof item !== 'string') sub.rejectUnknown(['name', 'slug', 'description'], 'category');
    const name = sub.string('name', { required: true, example: 'Công tác đảng' });
    if (!name) return;
    const slug = sub.string('slug') ?? slugify(name);
    if (!isSlug(slug)) {
      sub.fail(['slug'], `Category slug "${slug}" is not a valid URL slug`, 'config-slug', 'Use lower-case ASCII letters, digits and hyphens, e.g. cong-tac-dang.');
      return;
    }
    if (RESERVED_SLUGS.includes(slug)) {
      sub.fail(typeof item === 'string' || !('slug' in entry) ? (typeof item === 'string' ? [] : ['name']) : ['slug'], `Category slug "${slug}" is a path the site uses itself (/${slug}/)`, 'config-slug', `Give the category another \`slug:\`; reserved: ${RESERVED_SLUGS.join(', ')}.`);
      return;
    }
    const previous = seen.get(slug);
    if (previous !== undefined) {
      sub.fail(typeof item === 'string' ? [] : ['name'], `Category "${name}" has the same URL /${slug}/ as "${previous}"`, 'config-duplicate-category', 'Give one of them a distinct `slug:`.');
      return;
    }
    seen.set(slug, name);
    const description = sub.string('description');
    categories.push({ name, slug, ...(description ? { description } : {}) });
  });
  return categories;
}

function readCounter(fields: FieldReader): SiteConfig['counter'] {
  const value = fields.record['counter'];
  const defaults = { endpoint: '/api', enabled: true, visits: 0 };
  if (value === undefined || value === null) return defaults;
  if (!isRecord(value)) {
    fields.fail(['counter'], 'Field "counter" must be a mapping', 'field-type', 'For example: counter: { endpoint: /api }');
    return defaults;
  }
  const sub = new FieldReader(fields.file, fields.source, value, ['counter']);
  sub.rejectUnknown(['endpoint', 'enabled', 'visits'], 'counter');
  const endpoint = (sub.string('endpoint') ?? '/api').replace(/\/+$/, '');
  if (!/^(https?:\/\/[^\s]+|\/[A-Za-z0-9._~\/-]*)$/.test(endpoint)) {
    sub.fail(['endpoint'], `Counter endpoint "${endpoint}" must be a path such as /api or an absolute URL`, 'config-counter');
  }
  return { endpoint, enabled: sub.boolean('enabled') ?? true, visits: sub.integer('visits', { min: 0 }) ?? 0 };
}
