/**
 * An image as a page shows it: the URLs of its sizes under the base path, ready for `<picture>` with a WebP
 * `<source>` and an `<img>` carrying `width`/`height` (no layout shift), `srcset`/`sizes`, `loading="lazy"` and
 * `decoding="async"`. Used by the Markdown image plugin (as hast) and by templates (as a view model).
 */
import type { Element } from 'hast';
import type { ImageInfo, ImageVariant } from './types.ts';

/** `sizes` of an image as wide as the article column (the main column beside an 18rem sidebar, 72rem page). */
export const BODY_SIZES = '(min-width: 72rem) 50rem, (min-width: 60rem) calc(100vw - 22rem), calc(100vw - 2rem)';
/** `sizes` of a thumbnail in a gallery or the home page's media block. */
export const THUMB_SIZES = '(min-width: 40rem) 15rem, 50vw';

/** What templates need to draw an image. */
export interface ImageView {
  /** The `<img src>`: a middle size, for browsers that ignore `srcset`. */
  src: string;
  /** The fallback-format sizes, as an `srcset` value ("... 480w, ... 960w"). */
  srcset: string;
  /** The WebP sizes as an `srcset` value, or null when there is no WebP source. */
  webpSrcset: string | null;
  sizes: string;
  width: number;
  height: number;
  alt: string;
  /** The largest size: what a gallery thumbnail links to. */
  large: string;
}

/** The view of `image` under `basePath`, with `alt` and `sizes`. */
export function imageView(image: ImageInfo, basePath: string, alt: string, sizes: string): ImageView {
  const url = (v: ImageVariant): string => `${basePath}${v.path.slice(1)}`;
  const set = (list: ImageVariant[]): string => list.map((v) => `${url(v)} ${v.width}w`).join(', ');
  const large = image.fallback.at(-1)!;
  const middle = image.fallback.find((v) => v.width >= 960) ?? large;
  return {
    src: url(middle),
    srcset: set(image.fallback),
    webpSrcset: image.webp.length ? set(image.webp) : null,
    sizes,
    width: image.width,
    height: image.height,
    alt,
    large: url(large),
  };
}

/** The `<picture>` (or a lone `<img>` when there is nothing to choose from) for `view`, as hast. */
export function pictureElement(view: ImageView, extra: Record<string, string> = {}): Element {
  const single = view.webpSrcset === null && !view.srcset.includes(',');
  const img: Element = {
    type: 'element',
    tagName: 'img',
    properties: {
      src: view.src,
      ...(single ? {} : { srcSet: view.srcset, sizes: view.sizes }),
      width: view.width,
      height: view.height,
      alt: view.alt,
      ...extra,
      loading: 'lazy',
      decoding: 'async',
    },
    children: [],
  };
  if (view.webpSrcset === null) return img;
  return {
    type: 'element',
    tagName: 'picture',
    properties: {},
    children: [{ type: 'element', tagName: 'source', properties: { type: 'image/webp', srcSet: view.webpSrcset, sizes: view.sizes }, children: [] }, img],
  };
}
