import { z } from 'zod';

/**
 * The sites module's shared shapes: the site document (what a site *is*), the edit operations
 * the editor sends, and the answers the generation tasks ask models for. The server, the web
 * app and the OpenAPI document use these same definitions.
 *
 * Written for providers' strict structured-output modes (OpenAI `strict`, Anthropic structured
 * outputs): every property is required (an absent value is `null`), the only union is the
 * discriminated section union (never inside a model's answer: a model is asked for one
 * section type's props at a time), no records, string formats only as `pattern`s.
 */

// ---------------------------------------------------------------------------------------------
// Small pieces

const text = (max: number) => z.string().max(max);
const line = (max: number) => z.string().min(1).max(max);

/** `#rrggbb`. */
export const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: 'must be a colour like #1f6feb' });

/**
 * A link's target. The renderer keeps only `https:`, `http:`, `mailto:`, `tel:`, site-relative
 * paths (`/menu`, resolved against the site's own base path, so `/` is the site's home) and
 * fragments (`#contact`); anything else is rendered as a link without a target.
 */
export const hrefSchema = line(2048);

export const linkSchema = z.object({
  label: line(80),
  href: hrefSchema,
});
export type Link = z.infer<typeof linkSchema>;

/**
 * An image by URL: `https:`, a site-relative path, or a `data:image/…` URL (procedural art from
 * the local generator). Anything else is not loaded (an `alt`-labelled placeholder is drawn).
 */
export const imageSchema = z.object({
  url: text(16_384),
  /** What the image shows, for people who cannot see it ('' marks a decorative image). */
  alt: text(250),
});
export type Image = z.infer<typeof imageSchema>;

/** The icons sections may show: drawn inline by the renderer, never loaded from anywhere. */
export const iconNames = [
  'sparkle', 'leaf', 'heart', 'star', 'clock', 'shield', 'check', 'users', 'map-pin', 'phone',
  'mail', 'calendar', 'cup', 'wheat', 'book', 'camera', 'scissors', 'flower', 'wrench', 'code',
  'chart', 'briefcase', 'home', 'graduation', 'smile', 'sun', 'truck', 'gift', 'palette', 'scale',
  'tooth', 'activity', 'bolt', 'globe', 'chat', 'lock', 'utensils', 'ruler',
] as const;
export const iconSchema = z.enum(iconNames);
export type IconName = z.infer<typeof iconSchema>;

// ---------------------------------------------------------------------------------------------
// Theme

export const paletteSchema = z.object({
  /** Buttons, links, accents of headings. */
  primary: colorSchema,
  /** Highlights: badges, icons, the eyebrow above a heading. */
  accent: colorSchema,
  /** The page. In dark mode the renderer derives a dark page from these colours. */
  background: colorSchema,
  /** Cards and alternating bands. */
  surface: colorSchema,
  text: colorSchema,
  /** Secondary text. */
  muted: colorSchema,
});
export type Palette = z.infer<typeof paletteSchema>;

/**
 * Font pairings from the fonts people already have (system font stacks): a published page
 * loads no font from anywhere. The stacks are here so the editor can preview them.
 */
