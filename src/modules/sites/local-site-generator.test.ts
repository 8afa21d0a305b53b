import { describe, expect, it } from 'vitest';
import { homeSlug, type Section, sectionPropsSchemas, sectionTypes, siteDocumentSchema, type SiteDocument, siteOutlineSchema } from './contract.ts';
import { parseBrief } from './local-site-brief.ts';
import { generateSiteLocally, outlineFromBrief, rewriteSectionLocally, sectionFromBrief } from './local-site-generator.ts';
import { sampleBriefs } from './sample-site.ts';


let counter = 0;
const ids = () => {
  counter = 0;
  return () => `id-${(counter += 1)}`;
};

/** All the words a visitor reads. */
function wordsOf(document: SiteDocument): string {
  const out: string[] = [document.name];
  const walk = (value: unknown, key = ''): void => {
    if (typeof value === 'string' && !['href', 'url', 'id', 'icon', 'layout', 'type', 'slug'].includes(key)) out.push(value);
    else if (Array.isArray(value)) value.forEach((entry) => walk(entry, key));
    else if (value && typeof value === 'object') Object.entries(value).forEach(([name, entry]) => walk(entry, name));
  };
  walk(document.pages);
  return out.join('\n');
}

const sectionOf = (document: SiteDocument, type: Section['type'], slug = homeSlug) => document.pages.find((page) => page.slug === slug)!.sections.find((section) => section.type === type)!;

describe('reading a brief', () => {
  it('finds the kind of business, the place, what it offers and its name', () => {
    expect(parseBrief('a bakery in Lisbon that sells sourdough and runs weekend baking classes')).toMatchObject({
      kind: 'bakery',
      place: 'Lisbon',
      offerings: [
        { verb: 'sells', weVerb: 'sell', object: 'sourdough', category: 'product' },
        { verb: 'runs', weVerb: 'run', object: 'weekend baking classes', category: 'learning' },
      ],
    });
    expect(parseBrief('SaaS tool that helps small restaurants manage reservations and staff rotas')).toMatchObject({ kind: 'software', audience: 'small restaurants', offerings: [{ object: 'reservations' }, { object: 'staff rotas' }] });
    expect(parseBrief('Independent bookshop called "The Blue Door" in Edinburgh')).toMatchObject({ kind: 'bookshop', name: 'The Blue Door', place: 'Edinburgh' });
    expect(parseBrief('yoga studio in brooklyn with a rooftop terrace')).toMatchObject({ kind: 'fitness', place: 'Brooklyn', offerings: [{ object: 'rooftop terrace', category: 'feature' }] });
    expect(parseBrief('wedding photographer based in Tuscany')).toMatchObject({ kind: 'photography', qualifier: 'wedding', place: 'Tuscany' });
    expect(parseBrief('handmade ceramics')).toMatchObject({ kind: 'generic', place: null });
  });
});

