/**
 * URL checks: a document's links and images reach a page only through these. Anything that is
 * not clearly one of the allowed kinds is dropped (returned as `null`), never "cleaned".
 */

const schemeOf = (url: string) => /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase() ?? null;

// Whitespace, controls and backslashes (browsers strip or reinterpret them: "java\tscript:", "/\\evil.example"),
// and characters no URL needs that only ever appear in attempts to leave an attribute.
// eslint-disable-next-line no-control-regex
const unsafeCharacters = /[\s\\"<>`\u0000-\u001F\u007F]/;

/**
 * A link's href, or `null` when it is not allowed. Allowed: `https:`, `http:`, `mailto:`, `tel:`,
 * fragments (`#contact`) and site-relative paths (`/menu`, joined to `basePath`, so a site's
 * links keep working wherever the site is served). Everything else (`javascript:`, `data:`,
 * relative paths without `/`, protocol-relative `//host`) is dropped.
 */
export function safeHref(href: string, basePath: string): string | null {
  const url = href.trim();
  if (url === '' || url.length > 2048) return null;
  if (url.startsWith('#')) return /^#[A-Za-z0-9_-]*$/.test(url) ? url : null;
  if (url.startsWith('/')) return url.startsWith('//') || unsafeCharacters.test(url) ? null : basePath + url.slice(1);
  const scheme = schemeOf(url);
  if (scheme === 'tel') return telHref(url.slice(4));
  if (unsafeCharacters.test(url)) return null;
  if (scheme === 'https' || scheme === 'http') return isParsableUrl(url) ? url : null;
  if (scheme === 'mailto') return /^mailto:[^<>"'`@]+@[^<>"'`@]+$/i.test(url) ? url : null;
  return null;
}

const isParsableUrl = (url: string) => {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '';
  } catch {
    return false;
  }
};

/**
 * An image's src, or `null`. Allowed: `https:` (the published page's CSP allows https images;
 * `http:` would be mixed content), site-relative paths, and `data:image/…` URLs of raster images
 * or SVG (an SVG shown by `<img>` runs no script).
 */
export function safeImageSrc(url: string, basePath: string): string | null {
  const value = url.trim();
  if (value === '' || value.length > 16_384) return null;
  if (value.startsWith('/') && !value.startsWith('//')) return unsafeCharacters.test(value) ? null : basePath + value.slice(1);
  if (/^data:image\/(?:png|jpeg|gif|webp|avif|svg\+xml)(?:;[a-z0-9=-]+)*(?:;base64)?,[A-Za-z0-9%+/=._~!$&'()*,;:@?#-]*$/i.test(value)) return value;
  if (schemeOf(value) === 'https' && !/\s/.test(value) && isParsableUrl(value)) return value;
  return null;
}

/** An absolute https (or http) URL for `og:image`, or `null`. */
export function safeAbsoluteUrl(url: string): string | null {
  const value = url.trim();
  const scheme = schemeOf(value);
  return (scheme === 'https' || scheme === 'http') && !/\s/.test(value) && isParsableUrl(value) ? value : null;
}

/** An email address fit for `mailto:`, or `null` (then it is shown as text only). */
export function mailtoHref(email: string): string | null {
  const value = email.trim();
  return /^[A-Za-z0-9.!#$%&*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/.test(value) ? `mailto:${value}` : null;
}

/** A phone number fit for `tel:`, or `null`. */
export function telHref(phone: string): string | null {
  if (/[^+0-9 ().\-/]/.test(phone)) return null;
  const digits = phone.replace(/[^+0-9]/g, '');
  return /^\+?[0-9]{3,20}$/.test(digits) ? `tel:${digits}` : null;
}