export const fontPairings = {
  modern: {
    label: 'Modern sans',
    headings: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
    body: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
  },
  classic: {
    label: 'Classic serif headings',
    headings: 'Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, "DejaVu Serif", serif',
    body: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
  },
  elegant: {
    label: 'Elegant old-style serif',
    headings: '"Iowan Old Style", "Palatino Linotype", Palatino, "URW Palladio L", P052, "Book Antiqua", Georgia, "Liberation Serif", serif',
    body: '"Iowan Old Style", "Palatino Linotype", Palatino, "URW Palladio L", P052, "Book Antiqua", Georgia, "Liberation Serif", serif',
  },
  humanist: {
    label: 'Humanist sans',
    headings: 'Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", source-sans-pro, sans-serif',
    body: 'Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", source-sans-pro, sans-serif',
  },
  geometric: {
    label: 'Geometric sans',
    headings: 'Avenir, "Avenir Next LT Pro", Montserrat, Corbel, "URW Gothic", "Century Gothic", source-sans-pro, "Liberation Sans", sans-serif',
    body: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
  },
  editorial: {
    label: 'Editorial display serif',
    headings: 'Didot, "Bodoni MT", "Noto Serif Display", "URW Palladio L", P052, Sylfaen, "Liberation Serif", serif',
    body: 'Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", source-sans-pro, sans-serif',
  },
  technical: {
    label: 'Technical mono headings',
    headings: 'ui-monospace, "Cascadia Code", "Source Code Pro", Menlo, Consolas, "DejaVu Sans Mono", monospace',
    body: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
  },
  friendly: {
    label: 'Friendly rounded',
    headings: 'ui-rounded, "Hiragino Maru Gothic ProN", Quicksand, Comfortaa, Manjari, "Arial Rounded MT", "Arial Rounded MT Bold", Calibri, source-sans-pro, sans-serif',
    body: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
  },
} as const;
export const fontPairingNames = Object.keys(fontPairings) as (keyof typeof fontPairings)[];
export const fontPairingSchema = z.enum(fontPairingNames as [keyof typeof fontPairings, ...(keyof typeof fontPairings)[]]);
export type FontPairing = z.infer<typeof fontPairingSchema>;

export const radiusSchema = z.enum(['none', 'small', 'medium', 'large']);
export const colorModeSchema = z.enum(['light', 'dark']);

export const themeSchema = z.object({
  palette: paletteSchema,
  fontPairing: fontPairingSchema,
  radius: radiusSchema,
  mode: colorModeSchema,
});
export type Theme = z.infer<typeof themeSchema>;

// ---------------------------------------------------------------------------------------------
// Sections: one props schema per type

export const heroPropsSchema = z.object({
  /** A few words above the heading ("Bakery · Lisbon"). */
  eyebrow: text(80).nullable(),
  heading: line(120),
  subheading: text(400).nullable(),
  primaryAction: linkSchema.nullable(),
  secondaryAction: linkSchema.nullable(),
  image: imageSchema.nullable(),
  /** `split` puts the image beside the words (needs an image); `centered` has no image column. */
  layout: z.enum(['centered', 'split']),
});

export const featuresPropsSchema = z.object({
  heading: line(120),
  intro: text(400).nullable(),
  items: z.array(z.object({ icon: iconSchema, title: line(80), body: text(300) })).min(1).max(9),
});

/** Services, products or plans, with a price where it helps. */
export const servicesPropsSchema = z.object({
  heading: line(120),
  intro: text(400).nullable(),
  items: z
    .array(
      z.object({
        name: line(80),
        description: text(300),
        /** As written for people: "€4.50", "from $90", "€35 / person". */
        price: text(40).nullable(),
        /** A highlight ("Most popular"); an item with a badge is emphasised. */
        badge: text(30).nullable(),
        details: z.array(line(120)).max(6),
        action: linkSchema.nullable(),
      }),
    )
    .min(1)
    .max(8),
});

export const testimonialsPropsSchema = z.object({
  heading: line(120),
  items: z.array(z.object({ quote: line(400), author: line(80), role: text(80).nullable() })).min(1).max(6),
});

export const galleryPropsSchema = z.object({
  heading: line(120),
  intro: text(400).nullable(),
  items: z.array(z.object({ image: imageSchema, caption: text(140).nullable() })).min(1).max(12),
});

export const faqPropsSchema = z.object({
  heading: line(120),
  intro: text(400).nullable(),
  items: z.array(z.object({ question: line(200), answer: line(800) })).min(1).max(12),
});

export const ctaPropsSchema = z.object({
  heading: line(120),
  body: text(300).nullable(),
  primaryAction: linkSchema,
  secondaryAction: linkSchema.nullable(),
});

