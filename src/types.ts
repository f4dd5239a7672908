/**
 * The data types the build stages hand to each other:
 * `SiteConfig` → `SourceFile` → `Article` → `RenderedArticle` → `SiteModel` → `OutputFile`.
 */
import type { VFile } from 'vfile';
import type { ArticleMedia, AttachmentEntry, GalleryEntry, Place, VideoEntry } from './media/types.ts';

/** A category as configured in `site.config.yaml`. */
export interface Category {
  /** Display name, e.g. "Công tác đảng" (NFC). */
  name: string;
  /** URL segment, e.g. "cong-tac-dang": from config, else derived from the name. */
  slug: string;
  /** Optional one-line description shown on the category index. */
  description?: string;
}

/** The view counter's settings, from the `counter:` block of `site.config.yaml`. */
export interface CounterConfig {
  /** Where the counter function answers: a path on the site's origin (default "/api") or an absolute URL. */
  endpoint: string;
  /** Whether pages include the counter script at all (default true). */
  enabled: boolean;
  /** Starting "Tổng số truy cập" carried over from the old portal, added to what is counted (default 0). */
  visits: number;
}

/** `site.config.yaml`, validated, with defaults applied. */
export interface SiteConfig {
  /** Site title, e.g. "Cổng thông tin phường Cự Khối". */
  title: string;
  /** Short description for the home page and feeds. */
  description: string;
  /** Absolute base URL, always ending in "/", e.g. "https://x.gov.vn/phuong-cu-khoi/". */
  baseUrl: string;
  /** The path part of `baseUrl`, always starting and ending in "/", e.g. "/phuong-cu-khoi/". */
  basePath: string;
  /** The origin of `baseUrl`, e.g. "https://x.gov.vn". */
  origin: string;
  /** BCP 47 language tag for `<html lang>` (default "vi"). */
  language: string;
  /** IANA time zone in which dates are read and shown (default "Asia/Ho_Chi_Minh"). */
  timezone: string;
  /** Articles per category index page (default 10). */
  perPage: number;
  /** Configured categories, in navigation order. */
  categories: Category[];
  /** View counter settings. */
  counter: CounterConfig;
  /** The raw `import:` block, validated by the importer. */
  import?: unknown;
}

/** A person credited on an article. */
export interface Author {
  name: string;
  /** Their role, e.g. "Bí thư Đảng ủy". */
  role?: string;
}

/** One Markdown source, read from disk: the VFile carries path, NFC text and every message about it. */
export interface SourceFile {
  /** The file; `file.path` is relative to the site root (e.g. "content/cong-tac-dang/x.md"). */
  file: VFile;
}

/** An article with validated front matter (before Markdown rendering). */
export interface Article {
  /** Stable id used by the view counter: "<category-slug>/<slug>". */
  id: string;
  /** The source file (messages go here). */
  file: VFile;
  title: string;
  /** Publication instant. */
  date: Date;
  /** Last update instant, if given. */
  updated?: Date;
  category: Category;
  authors: Author[];
  summary?: string;
  slug: string;
  tags: string[];
  draft: boolean;
  /** Old site-relative paths (starting with "/") that redirect here. */
  aliases: string[];
  /** Image path or URL from front matter. */
  image?: string;
  /** Where `image:` stands in the file (media). */
  imagePlace?: Place;
  /** Front matter `gallery:` entries (media). */
  gallery?: GalleryEntry[];
  /** Front matter `video:` (media). */
  video?: VideoEntry;
  /** Front matter `attachments:` entries (media). */
  attachments?: AttachmentEntry[];
  /** Starting view count carried over from an old portal (front matter `views`), default 0. */
  views: number;
  /** Markdown body with the front matter blanked out, so positions match the file. */
  markdown: string;
  /** Site-relative URL path, without the base path: "/<category-slug>/<slug>/". */
  path: string;
  /** Where the fields that decide the article's URLs stand in the file, for messages about URL collisions. */
  places?: { url: { line: number; column: number }; aliases: { line: number; column: number }[] };
}

/** A site-relative link or image found in an article body, for the link check. */
export interface LocalLink {
  /** Site-relative path as written (resolved against the article path), without query or fragment. */
  path: string;
  kind: 'link' | 'image';
  /** 1-based position in the source file. */
  line: number;
  column: number;
}

/** An article after Markdown rendering. */
export interface RenderedArticle extends Article {
  /** Sanitised HTML of the body (safe to insert unescaped). */
  html: string;
  /** Plain-text excerpt: the summary, else the body's first sentences. */
  excerpt: string;
  /** Plain text of the whole body (for search indexes). */
  text: string;
  /** Site-relative links and images of the body, to be checked against the site's pages. */
  links: LocalLink[];
  /** Images, gallery, video and attachments, resolved against the media files (src/media). */
  media?: ArticleMedia;
}

/** One page of a paginated list. */
export interface ListPage {
  /** Site-relative path without base, e.g. "/cong-tac-dang/trang-2/". */
  path: string;
  /** 1-based page number. */
  number: number;
  total: number;
  articles: RenderedArticle[];
  prev?: string;
  next?: string;
}

/** Everything there is to publish, computed purely from the articles and the config. */
export interface SiteModel {
  config: SiteConfig;
  /** Published articles, newest first (ties by title, Vietnamese collation). */
  articles: RenderedArticle[];
  /** Per category (config order): its articles newest first and its index pages. */
  categories: { category: Category; articles: RenderedArticle[]; pages: ListPage[] }[];
  /** Neighbours within the category, by article id. */
  neighbours: Map<string, { newer?: RenderedArticle; older?: RenderedArticle }>;
  /** Redirects from old paths (aliases) to article paths, both site-relative without base. */
  redirects: { from: string; to: string }[];
  /** Instant of the newest publication or update; feeds use it as their `updated`. */
  updated?: Date;
}

/** One file to write under the output folder. */
export interface OutputFile {
  /** Path relative to the output folder, with "/" separators, e.g. "cong-tac-dang/index.html". */
  path: string;
  contents: string | Uint8Array;
  /** Set when `contents` are bytes of UTF-8 text (read back as a string); text given as a string needs no flag. */
  text?: true;
}

/**
 * What the build writes to `<out>/_bantin/manifest.json` for the view counter: the published article ids,
 * their starting counts and URLs. The counter accepts only these ids.
 */
export interface CounterManifest {
  version: 1;
  /** The site's origin, the only one CORS allows. */
  origin: string;
  /** The path the site is served under ("/" or "/phuong-cu-khoi/"). */
  basePath?: string;
  /** Where pages send their counts: an absolute path such as "/phuong-cu-khoi/api", or an absolute URL. */
  endpoint?: string;
  /** Starting total of visits (the config's `counter.visits`). */
  visits?: number;
  articles: Record<string, { path: string; views: number }>;
}

/** A step of a long build, with counts, for progress displays: e.g. 1200 of 3000 articles rendered. */
export interface BuildProgress {
  /** What is being done, as shown: "Rendering articles". */
  phase: string;
  done: number;
  total: number;
}
