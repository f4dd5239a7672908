/**
 * View models of an article's media for templates (`partials/gallery.hbs`, `video.hbs`, `attachments.hbs`) and of
 * the home page's "Hiển thị Media" block (`partials/media.hbs`): plain objects with every field present (null
 * when absent) and URLs under the base path.
 */
import type { RenderedArticle } from '../types.ts';
import { humanSize } from './file-types.ts';
import { BODY_SIZES, imageView, THUMB_SIZES, type ImageView } from './image-view.ts';
import type { ArticleMedia, ImageInfo } from './types.ts';

/** Photos and videos shown in the home page's media block. */
export const HOME_MEDIA_ITEMS = 6;

/** A gallery as templates see it. */
export interface GalleryView {
  items: { image: ImageView; caption: string | null }[];
}

/** A video as templates see it. */
export interface VideoView {
  kind: 'youtube' | 'facebook' | 'file';
  /** "YouTube" or "Facebook"; null for a self-hosted file. */
  host: string | null;
  title: string;
  /** The video's page on its host (null for a file): the link readers without scripts follow. */
  link: string | null;
  /** The player URL the page script loads on click (null for a file). */
  embed: string | null;
  /** The file's URL and MIME type (null for an embed). */
  src: string | null;
  mime: string | null;
  /** The picture shown before playing, or null. */
  poster: ImageView | null;
}

/** A downloadable file as templates see it. */
export interface AttachmentView {
  title: string;
  url: string;
  /** "PDF", "DOCX", ... */
  label: string;
  mime: string;
  /** "245 KB". */
  size: string;
}

/** An article's media as templates see it. */
export interface ArticleMediaView {
  /** The front matter image when it is a media file (shown on cards and in the media block). */
  image: ImageView | null;
  gallery: GalleryView | null;
  video: VideoView | null;
  attachments: AttachmentView[];
}

/** One entry of the home page's media block. */
export interface MediaItemView {
  kind: 'photo' | 'video';
  isVideo: boolean;
  /** The article's title and URL: every entry links to its article. */
  title: string;
  url: string;
  /** The picture (a photo, or a video's poster); null for a video without one. */
  image: ImageView | null;
}

const HOSTS = { youtube: 'YouTube', facebook: 'Facebook' } as const;

/** The media view of `article` under `basePath`. */
export function articleMediaView(article: RenderedArticle, basePath: string): ArticleMediaView {
  const media = article.media;
  if (!media) return { image: null, gallery: null, video: null, attachments: [] };
  const url = (sitePath: string): string => `${basePath}${sitePath.slice(1)}`;
  const { video } = media;
  return {
    image: media.image ? imageView(media.image, basePath, article.title, BODY_SIZES) : null,
    gallery: media.gallery.length
      ? { items: media.gallery.map((g) => ({ image: imageView(g.image, basePath, g.alt, THUMB_SIZES), caption: g.caption })) }
      : null,
    video: video
      ? {
          kind: video.kind,
          host: video.kind === 'file' ? null : HOSTS[video.kind],
          title: video.title,
          link: video.kind === 'file' ? null : video.link,
          embed: video.kind === 'file' ? null : video.embed,
          src: video.kind === 'file' ? url(video.path) : null,
          mime: video.kind === 'file' ? video.mime : null,
          // The poster sits under a text that names the video: for screen readers it is decoration.
          poster: video.poster ? imageView(video.poster, basePath, '', BODY_SIZES) : null,
        }
      : null,
    attachments: media.attachments.map((a) => ({ title: a.title, url: url(a.path), label: a.label, mime: a.mime, size: humanSize(a.size) })),
  };
}

/** The absolute URL of the large size of `image`, for Open Graph. */
export function largeImageUrl(image: ImageInfo, basePath: string, origin: string): string {
  return `${origin}${basePath}${image.fallback.at(-1)!.path.slice(1)}`;
}

/**
 * The home page's media block: from the newest articles on, each article's video and its first photo (the front
 * matter image, else the gallery's first, else the body's first), at most `limit` entries.
 */
export function mediaBlock(articles: RenderedArticle[], basePath: string, limit = HOME_MEDIA_ITEMS): MediaItemView[] {
  const items: MediaItemView[] = [];
  for (const article of articles) {
    if (items.length >= limit) break;
    const media = article.media;
    if (!media) continue;
    const url = `${basePath}${article.path.slice(1)}`;
    if (media.video) {
      const poster = media.video.poster;
      items.push({ kind: 'video', isVideo: true, title: article.title, url, image: poster ? imageView(poster, basePath, '', THUMB_SIZES) : null });
    }
    const photo = photoOf(media);
    if (photo && items.length < limit) items.push({ kind: 'photo', isVideo: false, title: article.title, url, image: imageView(photo, basePath, '', THUMB_SIZES) });
  }
  return items;
}

/** The photo an article gives the media block: the front matter image, else the gallery's first, else the body's first. */
function photoOf(media: ArticleMedia): ImageInfo | undefined {
  return media.image ?? media.gallery[0]?.image ?? media.body.images[0];
}

/** Whether `article` gives the home page's media block an entry (a video or a photo), wherever it stands. */
export function inMediaBlock(article: RenderedArticle): boolean {
  return article.media !== undefined && Boolean(article.media.video || photoOf(article.media));
}
