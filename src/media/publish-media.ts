/**
 * The files articles publish from their media: image variants under `/assets/media/` and documents or videos
 * beside their article (or under `/media/`). Each article lists what it uses; `publishMedia` merges the lists of
 * the published articles into output files, once per path, and reports two different files wanting one URL.
 */
import type { OutputFile, RenderedArticle } from '../types.ts';
import { error } from '../report/messages.ts';
import type { ImageInfo, MediaFile } from './types.ts';

/** What one article publishes: output files (path relative to the output folder) and their sources. */
export class MediaOutputs {
  readonly files: OutputFile[] = [];
  readonly sources: Record<string, string> = {};

  /** Every size of `image`. */
  addImage(image: ImageInfo): void {
    for (const v of [...image.fallback, ...image.webp]) this.add(v.path, v.contents, image.source);
  }

  /** A document or video, published at `sitePath`. */
  addFile(file: MediaFile, sitePath: string): void {
    if (file.contents) this.add(sitePath, file.contents, file.source);
  }

  private add(sitePath: string, contents: Uint8Array, source: string): void {
    const path = sitePath.slice(1);
    if (path in this.sources) return;
    this.sources[path] = source;
    this.files.push({ path, contents });
  }
}

/**
 * The media files of the published `articles`, once each. `taken` are the site paths of other files the build
 * writes (theme assets, `static/`); a media file on one of them, or two sources on one path, is an error on the
 * article concerned.
 */
export function publishMedia(articles: RenderedArticle[], taken: Iterable<string>): OutputFile[] {
  const owners = new Map<string, string>();
  for (const p of taken) owners.set(p.replace(/^\//, ''), `static${p}`);
  const files: OutputFile[] = [];
  for (const article of articles) {
    if (!article.media) continue;
    for (const file of article.media.files) {
      const source = article.media.sources[file.path]!;
      const owner = owners.get(file.path);
      if (owner === undefined) {
        owners.set(file.path, source);
        files.push(file);
      } else if (owner !== source) {
        error(article.file, `${source} would be published as /${file.path}, which is already the URL of ${owner}`, {
          ruleId: 'media-conflict',
          note: 'Rename one of the two files.',
        });
      }
    }
  }
  return files;
}

/**
 * Whether two versions of an article publish the same media files, from the same sources: then `publishMedia`
 * gives the same files and the same messages whichever of the two the site holds.
 */
export function publishesSame(a: RenderedArticle, b: RenderedArticle): boolean {
  const before = a.media?.files ?? [];
  const after = b.media?.files ?? [];
  return before.length === after.length && before.every((f, i) => f.path === after[i]!.path && f.contents === after[i]!.contents && a.media!.sources[f.path] === b.media!.sources[f.path]);
}
