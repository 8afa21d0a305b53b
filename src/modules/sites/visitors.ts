/** What the public side learns about a visitor, and keeps: a device class and a referrer's host, never an address or a cookie. */
export type DeviceClass = 'desktop' | 'tablet' | 'phone' | 'bot' | 'other';

export function deviceClassOf(userAgent: string | undefined): DeviceClass {
  if (!userAgent) return 'other';
  if (/bot|crawler|spider|crawling|preview|headless/i.test(userAgent)) return 'bot';
  if (/ipad|tablet|playbook|silk|(android(?!.*mobile))/i.test(userAgent)) return 'tablet';
  if (/mobi|iphone|ipod|android.*mobile|windows phone/i.test(userAgent)) return 'phone';
  if (/windows|macintosh|x11|linux|cros/i.test(userAgent)) return 'desktop';
  return 'other';
}

/** The referring site's host, or null for none, for our own origin, or for something that is not a URL. */
export function referrerHostOf(referrer: string | undefined | null, ownOrigin: string): string | null {
  if (!referrer) return null;
  try {
    const url = new URL(referrer);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.origin === ownOrigin) return null;
    return url.hostname.slice(0, 253);
  } catch {
    return null;
  }
}
