/** `site.config.yaml` → `SiteConfig`: defaults, derived slugs, base paths. (Bad configs: test/fixtures/invalid.) */
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { parseConfig } from '../../src/config/parse-config.ts';

function parse(yaml: string, overrides = {}) {
  const file = new VFile({ path: 'site.config.yaml', value: yaml });
  return { config: parseConfig(file, overrides), file };
}

describe('parseConfig', () => {
  it('applies defaults and derives category slugs', () => {
    const { config, file } = parse('title: Phường A\nbaseUrl: https://a.gov.vn\ncategories:\n  - Công tác đảng\n  - name: Tin tức - Sự kiện\n    description: Tin\n');
    expect(file.messages).toEqual([]);
    expect(config).toMatchObject({
      title: 'Phường A',
      baseUrl: 'https://a.gov.vn/',
      basePath: '/',
      origin: 'https://a.gov.vn',
      language: 'vi',
      timezone: 'Asia/Ho_Chi_Minh',
      perPage: 10,
      counter: { endpoint: '/api', enabled: true, visits: 0 },
      categories: [
        { name: 'Công tác đảng', slug: 'cong-tac-dang' },
        { name: 'Tin tức - Sự kiện', slug: 'tin-tuc-su-kien', description: 'Tin' },
      ],
    });
  });

  it('keeps a base URL path and lets --base-url override it', () => {
    const yaml = 'title: A\nbaseUrl: https://x.gov.vn/phuong-cu-khoi\ncategories: [Thông báo]\n';
    expect(parse(yaml).config).toMatchObject({ basePath: '/phuong-cu-khoi/', baseUrl: 'https://x.gov.vn/phuong-cu-khoi/' });
    expect(parse(yaml, { baseUrl: 'http://127.0.0.1:8080/' }).config).toMatchObject({ basePath: '/', origin: 'http://127.0.0.1:8080' });
  });

  it('rejects two categories with one slug, at the second', () => {
    const { config, file } = parse('title: A\nbaseUrl: https://x.gov.vn/\ncategories:\n  - name: Thông báo\n  - name: Thông Báo\n');
    expect(config).toBeUndefined();
    expect(file.messages.map((m) => [m.line, m.column, m.ruleId])).toEqual([[5, 11, 'config-duplicate-category']]);
  });

  it('rejects a category that would take a path the site uses itself', () => {
    const { config, file } = parse('title: A\nbaseUrl: https://x.gov.vn/\ncategories:\n  - Tìm kiếm\n  - name: Ảnh\n    slug: media\n');
    expect(config).toBeUndefined();
    expect(file.messages.map((m) => [m.line, m.column, m.ruleId])).toEqual([
      [4, 5, 'config-slug'],
      [6, 11, 'config-slug'],
    ]);
  });

  it('rejects a counter endpoint that is neither a path nor a URL', () => {
    const { file } = parse('title: A\nbaseUrl: https://x.gov.vn/\ncategories: [A]\ncounter:\n  endpoint: api here\n');
    expect(file.messages.map((m) => [m.line, m.ruleId])).toEqual([[5, 'config-counter']]);
  });
});