/** A contact block with a form that posts to Atelier (name, email, message; see `contactFormFields`). */
export const contactPropsSchema = z.object({
  heading: line(120),
  intro: text(400).nullable(),
  email: text(254).nullable(),
  phone: text(40).nullable(),
  address: text(200).nullable(),
  /** Opening hours, one line per line ("Tue–Fri 7:00–15:00\nSat–Sun 8:00–14:00"). */
  hours: text(300).nullable(),
  form: z.object({
    nameLabel: line(60),
    emailLabel: line(60),
    messageLabel: line(60),
    submitLabel: line(40),
    /** Shown after the message was sent. */
    successMessage: line(200),
    /** Shown when it could not be sent. */
    errorMessage: line(200),
  }),
});

/**
 * Long-form text in a small, safe markup: paragraphs separated by a blank line; `## ` starts a
 * sub-heading, `- ` a list item, `> ` a quote; inline `**bold**`, `*emphasis*` and
 * `[label](https://…)` links. Nothing else is interpreted (no HTML).
 */
export const richTextPropsSchema = z.object({
  heading: text(120).nullable(),
  body: line(8000),
});

export const footerPropsSchema = z.object({
  tagline: text(200).nullable(),
  links: z.array(linkSchema).max(8),
  /** The small print: "© 2026 Crumb & Hearth, Lisbon". */
  legal: text(200),
});

export const sectionPropsSchemas = {
  hero: heroPropsSchema,
  features: featuresPropsSchema,
  services: servicesPropsSchema,
  testimonials: testimonialsPropsSchema,
  gallery: galleryPropsSchema,
  faq: faqPropsSchema,
  cta: ctaPropsSchema,
  contact: contactPropsSchema,
  richText: richTextPropsSchema,
  footer: footerPropsSchema,
} as const;

export type SectionType = keyof typeof sectionPropsSchemas;
export const sectionTypes = Object.keys(sectionPropsSchemas) as SectionType[];
export const sectionTypeSchema = z.enum(sectionTypes as [SectionType, ...SectionType[]]);
export type SectionProps<T extends SectionType = SectionType> = z.infer<(typeof sectionPropsSchemas)[T]>;

/** What each section type is for: the editor's "add a section" menu and the prompts use it. */
export const sectionTypeLabels: Record<SectionType, { label: string; purpose: string }> = {
  hero: { label: 'Hero', purpose: 'the opening: a big heading, a sentence, one or two buttons, an optional image' },
  features: { label: 'Features', purpose: 'three to six reasons to choose the business, each with an icon' },
  services: { label: 'Services & pricing', purpose: 'what is offered, with prices where they help' },
  testimonials: { label: 'Testimonials', purpose: 'short quotes from customers' },
  gallery: { label: 'Gallery', purpose: 'pictures with captions' },
  faq: { label: 'FAQ', purpose: 'questions customers ask, answered' },
  cta: { label: 'Call to action', purpose: 'one clear next step' },
  contact: { label: 'Contact form', purpose: 'how to reach the business, with a form' },
  richText: { label: 'Text', purpose: 'a story or longer explanation in paragraphs' },
  footer: { label: 'Footer', purpose: 'the small print and links at the bottom of the page' },
};

/** Section and page ids: a UUID, or any short word of letters, digits, `-` and `_`. */
export const documentIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { error: 'must be 1–64 letters, digits, - or _' });

const sectionOf = <T extends SectionType>(type: T) => z.object({ id: documentIdSchema, type: z.literal(type), props: sectionPropsSchemas[type] });

export const sectionSchema = z.discriminatedUnion('type', [
  sectionOf('hero'),
  sectionOf('features'),
  sectionOf('services'),
  sectionOf('testimonials'),
  sectionOf('gallery'),
  sectionOf('faq'),
  sectionOf('cta'),
  sectionOf('contact'),
  sectionOf('richText'),
  sectionOf('footer'),
]);
export type Section = z.infer<typeof sectionSchema>;
export type SectionOf<T extends SectionType> = Extract<Section, { type: T }>;

