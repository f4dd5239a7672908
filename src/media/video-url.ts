/**
 * Video URLs of the hosts bantin can embed, read into the two addresses a privacy-friendly embed needs: the
 * video's page (a plain link, all a reader without scripts gets) and the player URL loaded only on click
 * (YouTube through youtube-nocookie.com). Only https/http URLs of known hosts are accepted.
 */

/** The hosts whose videos can be embedded, for messages. */
export const VIDEO_HOSTS = ['youtube.com', 'youtu.be', 'facebook.com', 'fb.watch'] as const;

/** Origins the page script may load into an iframe (also what a Content-Security-Policy `frame-src` must allow). */
export const EMBED_ORIGINS = ['https://www.youtube-nocookie.com', 'https://www.facebook.com'] as const;

/** An embeddable video. */
export interface EmbeddableVideo {
  kind: 'youtube' | 'facebook';
  /** The video's page on its host. */
  link: string;
  /** The player URL. */
  embed: string;
}

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;

function youtube(url: URL): EmbeddableVideo | undefined {
  const host = url.hostname.replace(/^(www|m|music)\./, '');
  let id: string | null | undefined;
  if (host === 'youtu.be') id = url.pathname.split('/')[1];
  else if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] === 'watch') id = url.searchParams.get('v');
    else if (['embed', 'shorts', 'live', 'v'].includes(parts[0] ?? '')) id = parts[1];
  } else return undefined;
  if (!id || !YOUTUBE_ID.test(id)) return undefined;
  const start = Number.parseInt(url.searchParams.get('t') ?? url.searchParams.get('start') ?? '', 10);
  const at = Number.isFinite(start) && start > 0 ? start : undefined;
  return {
    kind: 'youtube',
    link: `https://www.youtube.com/watch?v=${id}${at ? `&t=${at}s` : ''}`,
    embed: `https://www.youtube-nocookie.com/embed/${id}?autoplay=1${at ? `&start=${at}` : ''}`,
  };
}

function facebook(url: URL): EmbeddableVideo | undefined {
  const host = url.hostname.replace(/^(www|m|web)\./, '');
  if (host !== 'facebook.com' && host !== 'fb.watch') return undefined;
  const parts = url.pathname.split('/').filter(Boolean);
  const isVideo =
    host === 'fb.watch'
      ? parts.length === 1
      : parts.includes('videos') || parts[0] === 'reel' || (parts[0] === 'watch' && url.searchParams.has('v')) || parts[0] === 'video.php';
  if (!isVideo) return undefined;
  // The path is already percent-encoded by URL; of the query only the video id matters.
  const v = url.searchParams.get('v');
  const link = host === 'fb.watch' ? `https://fb.watch/${parts[0]}/` : `https://www.facebook.com${url.pathname}${v ? `?v=${encodeURIComponent(v)}` : ''}`;
  return { kind: 'facebook', link, embed: `https://www.facebook.com/plugins/video.php?href=${encodeURIComponent(link)}&show_text=false&autoplay=true` };
}

/**
 * Reads a video URL; `undefined` when it is not an http(s) URL of a video on a known host. `reason` then says
 * why, for the message.
 */
export function parseVideoUrl(text: string): { ok: true; video: EmbeddableVideo } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: `only https:// addresses are accepted, not ${url.protocol}` };
  if (url.username || url.password) return { ok: false, reason: 'the address carries a user name or password' };
  const video = youtube(url) ?? facebook(url);
  if (video) return { ok: true, video };
  const host = url.hostname.replace(/^(www|m)\./, '');
  return (VIDEO_HOSTS as readonly string[]).includes(host) || host === 'youtube-nocookie.com'
    ? { ok: false, reason: `no video found in this ${host} address` }
    : { ok: false, reason: `${url.hostname} is not a known video host` };
}
