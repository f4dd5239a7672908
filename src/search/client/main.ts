/**
 * The search page in the reader's browser (bundled by `scripts/build-search-client.ts` into
 * `templates/assets/search.js`). Nothing is fetched until the reader searches: then the index's entry point,
 * the few shards the query needs, and the fragments of the results on screen.
 *
 * The page works from a plain link (`/tim-kiem/?q=...`), searches as the reader types, and keeps the address
 * in step so a search can be shared or bookmarked. Article text only ever reaches the page as text nodes
 * and `<mark>` elements, never as HTML.
 */
import { SearchEngine, type SearchResult } from '../engine.ts';
import type { Fragment } from '../format.ts';
import { highlight, highlighterOf, snippet, type Highlighter, type Segment } from '../snippet.ts';
import { fetchSource } from '../sources.ts';

/** Results shown at first, and added by each "more" click. */
const PAGE_SIZE = 10;
/** Pause in typing before a search starts, in milliseconds: enough to skip the words of a fast burst. */
const TYPING_DELAY = 30;

function append(parent: HTMLElement, segments: Segment[]): void {
  for (const s of segments) {
    if (s.mark) {
      const mark = document.createElement('mark');
      mark.textContent = s.text;
      parent.appendChild(mark);
    } else {
      parent.appendChild(document.createTextNode(s.text));
    }
  }
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, parent?: HTMLElement): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  parent?.appendChild(el);
  return el;
}

/** One result: title (linked, highlighted), category and date, and a highlighted snippet. */
function resultItem(f: Fragment, h: Highlighter): HTMLLIElement {
  const li = element('li', 'search-result');
  const heading = element('h2', 'search-result-title', li);
  const link = element('a', '', heading);
  link.href = f.url;
  append(link, highlight(f.title, h));
  const meta = element('p', 'meta', li);
  element('span', 'search-result-category', meta).textContent = f.category;
  const sep = element('span', 'sep', meta);
  sep.setAttribute('aria-hidden', 'true');
  sep.textContent = '|';
  const time = element('time', '', meta);
  time.dateTime = f.datetime;
  time.textContent = f.day;
  let body = snippet(f.text, h);
  if (f.summary && !body.some((s) => s.mark)) {
    const fromSummary = snippet(f.summary, h);
    if (fromSummary.some((s) => s.mark) || f.text === '') body = fromSummary;
  }
  append(element('p', 'search-result-snippet', li), body);
  return li;
}

function start(root: HTMLElement): void {
  const indexUrl = root.dataset['searchIndex'];
  const form = root.querySelector<HTMLFormElement>('form');
  const input = form?.querySelector<HTMLInputElement>('input[name="q"]');
  const status = root.querySelector<HTMLElement>('.search-status');
  const list = root.querySelector<HTMLOListElement>('.search-results');
  const more = root.querySelector<HTMLButtonElement>('.search-more');
  if (!indexUrl || !form || !input || !status || !list || !more) return;

  const engine = new SearchEngine(fetchSource(indexUrl));
  const baseTitle = document.title;
  let run = 0;
  let current: { result: SearchResult; shown: number; highlighter: Highlighter } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const setState = (state: string, query: string): void => {
    root.dataset['state'] = state;
    root.dataset['query'] = query;
  };

  const showMore = async (id: number): Promise<void> => {
    if (!current) return;
    const { result, highlighter } = current;
    const page = result.hits.slice(current.shown, current.shown + PAGE_SIZE);
    const fragments = await Promise.all(page.map((hit) => engine.fragment(hit.doc)));
    if (id !== run) return;
    for (const f of fragments) list.appendChild(resultItem(f, highlighter));
    current.shown += page.length;
    more.hidden = current.shown >= result.hits.length;
  };

  const search = async (query: string, typing: boolean): Promise<void> => {
    const id = ++run;
    const trimmed = query.trim();
    const url = new URL(window.location.href);
    if (trimmed) url.searchParams.set('q', trimmed);
    else url.searchParams.delete('q');
    window.history.replaceState(null, '', url);
    document.title = trimmed ? `${trimmed} – ${baseTitle}` : baseTitle;
    if (!trimmed) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = '';
      current = undefined;
      setState('idle', '');
      return;
    }
    setState('loading', trimmed);
    if (!current) status.textContent = 'Đang tìm…';
    try {
      const result = await engine.search(query, { typing });
      if (id !== run) return;
      current = { result, shown: 0, highlighter: highlighterOf(result) };
      list.replaceChildren();
      const n = result.hits.length.toLocaleString('vi-VN');
      status.textContent =
        result.hits.length === 0
          ? `Không tìm thấy bài viết nào với “${trimmed}”. Hãy thử từ khóa khác, ít từ hơn, hoặc bỏ dấu ngoặc kép.`
          : result.partial
            ? `Không có bài viết nào chứa đủ các từ “${trimmed}”; dưới đây là ${n} bài chứa một phần.`
            : `Tìm thấy ${n} bài viết với “${trimmed}”.`;
      await showMore(id);
      if (id === run) setState('done', trimmed);
    } catch {
      if (id !== run) return;
      list.replaceChildren();
      more.hidden = true;
      status.textContent = 'Không tải được chỉ mục tìm kiếm. Vui lòng tải lại trang và thử lại.';
      setState('error', trimmed);
    }
  };

  // A reader who focuses the box is about to search: fetch the index's small entry point now.
  input.addEventListener('focus', () => void engine.meta().catch(() => undefined), { once: true });
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void search(input.value, true), TYPING_DELAY);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    void search(input.value, false);
  });
  more.addEventListener('click', () => void showMore(run));

  const initial = new URLSearchParams(window.location.search).get('q') ?? '';
  if (initial.trim()) {
    input.value = initial;
    void search(initial, false);
  } else {
    setState('idle', '');
  }
}

const root = document.querySelector<HTMLElement>('[data-search-index]');
if (root) start(root);
