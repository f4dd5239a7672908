/**
 * Watches what a site build reads (`content/`, `templates/`, `static/`, `site.config.yaml` and the bundled theme)
 * with chokidar, and hands over the changed paths in batches: an editor's save often fires several events
 * (write, rename, attribute change), which should cause one rebuild, not three.
 */
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { BUNDLED_THEME } from '../render/theme.ts';
import { CONFIG_FILE } from '../config/parse-config.ts';
import { CONTENT_DIR } from '../content/load-sources.ts';

/** Top-level entries of the site folder that a build reads. */
const WATCHED = new Set([CONTENT_DIR, 'templates', 'static', CONFIG_FILE]);

/** Options of {@link watchSite}. */
export interface WatchOptions {
  /** Quiet time after the last event before a batch is handed over, in milliseconds (default 30). */
  debounceMs?: number;
  /** Called when watching fails after the start (default: ignored). */
  onError?: (error: unknown) => void;
}

/** A running watcher. */
export interface SiteWatcher {
  /** Resolves once the initial scan is done: changes after it are seen. */
  ready: Promise<void>;
  /** Stops watching; a pending batch is dropped. */
  close(): Promise<void>;
}

/** Whether a file name is an editor's scratch file (swap, backup, lock), never an input. */
function isScratch(name: string): boolean {
  return name.startsWith('.') || name.endsWith('~') || /\.sw[a-p]$/.test(name) || name.startsWith('#');
}

/** Whether the watcher should skip `file` (absolute): outside the inputs, or an editor's scratch file. */
function ignoredIn(root: string): (file: string) => boolean {
  return (file) => {
    if (isScratch(path.basename(file)) && file !== root && file !== BUNDLED_THEME.replace(/[\\/]$/, '')) return true;
    const bundled = path.relative(BUNDLED_THEME, file);
    if (bundled === '' || (!bundled.startsWith('..') && !path.isAbsolute(bundled))) return false;
    const rel = path.relative(root, file);
    if (rel === '') return false;
    if (rel.startsWith('..') || path.isAbsolute(rel)) return true;
    return !WATCHED.has(rel.split(path.sep)[0]!);
  };
}

/**
 * Watches the inputs of the site at `root` (absolute) and calls `onBatch` with the absolute paths changed, added
 * or removed since the last batch, once `debounceMs` passed without a new event.
 */
export function watchSite(root: string, onBatch: (paths: string[]) => void, options: WatchOptions = {}): SiteWatcher {
  const debounceMs = options.debounceMs ?? 30;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch([root, BUNDLED_THEME], { ignoreInitial: true, ignored: ignoredIn(root) });
  watcher.on('all', (_event, file) => {
    pending.add(path.resolve(file));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const batch = [...pending];
      pending.clear();
      onBatch(batch);
    }, debounceMs);
  });
  let started = false;
  const ready = new Promise<void>((resolve, reject) => {
    watcher.once('ready', () => {
      started = true;
      resolve();
    });
    watcher.on('error', (error) => (started ? options.onError?.(error) : reject(error)));
  });
  return {
    ready,
    async close() {
      clearTimeout(timer);
      pending.clear();
      await watcher.close();
    },
  };
}
