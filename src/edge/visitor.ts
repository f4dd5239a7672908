/**
 * Who a visitor is, without knowing who they are: a hash of a daily-rotating secret salt, the IP address
 * and the User-Agent (as GoatCounter, Plausible and Umami do). The salt changes at midnight in the site's
 * time zone, when fewest people read. No cookie is set and no raw IP is stored;
 * once a day's salt is deleted, that day's hashes can no longer be linked to an address.
 */

/** The time zone whose midnight rotates the salt unless told otherwise: the wards' own. */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * The calendar day ("YYYY-MM-DD") in `timeZone` of the instant `now` (milliseconds since the epoch). Returns
 * a function, as building the formatter is the costly part.
 */
export function dayIn(timeZone: string): (now: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (now) => format.format(now);
}

/** The day before `day` ("YYYY-MM-DD"). */
export function previousDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** A fresh random secret: 32 bytes from the platform's CSPRNG, base64url. */
export function randomSecret(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * The visitor's id for the day of `salt`: the first 16 bytes of SHA-256(salt, IP, User-Agent), base64url
 * (22 characters).
 */
export async function visitorId(salt: string, ip: string, userAgent: string): Promise<string> {
  const data = new TextEncoder().encode(`${salt}\n${ip}\n${userAgent}`);
  const digest = await crypto.subtle.digest('SHA-256', data);
  return base64url(new Uint8Array(digest, 0, 16));
}

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