// ---------------------------------------------------------------------------------------------
// Pages and the document

/**
 * A page's address inside its site: lower-case words joined by `-`. The home page's slug is
 * the empty string `''` (its URL is the site's own URL); every site has exactly one.
 */
export const homeSlug = '';
export const pageSlugSchema = z.string().max(60).regex(/^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$/, { error: "must be lower-case words joined by '-' ('' is the home page)" });

export const seoSchema = z.object({
  /** The browser tab and search result title. */
  title: line(70),
  description: text(160),
  /** An absolute https URL of the picture shown when the page is shared. */
  ogImage: text(2048).nullable(),
});
export type Seo = z.infer<typeof seoSchema>;

export const maxSectionsPerPage = 40;
export const maxPagesPerDocument = 30;

export const pageSchema = z.object({
  id: documentIdSchema,
  slug: pageSlugSchema,
  /** The page's name in the navigation. */
  title: line(60),
  seo: seoSchema,
  sections: z.array(sectionSchema).max(maxSectionsPerPage),
});
export type Page = z.infer<typeof pageSchema>;

/** A BCP 47 language tag: `en`, `pt-PT`. */
export const languageSchema = z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, { error: 'must be a language tag like en or pt-PT' });

export const siteDocumentVersion = 1;

export const siteDocumentSchema = z
  .object({
    schemaVersion: z.literal(siteDocumentVersion),
    name: line(80),
    language: languageSchema,
    theme: themeSchema,
    pages: z.array(pageSchema).min(1).max(maxPagesPerDocument),
  })
  .superRefine((document, context) => {
    const homes = document.pages.filter((page) => page.slug === homeSlug).length;
    if (homes !== 1) context.addIssue({ code: 'custom', path: ['pages'], message: `needs exactly one home page (slug ''), found ${homes}` });
    const seen = { pageIds: new Set<string>(), slugs: new Set<string>(), sectionIds: new Set<string>() };
    document.pages.forEach((page, pageIndex) => {
      if (seen.pageIds.has(page.id)) context.addIssue({ code: 'custom', path: ['pages', pageIndex, 'id'], message: `page id "${page.id}" is used twice` });
      if (page.slug !== homeSlug && seen.slugs.has(page.slug)) context.addIssue({ code: 'custom', path: ['pages', pageIndex, 'slug'], message: `slug "${page.slug}" is used by two pages` });
      seen.pageIds.add(page.id);
      seen.slugs.add(page.slug);
      page.sections.forEach((section, sectionIndex) => {
        if (seen.sectionIds.has(section.id)) context.addIssue({ code: 'custom', path: ['pages', pageIndex, 'sections', sectionIndex, 'id'], message: `section id "${section.id}" is used twice` });
        seen.sectionIds.add(section.id);
      });
    });
  });
export type SiteDocument = z.infer<typeof siteDocumentSchema>;

// ---------------------------------------------------------------------------------------------
// Edits: small operations, applied in order (src/modules/sites/site-document.ts)

const operation = <const N extends string, S extends z.ZodRawShape>(name: N, shape: S) => z.object({ op: z.literal(name), ...shape });

