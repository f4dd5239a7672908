/**
 * The I/O edge of the render stage: reads the bundled theme (this package's `templates/`) and the site's own
 * `templates/`, which overrides it file by file, plus the site's `static/` folder published as is.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { nfc } from '../vi/text.ts';
import { PACKAGE_ROOT } from '../cache/source-tree.mjs';

/** The bundled theme folder. */
export const BUNDLED_THEME = path.join(PACKAGE_ROOT, 'templates', path.sep);

/** Templates (`.hbs`, by theme-relative path such as "pages/article.hbs") and assets (by name) of a theme. */
export interface Theme {
  /** Handlebars sources; `file.path` names the file that won (bundled or override) for messages. */
  templates: Map<string, VFile>;
  /** Files under `assets/`, by path relative to it (e.g. "style.css"). */
  assets: Map<string, Uint8Array>;
}

async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
      .filter((p) => !p.split('/').some((part) => part.startsWith('.')))
      .sort();
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw cause;
  }
}

/** Loads the theme for the site at `root`: bundled files, each replaced by `root/templates/<same path>` if present. */
export async function loadTheme(root: string): Promise<Theme> {
  const overrideDir = path.join(root, 'templates');
  const sources = new Map<string, string>();
  for (const dir of [BUNDLED_THEME, overrideDir]) {
    for (const rel of await listFiles(dir)) sources.set(rel, path.join(dir, rel));
  }
  const theme: Theme = { templates: new Map(), assets: new Map() };
  for (const [rel, abs] of [...sources].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (rel.endsWith('.hbs')) {
      const shown = path.relative(root, abs).split(path.sep).join('/');
      theme.templates.set(rel, new VFile({ path: shown.startsWith('..') ? abs : shown, value: nfc(await readFile(abs, 'utf8')) }));
    } else if (rel.startsWith('assets/')) {
      theme.assets.set(rel.slice('assets/'.length), new Uint8Array(await readFile(abs)));
    }
  }
  return theme;
}

/** The site's `static/` files, by site path ("/anh/x.jpg"), published unchanged. */
export async function loadStatic(root: string): Promise<Map<string, Uint8Array>> {
  const dir = path.join(root, 'static');
  const files = new Map<string, Uint8Array>();
  for (const rel of await listFiles(dir)) files.set(`/${rel}`, new Uint8Array(await readFile(path.join(dir, rel))));
  return files;
}
