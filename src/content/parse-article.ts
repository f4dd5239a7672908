/**
 * A Markdown source → `Article`: front matter split by gray-matter, read with the `yaml` package for positions,
 * validated field by field. The front matter is blanked out (not sliced off) so Markdown positions stay true.
 */
import matter from 'gray-matter';
import type { VFile } from 'vfile';
import type { Article, Author, SiteConfig } from '../types.ts';
import { FieldReader, isRecord, describe } from '../report/fields.ts';
import { parseYaml, type YamlSource } from '../report/yaml-place.ts';
import { error } from '../report/messages.ts';
import { ACCEPTED_DATE_FORMS, parseDate } from '../vi/dates.ts';
import { isSlug, slugify } from '../vi/slugify.ts';
import { findCategory } from './find-category.ts';
import { readMediaFields } from '../media/front-matter.ts';

/** Front matter fields an article may have. */
export const FRONT_MATTER_FIELDS = [
  'title',
  'date',
  'category',
  'author',
  'authors',
  'summary',
  'slug',
  'tags',
  'draft',
  'aliases',
  'image',
  'updated',
  'views',
  'gallery',
  'video',
  'attachments',
] as const;

/**
 * Parses the article in `file` (path relative to the site root, value NFC text). Problems are reported on the
 * file; returns `undefined` when the article cannot be published as written.
 */
