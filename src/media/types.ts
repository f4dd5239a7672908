/**
 * The data types of the media stage: the media files of a site (read and, for images, processed once per build
 * before the pure stages run), and what each article publishes from them.
 */
import type { MediaKind } from './file-types.ts';
import type { OutputFile } from '../types.ts';

/** A 1-based line and column in a source file. */
export interface Place {
  line: number;
  column: number;
}

/** An image format bantin publishes. */
export type ImageFormat = 'webp' | 'jpeg' | 'png' | 'gif';

/** One published size of an image. */
export interface ImageVariant {
  /** Pixel width and height. */
  width: number;
  height: number;
  format: ImageFormat;
  /** Site path without the base path, content-hashed: "/assets/media/anh-hoi-nghi-960.3f2a9c1b0d.jpg". */
  path: string;
  contents: Uint8Array;
}

/** An image ready to publish: every size, in WebP and in a format every browser shows. */
export interface ImageInfo {
  /** The source file, root-relative ("content/tin-tuc/hoi-nghi/anh.jpg"). */
  source: string;
  /** Size of the largest variant: the original's, capped at the widest published width (no layout shift). */
  width: number;
  height: number;
  /** Variants in the fallback format (the original's, or JPEG), narrowest first; the last is the large image. */
  fallback: ImageVariant[];
  /** WebP variants, narrowest first; empty when the fallback already is WebP, or for GIF (animations kept). */
  webp: ImageVariant[];
}

/** A media file found under `content/`. */
export interface MediaFile {
  /** Root-relative POSIX path in NFC, the key editors' references resolve to: "content/media/so-do.png". */
  source: string;
  kind: MediaKind;
  /** Lower-case extension without the dot. */
  ext: string;
  /** Size of the source file in bytes. */
  size: number;
  /** The bytes, for documents and videos (published as they are). */
  contents?: Uint8Array;
  /** The processed image, for images that could be read. */
  image?: ImageInfo;
  /** Why an image cannot be published (unreadable, or a refused type), reported where the image is used. */
  problem?: string;
}

/** How many images a build had to process, and how many came from the persistent cache. */
export interface ImageStats {
  processed: number;
  reused: number;
}

/** Every media file of a site, by source path. Built by `loadMedia` (I/O); read by the pure stages. */
export interface MediaLibrary {
  files: ReadonlyMap<string, MediaFile>;
  /** Changes whenever any media file changes: part of the render cache key of every article. */
  digest: string;
  stats: ImageStats;
}

/** A problem found while rendering an article's body, reported on its file by every build (cache hits too). */
export interface MediaProblem {
  reason: string;
  ruleId: string;
  note?: string;
  place: Place;
  /** Errors fail the build; warnings (a missing alt text) do not. */
  fatal: boolean;
}

/** A video shown on an article page. */
export type Video =
  | {
      /** An embedded player from a known host, loaded only when the reader clicks. */
      kind: 'youtube' | 'facebook';
      /** The video's page on its host: where the link goes when scripts are off. */
      link: string;
      /** The privacy-friendly player URL the page script loads into an iframe on click. */
      embed: string;
      title: string;
      poster: ImageInfo | null;
    }
  | {
      /** A self-hosted file, played by the browser. */
      kind: 'file';
      /** Site path without base of the published file. */
      path: string;
      mime: string;
      title: string;
      poster: ImageInfo | null;
    };

/** A downloadable document listed under an article. */
export interface Attachment {
  title: string;
  /** Site path without base of the published file. */
  path: string;
  /** "PDF", "DOCX", ... */
  label: string;
  mime: string;
  /** Size in bytes. */
  size: number;
}

/** One image of a gallery. */
export interface GalleryImage {
  image: ImageInfo;
  caption: string | null;
  alt: string;
}

/** What the Markdown body of an article uses: found while rendering, kept in the render cache. */
export interface BodyMedia {
  /** Media images of the body, in order. */
  images: ImageInfo[];
  /** Problems found in the body, reported again on every build. */
  problems: MediaProblem[];
  /** The files the body publishes, with their sources (output path → source path). */
  files: OutputFile[];
  sources: Record<string, string>;
}

/** Everything an article shows and publishes from its media files. */
export interface ArticleMedia {
  /** The front matter `image:` when it is a media file (the article's picture, also its Open Graph image). */
  image: ImageInfo | null;
  gallery: GalleryImage[];
  video: Video | null;
  attachments: Attachment[];
  body: BodyMedia;
  /** Every file this article publishes (image variants, documents, videos), body and front matter. */
  files: OutputFile[];
  /** Where each published file comes from (output path → source path), to report two sources on one URL. */
  sources: Record<string, string>;
}

/** One entry of a front matter `gallery:`, as written. */
export interface GalleryEntry {
  /** The image, relative to the article's file or "/media/...". */
  src: string;
  caption?: string;
  /** Alt text; the caption when absent. */
  alt?: string;
  /** Where the entry stands in the file. */
  place: Place;
}

/** A front matter `video:`, as written. */
export interface VideoEntry {
  /** A YouTube or Facebook URL, or a local .mp4/.webm file. */
  src: string;
  title?: string;
  /** A local image shown before the video plays. */
  poster?: string;
  place: Place;
  posterPlace?: Place;
}

/** One entry of a front matter `attachments:`, as written. */
export interface AttachmentEntry {
  /** The document, relative to the article's file or "/media/...". */
  file: string;
  /** The link text; the file name when absent. */
  title?: string;
  place: Place;
}
