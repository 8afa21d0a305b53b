import { createHash } from 'node:crypto';
import { siteScriptHash } from './site-script.ts';

export interface SitePolicyOptions {
  /** As given to `renderPage`: a URL (relative to the sites origin, or absolute), or `null` when the CSS is inlined. */
  stylesheetHref: string | null;
  /** The inlined stylesheet (`renderPage(…).css`) when `stylesheetHref` is `null`: allowed by its hash. */
  inlineCss?: string | null;
  scriptSrc: string | null;
  formAction: string | null;
  beaconUrl: string | null;
  /**
   * Origins allowed to show the page in a frame: the dashboard's origin, so the editor can
   * preview the published site; `[]` forbids every frame (`'none'`).
   */
  frameAncestors: readonly string[];
}

/** A relative URL is on the page's own origin (`'self'`); an absolute one is allowed exactly (origin and path). */
function sourceFor(url: string): string {
  if (/^https?:\/\//i.test(url)) {
    const parsed = new URL(url);
    // CSP source expressions cannot hold `;` or `,` or spaces; URL serialisation percent-encodes spaces, so refuse the rest.
    return `${parsed.origin}${parsed.pathname}`.replace(/[;,\s]/g, encodeURIComponent);
  }
  return "'self'";
}

const origin = (value: string) => {
  const parsed = new URL(value);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`frame ancestor ${value} must be an http(s) origin`);
  return parsed.origin;
};

/**
 * The Content-Security-Policy of a published page: nothing is allowed but what the renderer
 * emits: the stylesheet, the site script (by address and by hash, with `integrity` on its tag),
 * images over https or inline `data:`, the contact form's endpoint, the beacon's endpoint.
 * No inline script, no plugin, no `<base>`, no font, no frame inside the page.
 */
export function contentSecurityPolicy(options: SitePolicyOptions): string {
  const unique = (values: string[]) => [...new Set(values)];
  const style =
    options.stylesheetHref !== null
      ? [sourceFor(options.stylesheetHref)]
      : options.inlineCss
        ? [`'sha256-${createHash('sha256').update(options.inlineCss, 'utf8').digest('base64')}'`]
        : ["'none'"];
  const script = options.scriptSrc !== null ? [sourceFor(options.scriptSrc), `'${siteScriptHash}'`] : ["'none'"];
  const connect = unique([options.beaconUrl, options.formAction].filter((value): value is string => value !== null).map(sourceFor));
  const directives = [
    "default-src 'none'",
    `style-src ${unique(style).join(' ')}`,
    `script-src ${script.join(' ')}`,
    "img-src 'self' https: data:",
    `form-action ${options.formAction !== null ? sourceFor(options.formAction) : "'none'"}`,
    `connect-src ${connect.length > 0 ? connect.join(' ') : "'none'"}`,
    "base-uri 'none'",
    "object-src 'none'",
    `frame-ancestors ${options.frameAncestors.length > 0 ? unique(options.frameAncestors.map(origin)).join(' ') : "'none'"}`,
  ];
  return directives.join('; ');
}
