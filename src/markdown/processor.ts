/**
 * The one unified processor that renders article bodies: remark-parse → remark-gfm → remark-rehype →
 * rehype-sanitize → media images (when the build passes its media) → site links → rehype-stringify.
 * Built once per build (or worker) and reused.
 * Raw HTML is dropped by remark-rehype (no `allowDangerousHtml`), and rehype-sanitize's GitHub schema
 * removes event handlers and `javascript:` URLs from whatever is left.
 */
import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import { rehypeSiteLinks } from './site-links.ts';
import { rehypeMedia, type MediaPluginOptions } from '../media/rehype-media.ts';

/** Options fixed for a whole build. */
export interface ProcessorOptions {
  /** The site's base path ("/" or "/phuong-cu-khoi/"), prefixed to site-relative links. */
  basePath: string;
  /** The site's media files and static paths: with them, body images become responsive `<picture>`s (src/media). */
  media?: Omit<MediaPluginOptions, 'basePath'> | undefined;
}

/** The Markdown → HTML processor type. */
export type MarkdownProcessor = Processor<MdastRoot, MdastRoot, HastRoot, HastRoot, string>;

/** Sanitize schema: GitHub's, with footnote ids kept readable (no "user-content-" clobber prefix on anchors). */
const schema = {
  ...defaultSchema,
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto', 'tel'], src: ['http', 'https'] },
};

/** Creates the processor. Call once and reuse it for every article. */
export function createMarkdownProcessor(options: ProcessorOptions): MarkdownProcessor {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRehype, { footnoteLabel: 'Chú thích', footnoteBackLabel: 'Quay lại nội dung' })
    .use(rehypeSanitize, schema)
    .use(options.media ? [[rehypeMedia, { basePath: options.basePath, ...options.media }]] : [])
    .use(rehypeSiteLinks, options)
    .use(rehypeStringify) as unknown as MarkdownProcessor;
}
