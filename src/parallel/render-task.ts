/**
 * What a worker thread does: front matter and Markdown of a batch of sources, with the same stages as the main
 * thread (`parseArticle`, `renderArticle`) and one unified processor per build context, built once per worker,
 * parsing with the selective parse of `fast-parse.ts` (the same trees, in less time).
 *
 * A worker renders only the articles it can render exactly as the main thread would, and declines the others
 * (`null`): a source with any message (its errors and warnings are then reported by the main thread, at the same
 * place and in the same words as without workers), an article that is not published, and an article whose body
 * uses a media file (the media library, with its image bytes, stays in the main thread; the worker only knows
 * which media files exist, so that a body that does not use any renders identically).
 */
import { VFile } from 'vfile';
import type { MediaFile, MediaLibrary } from '../media/types.ts';
import { parseArticle } from '../content/parse-article.ts';
import { createMarkdownProcessor, type MarkdownProcessor } from '../markdown/processor.ts';
import { renderArticle } from '../markdown/render-markdown.ts';
import { withFastParse } from './fast-parse.ts';
import { markdownOffset } from '../cache/markdown-body.ts';
import { isPublished, type PublishOptions } from '../model/build-model.ts';
import type { RenderedArticle, SiteConfig } from '../types.ts';
import { Piscina } from 'piscina';
import { packedIndexOutputs, type PackedSearchOutputs } from '../search/search-outputs.ts';
import type { SearchDocument } from '../search/build-index.ts';
import { collectGarbage } from './memory.ts';
import { SpillReader, SpillWriter, type SpilledBody } from './body-spill.ts';

/** What a worker needs to know about the build: the same for every batch of one build. */
export interface WorkerContext {
  /** Identifies the context (the article cache's context key): a worker rebuilds its processor when it changes. */
  key: string;
  config: SiteConfig;
  publish: PublishOptions;
  /** Source paths of the site's media files ("content/media/so-do.png"), without their bytes. */
  mediaSources: string[];
  /** Site paths of `static/` files. */
  staticPaths: string[];
  /** The build's spill folder, when rendered bodies go there rather than back to the main thread (`body-spill.ts`). */
  spill?: string | undefined;
  /** False when nothing will read the articles' Markdown (`ArticleStage`'s release): it is left out, not rebuilt. */
  markdown?: boolean | undefined;
}

/** One source to render: the fields of its VFile. */
export interface SourceItem {
  path: string;
  cwd: string;
  value: string;
}

/** A batch of sources for one worker. */
export interface RenderJob {
  context: WorkerContext;
  sources: SourceItem[];
}

/**
 * A rendered article as it crosses between threads: every field of `RenderedArticle` with `file` left null (the
 * main thread puts its own VFile back in the same place, so the key order is that of `parseArticle`).
 */
export type RenderedData = Omit<RenderedArticle, 'file'> & { file: null };

/**
 * The media library as a worker sees it: which files exist, not what they are. Any use of an entry (a lookup that
 * finds one, or a listing) marks it `touched`, and the article is then left to the main thread.
 */
class MediaPresence implements ReadonlyMap<string, MediaFile> {
  touched = false;
  private readonly present: Set<string>;

  constructor(sources: Iterable<string>) {
    this.present = new Set(sources);
  }

  get size(): number {
    this.touched = true;
    return this.present.size;
  }

  get(key: string): MediaFile | undefined {
    if (!this.present.has(key)) return undefined;
    this.touched = true;
    return { source: key } as MediaFile;
  }

  has(key: string): boolean {
    if (!this.present.has(key)) return false;
    this.touched = true;
    return true;
  }

  forEach(): void {
    this.touched = true;
  }

  *entries(): MapIterator<[string, MediaFile]> {
    this.touched = true;
  }

  *keys(): MapIterator<string> {
    this.touched = true;
  }

  *values(): MapIterator<MediaFile> {
    this.touched = true;
  }

  [Symbol.iterator](): MapIterator<[string, MediaFile]> {
    return this.entries();
  }
}

let current: { key: string; processor: MarkdownProcessor; media: MediaPresence } | undefined;

function processorFor(context: WorkerContext): { processor: MarkdownProcessor; media: MediaPresence } {
  if (current?.key !== context.key) {
    const media = new MediaPresence(context.mediaSources);
    const library: MediaLibrary = { files: media, digest: '', stats: { processed: 0, reused: 0 } };
    const processor = withFastParse(createMarkdownProcessor({ basePath: context.config.basePath, media: { library, staticPaths: new Set(context.staticPaths) } }));
    current = { key: context.key, processor, media };
  }
  return current;
}

/** A rendered article on its way to the main thread: its body left out when it can be rebuilt from the source. */
export interface RenderedItem {
  article: RenderedData;
  /** Set when `article.markdown` was left out: see `markdownFrom`. */
  markdownFrom?: number;
  /** Set when the HTML and text were left out, written to the spill folder: where they are. */
  body?: SpilledBody;
}

/**
 * Renders one source, or returns null when the main thread must do it (see the module comment). With a `spill`
 * writer, the HTML and text go to its file and the item says where.
 */
export function renderSource(item: SourceItem, context: WorkerContext, spill?: SpillWriter): RenderedItem | null {
  const { processor, media } = processorFor(context);
  const file = new VFile({ path: item.path, cwd: item.cwd, value: item.value });
  const article = parseArticle(file, context.config);
  if (!article || file.messages.length > 0 || !isPublished(article, context.publish)) return null;
  media.touched = false;
  const rendered = renderArticle(article, processor);
  if (file.messages.length > 0 || media.touched) return null;
  if (context.markdown === false) rendered.markdown = '';
  const from = context.markdown === false ? undefined : markdownOffset(rendered.markdown, item.value);
  const spilled = spill ? { html: '', text: '' } : {};
  const body = spill ? { body: spill.write(rendered.html, rendered.text) } : {};
  return from === undefined
    ? { article: { ...rendered, file: null, ...spilled }, ...body }
    : { article: { ...rendered, file: null, markdown: '', ...spilled }, markdownFrom: from, ...body };
}

/** The worker's task: renders a batch, in order. */
export function renderBatch(job: RenderJob): (RenderedItem | null)[] {
  const spill = job.context.spill === undefined ? undefined : new SpillWriter(job.context.spill);
  try {
    return job.sources.map((item) => renderSource(item, job.context, spill));
  } finally {
    spill?.close();
  }
}

/** The search task: documents in the site's order, and where the texts left out of them wait (`body-spill.ts`). */
export interface SearchJob {
  documents: SearchDocument[];
  bodies: (SpilledBody | undefined)[];
}

/**
 * The worker's other task: the search index of a site's documents (what `searchDocuments` takes of each article), packed
 * into a few buffers that are transferred, not copied. The garbage of the Markdown batches before it, and the index's
 * strings after it, are collected at once, so that the worker holds little while the main thread writes the pages.
 */
export function searchIndex(job: SearchJob): PackedSearchOutputs {
  collectGarbage();
  const reader = new SpillReader();
  let packed: PackedSearchOutputs;
  try {
    job.bodies.forEach((body, i) => body && reader.attach(job.documents[i]!, body, ['text']));
    packed = packedIndexOutputs(job.documents);
  } finally {
    reader.close();
  }
  collectGarbage();
  return Piscina.move({
    get [Piscina.transferableSymbol]() {
      return [packed.places.buffer, ...packed.chunks.map((chunk) => chunk.buffer)];
    },
    get [Piscina.valueSymbol]() {
      return packed;
    },
  } as never) as unknown as PackedSearchOutputs;
}
