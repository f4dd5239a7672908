/** The small parts of the dev server: URL → output file, the reload script, the error overlay. */
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { EVENTS_PATH, RELOAD_SCRIPT, injectReloadScript } from '../../src/dev/live-reload.ts';
import { resolveOutput } from '../../src/dev/memory-output.ts';
import { overlayPage } from '../../src/dev/overlay.ts';
import { error } from '../../src/report/messages.ts';
import { all, one, parseHtml, text } from '../support/site.ts';

describe('resolveOutput', () => {
  const outputs = new Map<string, string>([
    ['index.html', 'home'],
    ['tin-tuc/index.html', 'list'],
    ['tin-tuc/hội-nghị/index.html', 'unicode'],
    ['feed.xml', 'feed'],
    ['404.html', 'missing'],
  ]);

  it('finds files and folder indexes under the base path', () => {
    expect(resolveOutput(outputs, '/', '/')).toEqual({ kind: 'file', file: 'index.html' });
    expect(resolveOutput(outputs, '/', '/tin-tuc/')).toEqual({ kind: 'file', file: 'tin-tuc/index.html' });
    expect(resolveOutput(outputs, '/', '/feed.xml')).toEqual({ kind: 'file', file: 'feed.xml' });
    expect(resolveOutput(outputs, '/', '/tin-tuc/h%E1%BB%99i-ngh%E1%BB%8B/')).toEqual({ kind: 'file', file: 'tin-tuc/hội-nghị/index.html' });
    expect(resolveOutput(outputs, '/phuong/', '/phuong/tin-tuc/')).toEqual({ kind: 'file', file: 'tin-tuc/index.html' });
  });

  it('redirects to the trailing slash and to the base path', () => {
    expect(resolveOutput(outputs, '/', '/tin-tuc')).toEqual({ kind: 'redirect', location: '/tin-tuc/' });
    expect(resolveOutput(outputs, '/phuong/', '/')).toEqual({ kind: 'redirect', location: '/phuong/' });
    expect(resolveOutput(outputs, '/phuong/', '/phuong')).toEqual({ kind: 'redirect', location: '/phuong/' });
    // Never a redirect to another host.
    expect(resolveOutput(outputs, '/', '//tin-tuc')).toEqual({ kind: 'missing' });
  });

  it('finds nothing outside the base path, for bad escapes or for unknown files', () => {
    expect(resolveOutput(outputs, '/phuong/', '/tin-tuc/')).toEqual({ kind: 'missing' });
    expect(resolveOutput(outputs, '/', '/%E0%A4%A')).toEqual({ kind: 'missing' });
    expect(resolveOutput(outputs, '/', '/khong-co/')).toEqual({ kind: 'missing' });
    expect(resolveOutput(outputs, '/', '/../index.html')).toEqual({ kind: 'missing' });
  });
});

describe('injectReloadScript', () => {
  it('puts the script before the last </body>, or at the end', () => {
    const page = injectReloadScript('<html><body><p>a</p></BODY></html>');
    expect(page.indexOf(RELOAD_SCRIPT)).toBeLessThan(page.indexOf('</BODY>'));
    expect(page.endsWith('</BODY></html>')).toBe(true);
    expect(injectReloadScript('<p>x</p>')).toBe(`<p>x</p>${RELOAD_SCRIPT}`);
    const scripts = all(parseHtml(page), 'body > script');
    expect(scripts).toHaveLength(1);
    expect(text(scripts[0]!)).toContain(JSON.stringify(EVENTS_PATH));
  });
});

describe('overlayPage', () => {
  it('shows the command line lines, escaped, with the reload script', () => {
    const file = new VFile({ path: 'content/thong-bao/<b>.md' });
    error(file, 'Unknown category "<img src=x onerror=alert(1)>"', { place: { line: 4, column: 11 }, ruleId: 'category-unknown', note: 'Did you mean "Thông báo"?' });
    const tree = parseHtml(overlayPage([file]));
    expect(text(one(tree, 'h1'))).toBe('Trang chưa dựng được: 1 lỗi');
    expect(text(one(tree, '#bantin-messages'))).toBe(
      'content/thong-bao/<b>.md:4:11: error: Unknown category "<img src=x onerror=alert(1)>" [category-unknown] hint: Did you mean "Thông báo"?',
    );
    expect(all(tree, 'img, b')).toHaveLength(0);
    expect(all(tree, 'script')).toHaveLength(1);
  });

  it('shows an internal error with its stack', () => {
    const tree = parseHtml(overlayPage([], new TypeError('x is <undefined>')));
    expect(text(one(tree, 'h1'))).toBe('bantin gặp lỗi nội bộ khi dựng trang');
    expect(text(one(tree, '#bantin-messages'))).toMatch(/^TypeError: x is <undefined> at /);
  });
});
