/**
 * The page the dev server answers while the site has errors: the same `path:line:column: error: …` lines as the
 * command line, escaped, on a page that reloads itself once the files are fixed.
 */
import type { VFile } from 'vfile';
import { countMessages, formatMessages } from '../report/format.ts';
import { injectReloadScript } from './live-reload.ts';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{margin:0;font:16px/1.5 system-ui,sans-serif;background:#fff5f5;color:#1a1a1a}
main{max-width:70rem;margin:0 auto;padding:1.5rem}
h1{color:#a10000;font-size:1.4rem;margin:0 0 .5rem}
pre{background:#fff;border:1px solid #e0b4b4;border-left:4px solid #a10000;padding:1rem;overflow:auto;white-space:pre-wrap;font:14px/1.5 ui-monospace,monospace}`;

/**
 * The overlay for a failed build: `files` with their messages, or `crash` for an internal error (shown with its
 * stack, since it is a bug to report).
 */
export function overlayPage(files: VFile[], crash?: unknown): string {
  const { errors, warnings } = countMessages(files);
  const text = crash === undefined ? formatMessages(files) : String(crash instanceof Error ? (crash.stack ?? crash.message) : crash);
  const heading =
    crash === undefined
      ? `Trang chưa dựng được: ${errors} lỗi${warnings ? `, ${warnings} cảnh báo` : ''}`
      : 'bantin gặp lỗi nội bộ khi dựng trang';
  const advice =
    crash === undefined
      ? 'Sửa các tệp dưới đây rồi lưu lại: trang sẽ tự tải lại. (The site has errors; fix and save, and this page reloads.)'
      : 'Đây là lỗi của bantin, không phải của nội dung: hãy báo lại kèm nội dung dưới đây. (An internal error: please report it.)';
  return injectReloadScript(`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lỗi – bantin dev</title>
<style>${STYLE}</style>
</head>
<body>
<main id="bantin-overlay">
<h1>${escapeHtml(heading)}</h1>
<p>${escapeHtml(advice)}</p>
<pre id="bantin-messages">${escapeHtml(text)}</pre>
</main>
</body>
</html>
`);
}