describe('the local site generator', () => {
  const sites = new Map(sampleBriefs.map((brief) => [brief, generateSiteLocally(brief, ids())]));

  it('builds a valid site for every brief, with an outline a model could have written', () => {
    for (const [brief, site] of sites) {
      expect(siteDocumentSchema.safeParse(site).success, brief).toBe(true);
      const outline = outlineFromBrief(brief);
      expect(siteOutlineSchema.safeParse(outline).success, brief).toBe(true);
      expect(site.pages.length, brief).toBeGreaterThanOrEqual(2);
      expect(site.pages[0]!.sections[0]!.type, brief).toBe('hero');
      expect(site.pages.every((page) => page.sections.at(-1)!.type === 'footer'), brief).toBe(true);
      expect(site.pages.some((page) => page.sections.some((section) => section.type === 'contact')), brief).toBe(true);
    }
  });

  it('gives the same brief the same site', () => {
    const brief = sampleBriefs[0]!;
    expect(generateSiteLocally(brief, ids())).toEqual(generateSiteLocally(brief, ids()));
    expect(generateSiteLocally(`  ${brief.toUpperCase()}  `, ids()).name).toBe(generateSiteLocally(brief, ids()).name);
  });

  it('gives different briefs visibly different sites: name, colours, pages and words', () => {
    const all = [...sites.values()];
    expect(new Set(all.map((site) => site.name)).size).toBe(all.length);
    expect(new Set(all.map((site) => site.theme.palette.primary)).size).toBe(all.length);
    expect(new Set(all.map((site) => site.pages.map((page) => page.slug).join('/'))).size).toBeGreaterThanOrEqual(8);
    expect(new Set(all.map((site) => (sectionOf(site, 'hero').props as { heading: string }).heading)).size).toBeGreaterThanOrEqual(all.length - 2);
    expect(new Set(all.map((site) => site.theme.fontPairing)).size).toBeGreaterThanOrEqual(5);
    // Two bakeries are still two different bakeries.
    const other = generateSiteLocally('a bakery in Porto that sells croissants', ids());
    const lisbon = sites.get(sampleBriefs[0]!)!;
    expect(other.name).not.toBe(lisbon.name);
    expect(other.theme.palette).not.toEqual(lisbon.theme.palette);
  });

  it('writes about what the brief says, in real sentences, never lorem ipsum', () => {
    const bakery = wordsOf(sites.get(sampleBriefs[0]!)!);
    expect(bakery).toMatch(/Lisbon/);
    expect(bakery).toMatch(/sourdough/i);
    expect(bakery).toMatch(/weekend baking classes/i);
    expect(bakery).toMatch(/€\d/);
    expect(sites.get(sampleBriefs[0]!)!.pages.map((page) => page.slug)).toContain('classes');

    const plumber = wordsOf(sites.get(sampleBriefs[4]!)!);
    expect(plumber).toMatch(/Manchester/);
    expect(plumber).toMatch(/Boiler repairs/);
    expect(plumber).toMatch(/Bathroom installation/);
    expect(plumber).toMatch(/£\d/);

    const software = sites.get(sampleBriefs[3]!)!;
    expect(wordsOf(software)).toMatch(/small restaurants/);
    expect(wordsOf(software)).toMatch(/reservations/);
    expect(software.pages.map((page) => page.slug)).toContain('pricing');

    expect(sites.get(sampleBriefs[5]!)!.name).toBe('The Blue Door');
    expect(wordsOf(sites.get(sampleBriefs[2]!)!)).toMatch(/rooftop terrace/i);
    for (const [brief, site] of sites) {
      const words = wordsOf(site);
      expect(words, brief).not.toMatch(/\b(lorem|ipsum|undefined|null|NaN)\b|\{\w+\}/i);
      expect(words, brief).not.toMatch(/\s[,.]/);
    }
  });

  it('writes any section type for any page, even of an outline it did not make', () => {
    const brief = 'a bike repair shop in Utrecht';
    const outline = { ...outlineFromBrief(brief), pages: [{ slug: '', title: 'Home', description: 'Bikes.', sections: ['hero' as const] }, { slug: 'repairs', title: 'Repairs', description: 'What we fix.', sections: ['services' as const] }] };
    for (const type of sectionTypes) {
      for (const pageSlug of ['', 'repairs', 'somewhere-else']) {
        const props = sectionFromBrief({ brief, outline, pageSlug, type, index: 3 });
        expect(sectionPropsSchemas[type].safeParse(props).success, `${type} on ${pageSlug}`).toBe(true);
      }
    }
  });
});

describe('rewriting a section locally', () => {
  const brief = sampleBriefs[0]!;
  const site = generateSiteLocally(brief, ids());
  const hero = sectionOf(site, 'hero');
  const faq = site.pages.flatMap((page) => page.sections).find((section) => section.type === 'faq')!;
  const length = (section: Section) => JSON.stringify(section.props).length;

  it('keeps the id and type, and answers with props its schema accepts', () => {
    for (const instruction of ['shorter', 'more formal', 'friendlier', 'mention our vegan pastries', 'make it pop', 'longer please']) {
      for (const section of site.pages.flatMap((page) => page.sections)) {
        const rewritten = rewriteSectionLocally({ section, instruction, brief });
        expect(rewritten.id).toBe(section.id);
        expect(rewritten.type).toBe(section.type);
        expect(sectionPropsSchemas[section.type].safeParse(rewritten.props).success, `${section.type}: ${instruction}`).toBe(true);
        expect(rewritten.props, `${section.type}: ${instruction}`).not.toEqual(section.props);
      }
    }
  });

  it('goes in the direction asked', () => {
    expect(length(rewriteSectionLocally({ section: faq, instruction: 'Make it shorter', brief }))).toBeLessThan(length(faq));
    const formal = JSON.stringify(rewriteSectionLocally({ section: faq, instruction: 'more formal please', brief }).props);
    expect(formal).not.toMatch(/we’ll|can’t|don’t|!/);
    const friendly = rewriteSectionLocally({ section: hero, instruction: 'warmer and friendlier', brief });
    expect(JSON.stringify(friendly.props)).toMatch(/welcome|hello|love|can’t wait/i);
    const mentioned = rewriteSectionLocally({ section: faq, instruction: 'mention our vegan pastries', brief });
    expect(JSON.stringify(mentioned.props)).toMatch(/vegan pastries/);
    expect(JSON.stringify(rewriteSectionLocally({ section: hero, instruction: 'highlight free delivery', brief }).props)).toMatch(/free delivery/);
  });

  it('is deterministic', () => {
    expect(rewriteSectionLocally({ section: hero, instruction: 'something bolder', brief })).toEqual(rewriteSectionLocally({ section: hero, instruction: 'something bolder', brief }));
    expect(rewriteSectionLocally({ section: hero, instruction: 'something bolder', brief: null }).type).toBe('hero');
  });
});