export const siteOperationSchema = z.discriminatedUnion('op', [
  /**
   * Sets one field of a section's props. `path` is dot-separated inside the props
   * (`heading`, `items.2.title`, `primaryAction`); an array index equal to the length appends.
   */
  operation('setField', { sectionId: documentIdSchema, path: z.string().min(1).max(200), value: z.unknown() }),
  /** Replaces a section's props (and type) at once: a regenerated section. */
  operation('replaceSection', { section: sectionSchema }),
  /** Moves a section to `toIndex` on its page, or on `toPageId` when given. */
  operation('moveSection', { sectionId: documentIdSchema, toIndex: z.number().int().min(0), toPageId: documentIdSchema.nullable().default(null) }),
  /** Inserts a section (with a new id) at `index` of the page; `null` appends. */
  operation('addSection', { pageId: documentIdSchema, index: z.number().int().min(0).nullable().default(null), section: sectionSchema }),
  operation('removeSection', { sectionId: documentIdSchema }),
  /** Inserts a page (with a new id and slug) at `index` in the navigation; `null` appends. */
  operation('addPage', { page: pageSchema, index: z.number().int().min(0).nullable().default(null) }),
  operation('removePage', { pageId: documentIdSchema }),
  /** Moves a page in the navigation. */
  operation('movePage', { pageId: documentIdSchema, toIndex: z.number().int().min(0) }),
  /** Renames a page, changes its slug or its SEO fields; `null` keeps the field as it is. */
  operation('updatePage', { pageId: documentIdSchema, title: line(60).nullable().default(null), slug: pageSlugSchema.nullable().default(null), seo: seoSchema.nullable().default(null) }),
  operation('setTheme', { theme: themeSchema }),
  operation('renameSite', { name: line(80) }),
]);
export type SiteOperation = z.infer<typeof siteOperationSchema>;
export type SiteOperationInput = z.input<typeof siteOperationSchema>;
export const siteOperationsSchema = z.array(siteOperationSchema).min(1).max(200);

// ---------------------------------------------------------------------------------------------
// Generation: what the tasks ask models for

/** What a member asks for: "a bakery in Lisbon that sells sourdough and runs weekend baking classes". */
export const siteBriefSchema = z.string().trim().min(3, { error: 'must say what the site is for' }).max(2000, { error: 'must be at most 2,000 characters' });

/** The first call of `site.generate`: the site's plan, before any section is written. */
export const siteOutlineSchema = z.object({
  businessName: line(60),
  /** One line that says what the business is, for the hero and the footer. */
  tagline: line(140),
  language: languageSchema,
  palette: paletteSchema,
  fontPairing: fontPairingSchema,
  radius: radiusSchema,
  mode: colorModeSchema,
  pages: z
    .array(
      z.object({
        /** `''` for the home page (exactly one), lower-case words joined by `-` for the others. */
        slug: pageSlugSchema,
        title: line(60),
        /** The page's search description. */
        description: text(160),
        /** The sections to write, in order. */
        sections: z.array(sectionTypeSchema).min(1).max(10),
      }),
    )
    .min(1)
    .max(6),
});
export type SiteOutline = z.infer<typeof siteOutlineSchema>;

/** What the local generator of one section is given (and what a real model's prompt says). */
export const sectionRequestSchema = z.object({
  brief: siteBriefSchema,
  outline: siteOutlineSchema,
  /** The page the section goes on. */
  pageSlug: pageSlugSchema,
  type: sectionTypeSchema,
  /** Its position on that page (0 = first). */
  index: z.number().int().min(0),
});
export type SectionRequest = z.infer<typeof sectionRequestSchema>;

/** What `site.section.rewrite`'s local generator is given. Its answer is the section's props. */
export const sectionRewriteRequestSchema = z.object({
  section: sectionSchema,
  instruction: z.string().trim().min(1).max(500),
  brief: siteBriefSchema.nullable(),
});
export type SectionRewriteRequest = z.infer<typeof sectionRewriteRequestSchema>;

// ---------------------------------------------------------------------------------------------
// What a published page sends back (the site script, src/modules/sites/render/site-script.ts)

/** The contact form's field names: the form posts `application/x-www-form-urlencoded` with these. */
export const contactFormFields = {
  name: 'name',
  email: 'email',
  message: 'message',
  /** The honeypot: hidden from people by CSS, filled in by bots. A submission with it set is spam. */
  honeypot: 'website',
  /** The slug of the page the form is on. */
  page: 'page',
  /** The id of the contact section. */
  section: 'section',
} as const;

/**
 * The fragment a published page shows a contact form's outcome at: after a plain (no script)
 * POST, the server redirects (303) to the page's URL with `#` + this, and the message appears.
 */
