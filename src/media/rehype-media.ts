/**
 * rehype plugin, run after sanitising and before the site-links plugin: turns body images that are media files
 * (beside the article, or under `/media/`) into `<picture>` elements with their published sizes, points links to
 * media files at the published file, and gives every image `loading="lazy"` and `decoding="async"`.
 * Problems (an image that does not exist, a missing alt text) are recorded on `file.data.media`, not reported
 * here, so that a render cache hit reports them again.
 */
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { walkElements } from '../markdown/walk-elements.ts';
import { closest } from 'fastest-levenshtein';
import { BODY_SIZES, imageView, pictureElement } from './image-view.ts';
import { MediaOutputs } from './publish-media.ts';
import { cleanReference, filePathFor, isExternal, mediaSourceOf } from './resolve.ts';
import type { BodyMedia, MediaLibrary } from './types.ts';

declare module 'hast' {
  interface Data {
    /** Set on elements whose URL points at a published media file: the site-links plugin leaves them alone. */
    bantinMedia?: boolean;
  }
}

declare module 'vfile' {
  interface DataMap {
    /** Media of the body, set by the media plugin. */
    media: BodyMedia;
  }
}

/** Options of the plugin, fixed for a build. */
export interface MediaPluginOptions {
  basePath: string;
  library: MediaLibrary;
  /** Site paths of `static/` files: an image written relative to the article may be one of them. */
  staticPaths: ReadonlySet<string>;
}

const ORIGIN = 'http://bantin.invalid';

/** Marks `node` as pointing at a published media file. */
function markMedia(node: Element): void {
  node.data = Object.assign(node.data ?? {}, { bantinMedia: true }) as NonNullable<Element['data']>;
}

/**
 * The hint for a media file that does not exist, naming the closest file of that folder when there is one;
 * `example` is a file name of the kind expected.
 */
export function missingHint(source: string, library: MediaLibrary, example = 'anh-hoi-nghi.jpg'): string {
  const folder = source.slice(0, source.lastIndexOf('/') + 1);
  const near = [...library.files.keys()].filter((k) => k.startsWith(folder) && !k.slice(folder.length).includes('/'));
  if (near.length) return `Did you mean ${closest(source.slice(folder.length), near.map((k) => k.slice(folder.length)))}? Names must match exactly, upper and lower case too.`;
  return `Put the file beside the article and write its name (${example}), or put it in content/media/ and write /media/${example}.`;
}

/** The plugin. */
export function rehypeMedia(options: MediaPluginOptions) {
  return (tree: Root, file: VFile): void => {
    const found = { images: [] as BodyMedia['images'], problems: [] as BodyMedia['problems'], outputs: new MediaOutputs() };
    const articlePath = file.data.articlePath ?? '/';
    const sourcePath = (file.path ?? '').split('\\').join('/');
    const problem = (node: Element, fatal: boolean, reason: string, ruleId: string, note?: string): void => {
      const place = { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
      found.problems.push({ reason, ruleId, place, fatal, ...(note ? { note } : {}) });
    };

    walkElements(tree, (node: Element): Element | void => {
      if (node.tagName === 'a') {
        const href = node.properties['href'];
        const source = typeof href === 'string' ? mediaSourceOf(href, sourcePath) : undefined;
        const media = source ? options.library.files.get(source) : undefined;
        if (!media) return;
        if (media.image) {
          found.outputs.addImage(media.image);
          node.properties['href'] = `${options.basePath}${media.image.fallback.at(-1)!.path.slice(1)}`;
        } else if (media.contents) {
          const sitePath = filePathFor(media.source, articlePath);
          found.outputs.addFile(media, sitePath);
          node.properties['href'] = `${options.basePath}${sitePath.slice(1)}`;
        } else {
          problem(node, true, `Link to ${String(href)}: ${media.problem ?? 'the file cannot be published'}`, 'image-unreadable');
        }
        markMedia(node);
        return;
      }
      if (node.tagName !== 'img') return;
      const src = typeof node.properties['src'] === 'string' ? node.properties['src'] : '';
      const alt = typeof node.properties['alt'] === 'string' ? node.properties['alt'].trim() : '';
      if (!alt) {
        problem(node, false, `Image ${src || '(no address)'} has no alt text`, 'image-alt-missing', 'Describe the picture between the brackets, e.g. ![Quang cảnh hội nghị](anh-hoi-nghi.jpg): screen readers read it aloud, and it shows when the picture cannot load.');
      }
      node.properties['loading'] = 'lazy';
      node.properties['decoding'] = 'async';
      const source = mediaSourceOf(src, sourcePath);
      if (!source) return;
      const media = options.library.files.get(source);
      if (!media) {
        // Written relative to the article, it may also be a static/ file: the link check knows those.
        if (!src.startsWith('/') && !isExternal(src)) {
          const url = new URL(src, new URL(articlePath, ORIGIN));
          if (options.staticPaths.has(cleanReference(url.pathname))) return;
        }
        problem(node, true, `Image ${src} not found: there is no file ${source}`, 'image-missing', missingHint(source, options.library));
        markMedia(node);
        return;
      }
      markMedia(node);
      if (!media.image) {
        const reason = media.kind === 'image' ? (media.problem ?? 'the file cannot be published') : `${source} is not an image`;
        problem(node, true, `Image ${src}: ${reason}`, media.kind === 'image' ? 'image-unreadable' : 'image-type');
        return;
      }
      found.images.push(media.image);
      found.outputs.addImage(media.image);
      const title: Record<string, string> = typeof node.properties['title'] === 'string' ? { title: node.properties['title'] } : {};
      const picture = pictureElement(imageView(media.image, options.basePath, alt, BODY_SIZES), title);
      const img = picture.tagName === 'img' ? picture : (picture.children[1] as Element);
      markMedia(img);
      picture.position = node.position!;
      return picture;
    });
    file.data.media = { images: found.images, problems: found.problems, files: found.outputs.files, sources: found.outputs.sources };
  };
}