export function parseArticle(file: VFile, config: SiteConfig): Article | undefined {
  const text = String(file.value);
  let source: YamlSource | undefined;
  const options = {
    engines: {
      yaml: (frontMatter: string): object => {
        // gray-matter hands over the block from the end of the opening `---` line, so its line 1 is the file's line 1.
        source = parseYaml(file, frontMatter, 1);
        return isRecord(source.value) ? source.value : {};
      },
    },
  };
  const parsed = matter(text, options);
  if (!source) {
    error(file, 'Missing front matter', {
      ruleId: 'front-matter-missing',
      note: 'Start the file with a block such as:\n---\ntitle: Tiêu đề bài viết\ndate: 2020-09-25 21:01\ncategory: Thông báo\n---',
    });
    return undefined;
  }
  if (!isRecord(source.value)) {
    if (source.value !== undefined) error(file, `Front matter must be a mapping of fields, got ${describe(source.value)}`, { place: { line: 2, column: 1 }, ruleId: 'front-matter-shape' });
    return undefined;
  }
  const fields = new FieldReader(file, source, source.value);
  fields.rejectUnknown(FRONT_MATTER_FIELDS, 'front matter');

  const title = fields.string('title', { required: true, example: 'Hội nghị sơ kết công tác 9 tháng đầu năm' });
  const date = readDate(fields, 'date', config, true);
  const updated = readDate(fields, 'updated', config, false);
  const category = readCategory(fields, config);
  const authors = readAuthors(fields);
  const summary = fields.string('summary');
  const image = fields.string('image');
  const media = readMediaFields(fields, image);
  const tags = fields.stringList('tags');
  const draft = fields.boolean('draft') ?? false;
  const views = fields.integer('views', { min: 0 }) ?? 0;
  const aliases = fields.stringList('aliases').flatMap((alias, index) => {
    if (/^\/(?!\/)[^\s?#]*$/.test(alias)) return [alias];
    fields.fail(['aliases', index], `Alias "${alias}" must be a site path starting with "/"`, 'alias-invalid', 'Write the old page path, e.g. /tin-tuc/-/view/12345.html');
    return [];
  });
  const fileStem = (file.stem === 'index' ? file.dirname?.split('/').at(-1) : file.stem) ?? 'bai-viet';
  // slugify leaves a slug as it is, and most file names already are one.
  const slug = fields.string('slug') ?? (isSlug(fileStem) ? fileStem : slugify(fileStem));
  if (!isSlug(slug)) {
    fields.fail(['slug'], `Slug "${slug}" is not a valid URL slug`, 'slug-invalid', `Use lower-case ASCII letters, digits and hyphens, e.g. ${slugify(slug) || 'bai-viet'}.`);
  }
  if (!title || !date || !category || !isSlug(slug)) return undefined;

  // gray-matter returns the body after the closing fence; blank everything before it to keep positions true.
  const head = text.slice(0, text.length - parsed.content.length);
  const markdown = head.replace(/[^\n]/g, ' ') + parsed.content;
  return {
    id: `${category.slug}/${slug}`,
    file,
    title,
    date,
    ...(updated ? { updated } : {}),
    category,
    authors,
    ...(summary ? { summary } : {}),
    slug,
    tags,
    draft,
    aliases,
    ...(image ? { image } : {}),
    ...(media.imagePlace ? { imagePlace: media.imagePlace } : {}),
    ...(media.gallery.length ? { gallery: media.gallery } : {}),
    ...(media.video ? { video: media.video } : {}),
    ...(media.attachments.length ? { attachments: media.attachments } : {}),
    views,
    markdown,
    path: `/${category.slug}/${slug}/`,
    places: {
      url: source.place('slug' in fields.record ? ['slug'] : ['title']),
      aliases: fields.stringList('aliases').map((_, index) => source!.place(['aliases', index])),
    },
  };
}

function readDate(fields: FieldReader, key: 'date' | 'updated', config: SiteConfig, required: boolean): Date | undefined {
  const value = fields.record[key];
  if (value instanceof Date) return value;
  const text = fields.string(key, { required, example: '2020-09-25 21:01' });
  if (text === undefined) return undefined;
  const result = parseDate(text, config.timezone);
  if (result.ok) return result.date;
  const forms = ACCEPTED_DATE_FORMS.join(', ');
  if (result.reason === 'invalid') {
    fields.fail([key], `Unexpected ${key} "${text}": no such day or time`, 'date-invalid', `Write a real day and time in one of the forms ${forms}.`);
  } else {
    fields.fail([key], `Unexpected ${key} "${text}"`, 'date-format', `Accepted forms (local time in ${config.timezone} unless an offset is given): ${forms}.`);
  }
  return undefined;
}

function readCategory(fields: FieldReader, config: SiteConfig): SiteConfig['categories'][number] | undefined {
  const name = fields.string('category', { required: true, example: config.categories[0]?.name ?? 'Thông báo' });
  if (name === undefined) return undefined;
  const match = findCategory(name, config.categories);
  if (match.ok && match.category.name === name) return match.category;
  const names = config.categories.map((c) => c.name);
  const note = match.ok
    ? `Did you mean "${match.category.name}"? Write the name exactly as in site.config.yaml.`
    : `${match.suggestions[0] ? `Did you mean "${match.suggestions[0].name}"? ` : ''}Configured categories: ${names.join(', ')}.`;
  fields.fail(['category'], `Unknown category "${name}"`, 'category-unknown', note);
  return undefined;
}

function readAuthors(fields: FieldReader): Author[] {
  const single = fields.record['author'];
  const list = fields.record['authors'];
  if (single !== undefined && list !== undefined) {
    fields.fail(['authors'], 'Use either "author" or "authors", not both', 'authors-both');
  }
  if (single !== undefined) {
    const name = fields.string('author');
    return name ? [{ name }] : [];
  }
  if (list === undefined || list === null) return [];
  const items = Array.isArray(list) ? list : [list];
  const authors: Author[] = [];
  items.forEach((item: unknown, index) => {
    const key = Array.isArray(list) ? ['authors', index] : ['authors'];
    if (typeof item === 'string' && item.trim()) {
      authors.push({ name: item.trim() });
      return;
    }
    if (isRecord(item)) {
      const sub = new FieldReader(fields.file, fields.source, item, key);
      sub.rejectUnknown(['name', 'role'], 'author');
      const name = sub.string('name', { required: true, example: 'Nguyễn Văn An' });
      const role = sub.string('role');
      if (name) authors.push({ name, ...(role ? { role } : {}) });
      return;
    }
    fields.fail(key, `Author ${index + 1} must be a name or {name, role}, got ${describe(item)}`, 'field-type', 'For example: authors: [{ name: Nguyễn Văn An, role: Chủ tịch UBND phường }]');
  });
  return authors;
}