export function contactStatusAnchor(sectionId: string, outcome: 'sent' | 'failed'): string {
  return `contact-${outcome}-${sectionId.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/**
 * The page-view beacon the site script sends (`navigator.sendBeacon`, a `text/plain` body of
 * this JSON, so no preflight): the page's path, the referrer, and the viewport width for the
 * device class. No cookie, no identifier.
 */
export const pageViewBeaconSchema = z.object({
  path: z.string().max(2048),
  referrer: z.string().max(2048),
  width: z.number().int().min(0).max(100_000),
});
export type PageViewBeacon = z.infer<typeof pageViewBeaconSchema>;

// ---------------------------------------------------------------------------------------------
// The sites API (src/modules/sites/sites.routes.ts)

export const siteStatusSchema = z.enum(['generating', 'draft', 'published']);

export const siteViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  status: siteStatusSchema,
  /** Where the site is (or will be) public; it never changes. */
  publicUrl: z.url(),
  brief: z.string(),
  currentRevisionId: z.uuid().nullable(),
  publishedRevisionId: z.uuid().nullable(),
  publishedAt: z.iso.datetime().nullable(),
  /** The generation that builds the site, for the progress view. */
  generationId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type SiteView = z.infer<typeof siteViewSchema>;
export const siteListSchema = z.object({ items: z.array(siteViewSchema) });

export const createSiteBody = z.object({ prompt: siteBriefSchema });

export const revisionCauseSchema = z.enum(['generated', 'edited', 'section_regenerated', 'section_added', 'reverted']);
export const revisionSummarySchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  cause: revisionCauseSchema,
  authorId: z.uuid().nullable(),
  basedOn: z.uuid().nullable(),
  revertedTo: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
});
export const revisionListSchema = z.object({ items: z.array(revisionSummarySchema), nextCursor: z.string().nullable() });
export const revisionSchema = revisionSummarySchema.extend({ document: siteDocumentSchema });

/** The site with the document a member edits. */
export const siteWithDocumentSchema = z.object({ site: siteViewSchema, revision: revisionSummarySchema.nullable(), document: siteDocumentSchema.nullable() });

/** A batch of edits, made on the revision the member was looking at. */
export const editSiteBody = z.object({ baseRevisionId: z.uuid(), operations: siteOperationsSchema });
export const revertSiteBody = z.object({ baseRevisionId: z.uuid(), revisionId: z.uuid() });
export const regenerateSectionBody = z.object({ instruction: z.string().trim().min(1, { error: 'must say what to change' }).max(500) });
export const addSectionBody = z.object({ type: sectionTypeSchema, index: z.number().int().min(0).nullable().default(null) });

export const previewQuery = z.object({ page: pageSlugSchema.default(homeSlug), revisionId: z.uuid().optional() });
export const previewSchema = z.object({ html: z.string(), title: z.string() });

export const formSubmissionSchema = z.object({ id: z.uuid(), page: z.string(), name: z.string(), email: z.string(), message: z.string(), createdAt: z.iso.datetime() });
export const formSubmissionListSchema = z.object({ items: z.array(formSubmissionSchema), nextCursor: z.string().nullable() });

/** Control characters other than tab, newline and carriage return: nobody types them, and PostgreSQL cannot store a NUL. */
const noControlCharacters = /^(?:[\t\n\r]|\P{Cc})*$/u;

/** What a visitor sends through a published contact form (the field names are `contactFormFields`). */
export const contactSubmissionSchema = z.object({
  name: z.string().trim().min(1, { error: 'Please tell us your name' }).max(200).regex(noControlCharacters, { error: 'Please remove the control characters from your name' }),
  email: z.email({ error: 'Please give an email address we can answer' }).max(320),
  message: z.string().trim().min(1, { error: 'Please write a message' }).max(5000).regex(noControlCharacters, { error: 'Please remove the control characters from your message' }),
  website: z.string().max(500).default(''),
  page: pageSlugSchema.default(homeSlug),
  section: z.string().max(64).default(''),
});
