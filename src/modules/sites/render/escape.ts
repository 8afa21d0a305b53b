const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Document text made inert for HTML: for element content and for (always double-quoted)
 * attribute values alike. Every piece of a site document goes through here or through
 * `safe-url.ts` before it reaches a page.
 */
export function escapeHtml(value: string): string {
  // Controls other than tab, line feed and carriage return are not allowed in HTML text; drop them.
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').replace(/[&<>"']/g, (character) => entities[character]!);
}

/** Tagged template for markup: every interpolated value is escaped unless it is already `Markup`. */
export class Markup {
  readonly html: string;
  constructor(html: string) {
    this.html = html;
  }
  toString(): string {
    return this.html;
  }
}

type Interpolation = Markup | string | number | null | undefined | false | readonly Interpolation[];

function interpolate(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Markup) return value.html;
  if (Array.isArray(value)) return value.map(interpolate).join('');
  return escapeHtml(String(value));
}

/** `html\`<h2>${heading}</h2>\``: the heading is escaped; nested `html` results are kept. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
  let out = strings[0]!;
  values.forEach((value, index) => {
    out += interpolate(value) + strings[index + 1]!;
  });
  return new Markup(out);
}

/** Markup the renderer wrote itself (icons, computed CSS): never document text. */
export const trusted = (markup: string): Markup => new Markup(markup);
