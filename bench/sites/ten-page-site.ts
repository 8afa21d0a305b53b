/**
 * The site both halves of the sites benchmark use: what the local generator writes for a real
 * brief (the outline's pages, at most six), taken to ten pages with `addPage` edits whose
 * sections the same generator writes for the same brief — a site as a member would have after
 * adding a few pages, never lorem ipsum.
 */
import type { Section, SectionType, SiteDocument, SiteOperationInput, SiteOutline } from '../../src/modules/sites/contract.ts';
import { generateSiteLocally, sectionFromBrief } from '../../src/modules/sites/local-site-generator.ts';
import { applyOperations, newDocumentId, outlineFromDocument } from '../../src/modules/sites/site-document.ts';

export const siteBrief = 'a bakery in Lisbon that sells sourdough and runs weekend baking classes';
export const sitePageCount = 10;

/** Pages a bakery's site might grow, each with the sections the member would give it; those the site already has are skipped. */
const extraPages: readonly { slug: string; title: string; description: string; sections: readonly SectionType[] }[] = [
  { slug: 'menu', title: 'Menu', description: 'Every loaf, pastry and cake we bake, with prices.', sections: ['hero', 'services', 'gallery', 'faq', 'cta', 'footer'] },
  { slug: 'about', title: 'About', description: 'The people behind the bakery and how we bake.', sections: ['richText', 'features', 'testimonials', 'cta', 'footer'] },
  { slug: 'events', title: 'Events', description: 'Tastings, open ovens and seasonal markets.', sections: ['hero', 'services', 'gallery', 'cta', 'footer'] },
  { slug: 'pricing', title: 'Pricing', description: 'Class fees, bread subscriptions and wholesale prices.', sections: ['hero', 'services', 'faq', 'cta', 'footer'] },
  { slug: 'wholesale', title: 'Wholesale', description: 'Bread for cafés and restaurants, delivered before opening.', sections: ['hero', 'features', 'services', 'testimonials', 'contact', 'footer'] },
  { slug: 'gallery', title: 'Gallery', description: 'Pictures from the bakery and the classes.', sections: ['hero', 'gallery', 'testimonials', 'cta', 'footer'] },
  { slug: 'faq', title: 'FAQ', description: 'Answers about ingredients, allergies, orders and classes.', sections: ['hero', 'faq', 'cta', 'footer'] },
  { slug: 'journal', title: 'Journal', description: 'Notes from the bakery: flour, starters and seasons.', sections: ['richText', 'gallery', 'cta', 'footer'] },
  { slug: 'gift-cards', title: 'Gift cards', description: 'A class or a month of bread, as a present.', sections: ['hero', 'services', 'faq', 'footer'] },
  { slug: 'team', title: 'Team', description: 'Our bakers and teachers.', sections: ['richText', 'testimonials', 'cta', 'footer'] },
];

/**
 * The `addPage` operations that take `document` (generated for `brief`) to `pageCount` pages,
 * each page's sections written by the local generator for that brief and page.
 */
export function pagesToAdd(document: SiteDocument, brief: string, pageCount = sitePageCount): SiteOperationInput[] {
  const missing = pageCount - document.pages.length;
  if (missing <= 0) return [];
  const chosen = extraPages.filter((page) => !document.pages.some((existing) => existing.slug === page.slug)).slice(0, missing);
  if (chosen.length < missing) throw new Error(`only ${chosen.length} more pages to add; ${missing} needed`);
  const base = outlineFromDocument(document);
  // The generator reads the whole outline (where the contact page is, which pages exist) when it writes a section.
  const outline: SiteOutline = { ...base, pages: [...base.pages, ...chosen.map((page) => ({ ...page, sections: [...page.sections] }))] };
  return chosen.map((page): SiteOperationInput => ({
    op: 'addPage',
    index: null,
    page: {
      id: newDocumentId(),
      slug: page.slug,
      title: page.title,
      seo: { title: `${page.title} · ${document.name}`.slice(0, 70), description: page.description, ogImage: null },
      sections: page.sections.map((type, index) => ({ id: newDocumentId(), type, props: sectionFromBrief({ brief, outline, pageSlug: page.slug, type, index }) }) as Section),
    },
  }));
}

/** The ten-page site, built in memory (no database): what the render half of the benchmark draws. */
export function tenPageSite(): SiteDocument {
  const generated = generateSiteLocally(siteBrief);
  const document = applyOperations(generated, pagesToAdd(generated, siteBrief));
  if (document.pages.length !== sitePageCount) throw new Error(`the benchmark site has ${document.pages.length} pages, not ${sitePageCount}`);
  return document;
}
