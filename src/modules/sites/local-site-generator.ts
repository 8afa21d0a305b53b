import type { z } from 'zod';
import {
  homeSlug,
  sectionPropsSchemas,
  type Link,
  type Palette,
  type Section,
  type SectionProps,
  type SectionRequest,
  type SectionRewriteRequest,
  type SectionType,
  type SiteDocument,
  type SiteOutline,
  siteOutlineSchema,
} from './contract.ts';
import { artwork, artworkStyles } from './local-site-artwork.ts';
import { hashText, type Offering, type ParsedBrief, parseBrief, randomFrom } from './local-site-brief.ts';
import { formatPrice, type KindVocabulary, type Locale, localeFor, type Product, vocabularies } from './local-site-vocabulary.ts';
import { fromHsl, toHsl } from './render/colors.ts';
import { documentFromOutline } from './site-document.ts';

/**
 * The local provider's website generator: deterministic, offline, and about what the brief
 * says. The same brief always gives the same site; two briefs give two different sites (name,
 * palette, fonts, pages, sections and every sentence). It writes what a model would be asked
 * to write, through the same schemas: an outline first, then one section at a time.
 */

// ---------------------------------------------------------------------------------------------
// Words

const capitalise = (text: string) => (text ? text[0]!.toUpperCase() + text.slice(1) : text);
const lowerFirst = (text: string) => (/^\p{Lu}\p{Ll}/u.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text);

/** Cut at a word boundary to fit `max` characters. */
export function fit(text: string, max: number): string {
  const clean = text.replace(/[ \t]+/g, ' ').replace(/ *\n */g, '\n').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const at = cut.lastIndexOf(' ');
  return `${(at > max * 0.6 ? cut.slice(0, at) : cut).replace(/[\s,;:–—-]+$/u, '')}…`;
}

function listOf(values: readonly string[]): string {
  if (values.length <= 1) return values[0] ?? '';
  return `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
}

const singular = (word: string) =>
  /ies$/.test(word) ? `${word.slice(0, -3)}y` : /(ches|shes|sses|xes|zes)$/.test(word) ? word.slice(0, -2) : /(ss|us|is)$/.test(word) ? word : word.replace(/s$/, '');

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}

const article = (phrase: string) => (/^(?:[aeio]|u(?!ni|se|sa|ro)|hour|honest)/i.test(phrase) ? `an ${phrase}` : `a ${phrase}`);

/** What an offering is called as an item: "fixes boilers" → "Boiler repairs", "teaches piano" → "Piano lessons". */
function offeringName(offering: Offering): string {
  const object = offering.object;
  const words = object.split(' ');
  const last = words[words.length - 1]!;
  const singularPhrase = [...words.slice(0, -1), singular(last)].join(' ');
  const verb = offering.verb.replace(/(es|s|ing)$/, '').replace(/ .*/, '');
  if (/^(fix|repair)/.test(verb)) return capitalise(`${singularPhrase} repairs`);
  if (/^install/.test(verb)) return capitalise(`${singularPhrase} installation`);
  if (/^design/.test(verb)) return capitalise(`${singularPhrase} design`);
  if (/^clean/.test(verb)) return capitalise(`${singularPhrase} cleaning`);
  if (/^restor/.test(verb)) return capitalise(`${singularPhrase} restoration`);
  if (/^(teach|tutor)/.test(verb) && !/\b(class|lesson|course|workshop)/i.test(object)) return capitalise(`${object} lessons`);
  if (/^coach/.test(verb) && !/coaching/i.test(object)) return capitalise(`${object} coaching`);
  if (/^(photograph|shoot)/.test(verb)) return capitalise(`${singularPhrase} photography`);
  if (/^deliver/.test(verb) && !/deliver/i.test(object)) return capitalise(`${object} delivery`);
  return capitalise(object);
}

// ---------------------------------------------------------------------------------------------
// The site's facts, shared by the outline and every section

interface SiteFacts {
  brief: ParsedBrief;
  vocabulary: KindVocabulary;
  locale: Locale;
  name: string;
  /** "a family dental clinic" without the article: "family dental clinic". */
  nounPhrase: string;
  offerings: Offering[];
  slots: Record<string, string>;
}

function factsOf(briefText: string, businessName: string | null): SiteFacts {
  const brief = parseBrief(briefText);
  const vocabulary = vocabularies[brief.kind];
  const locale = localeFor(brief.place);
  const name = businessName ?? brief.name ?? nameFor(brief, vocabulary);
  const defaultQualifier = brief.kind === 'bookshop' || brief.kind === 'agency' ? 'independent' : null;
  const qualifier = brief.qualifier && !brief.noun.toLowerCase().includes(brief.qualifier.toLowerCase()) ? lowerFirst(brief.qualifier) : defaultQualifier;
  const nounPhrase = `${qualifier && !/^(small|new|local|our|my)$/i.test(qualifier) ? `${qualifier} ` : ''}${brief.noun}`;
  const offerings = brief.offerings;
  const sellable = offerings.filter((offering) => offering.category !== 'feature');

  // "sell sourdough, and run weekend baking classes": the brief's own verbs, grouped.
  const groups = new Map<string, string[]>();
  for (const offering of offerings) {
    const phrase = (offering.category === 'feature' || offering.weVerb === 'have') && !/s$/.test(offering.object) && !/^(a|an|the|our)\s/i.test(offering.object) ? article(offering.object) : offering.object;
    groups.set(offering.weVerb, [...(groups.get(offering.weVerb) ?? []), phrase]);
  }
  const clauses = [...groups].map(([verb, objects]) => `${verb} ${listOf(objects)}`);
  const audience = brief.audience ? ` for ${brief.audience}` : '';
  const joined = clauses.length > 2 ? `${clauses.slice(0, -1).join(', ')}, and ${clauses[clauses.length - 1]}` : clauses.join(' and ');
  const offersSentence = clauses.length > 0 ? `${joined}${audience}.` : `${audience ? vocabulary.does.replace(/\s+for\s+.*$/, '') : vocabulary.does}${audience}.`;
  const plainGroups = new Map<string, string[]>();
  for (const offering of sellable) plainGroups.set(offering.verb, [...(plainGroups.get(offering.verb) ?? []), offering.object]);
  const offersPlain = sellable.length > 0 && sellable.every((offering) => !/s$/.test(offering.verb) || offering.weVerb.startsWith('help'))
    ? [...plainGroups].map(([verb, objects]) => `${verb} ${listOf(objects)}`).join(' and ')
    : 'get more done with less effort';
  const primary = sellable.find((offering) => offering.category === 'product') ?? (brief.kind === 'software' || brief.kind === 'trades' ? sellable[0] : undefined);
  const place = brief.place;
  return {
    brief,
    vocabulary,
    locale,
    name,
    nounPhrase,
    offerings,
    slots: {
      name,
      place: place ?? 'town',
      inPlace: place ? ` in ${place}` : '',
      noun: nounPhrase,
      aNoun: article(nounPhrase),
      offersSentence,
      offersPlain,
      audience: brief.audience ?? (brief.kind === 'software' ? 'small teams' : 'people like you'),
      offer: primary ? primary.object : '',
      Offer: primary ? capitalise(primary.object) : '',
      weOffer: primary ? `${primary.verb.replace(/s$/, '')} ${primary.object}` : '',
    },
  };
}

/** `{slot}` filled; a template with a slot the facts lack is not used (`null`). */
function fill(template: string, slots: Record<string, string>, extra: Record<string, string> = {}): string | null {
  let missing = false;
  const filled = template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = extra[key] ?? slots[key];
    if (value === undefined || value === '') {
      if (key === 'inPlace') return '';
      missing = true;
      return '';
    }
    return value;
  });
  return missing ? null : capitalise(filled.replace(/\s+([,.])/g, '$1').replace(/\s{2,}/g, ' ').trim());
}

function fillFirst(templates: readonly string[], facts: SiteFacts, random: ReturnType<typeof randomFrom>, extra: Record<string, string> = {}): string {
  const usable = templates.map((template) => fill(template, facts.slots, extra)).filter((value): value is string => value !== null);
  return usable.length > 0 ? random.pick(usable) : facts.name;
}

function nameFor(brief: ParsedBrief, vocabulary: KindVocabulary): string {
  const random = randomFrom(brief.seed ^ 0x5bd1e995);
  const patterns = vocabulary.names.patterns.filter((pattern) => brief.place !== null || !pattern.includes('{Place}'));
  const pattern = random.pick(patterns);
  const first = random.pick(vocabulary.names.first);
  const second = random.pick(vocabulary.names.second.filter((word) => word !== first));
  return pattern
    .replace('{A}', first)
    .replace('{B}', second)
    .replace('{b}', second.toLowerCase())
    .replace('{Place}', brief.place ?? '')
    .replace(/\s+/g, ' ')
    .replace(/(\w) ly$/, '$1ly')
    .trim();
}

function tunedPalette(palette: Palette, seed: number): Palette {
  // A small turn of the hue per brief, so two sites of the same kind do not share their colours exactly.
  const turn = ((seed % 13) - 6) * 1.2;
  const rotate = (color: string) => {
    const hsl = toHsl(color);
    return fromHsl({ ...hsl, h: hsl.h + turn });
  };
  return { ...palette, primary: rotate(palette.primary), accent: rotate(palette.accent) };
}

// ---------------------------------------------------------------------------------------------
// The outline

type PagePlan = SiteOutline['pages'][number];

const visualKinds = new Set(['bakery', 'cafe', 'restaurant', 'photography', 'agency', 'florist', 'architect', 'salon', 'bookshop', 'fitness']);

function learningPageTitle(offering: Offering): { slug: string; title: string } {
  const word = /\b(class(?:es)?|workshops?|courses?|lessons?|retreats?|sessions?|masterclass(?:es)?|bootcamps?|tutoring|training)\b/i.exec(offering.object)?.[1]?.toLowerCase();
  const plural = word ? (/(class|session|course|lesson|retreat|workshop|bootcamp|masterclass)$/.test(word) ? `${word}${word.endsWith('s') ? 'es' : 's'}` : word) : 'classes';
  return { slug: slugify(plural), title: capitalise(plural) };
}

function sectionsForPage(slug: string, facts: SiteFacts, random: ReturnType<typeof randomFrom>): SectionType[] {
  const visual = visualKinds.has(facts.brief.kind) && facts.vocabulary.gallery.length > 0;
  if (/^(portfolio|work|projects)$/.test(slug)) return ['hero', 'gallery', 'testimonials', 'cta', 'footer'];
  if (slug === 'weddings') return ['hero', 'gallery', 'services', 'testimonials', 'cta', 'footer'];
  if (slug === 'events') return visual ? ['hero', 'services', 'gallery', 'cta', 'footer'] : ['hero', 'services', 'faq', 'cta', 'footer'];
  if (slug === 'menu') return random.next() < 0.5 ? ['hero', 'services', 'gallery', 'cta', 'footer'] : ['hero', 'services', 'testimonials', 'cta', 'footer'];
  if (slug === 'pricing') return ['hero', 'services', 'faq', 'cta', 'footer'];
  if (slug === 'about') return visual ? ['richText', 'gallery', 'testimonials', 'cta', 'footer'] : ['richText', 'features', 'testimonials', 'cta', 'footer'];
  if (slug === 'contact') return ['contact', 'faq', 'footer'];
  return ['hero', 'services', 'faq', 'cta', 'footer'];
}

/** The site's plan for a brief: name, tagline, palette, fonts and pages with their sections. */
export function outlineFromBrief(briefText: string): SiteOutline {
  const facts = factsOf(briefText, null);
  const { brief, vocabulary } = facts;
  const random = randomFrom(brief.seed);
  const palette = tunedPalette(random.pick(vocabulary.palettes), brief.seed);
  const fontPairing = random.pick(vocabulary.fonts);
  const radius = random.pick(vocabulary.radius);
  const mode = random.next() < vocabulary.darkChance ? 'dark' : 'light';

  const pages: PagePlan[] = [];
  const add = (slug: string, title: string, description: string) => {
    if (!pages.some((page) => page.slug === slug)) pages.push({ slug, title, description: fit(description, 160), sections: sectionsForPage(slug, facts, random) });
  };
  for (const offering of facts.offerings.filter((entry) => entry.category === 'learning').slice(0, 1)) {
    const { slug, title } = learningPageTitle(offering);
    add(slug, title, `${capitalise(offering.object)} at ${facts.name}${facts.slots.inPlace}: what you’ll learn, dates and prices.`);
  }
  if (vocabulary.extraPage) add(vocabulary.extraPage.slug, vocabulary.extraPage.title, vocabulary.extraPage.description);
  if (facts.offerings.some((entry) => entry.category === 'event')) add('events', 'Events', `What’s coming up at ${facts.name}.`);
  if (pages.length < 3) add('about', 'About', `The story of ${facts.name}, and the people behind it.`);
  add('contact', 'Contact', `How to reach ${facts.name}${facts.slots.inPlace}, with opening hours and a contact form.`);

  const visual = visualKinds.has(brief.kind) && vocabulary.gallery.length > 0;
  const home: SectionType[] = ['hero', 'features'];
  if (visual && /photography|agency|architect/.test(brief.kind)) home.push('gallery', 'services');
  else if (visual) home.push('services', 'gallery');
  else home.push('services');
  home.push('testimonials');
  if (!visual || random.next() < 0.4) home.push('faq');
  home.push('cta', 'footer');
  const tagline = fit(
    facts.offerings.length > 0
      ? `${capitalise(listOf(facts.offerings.filter((entry) => entry.category !== 'feature').slice(0, 3).map((entry) => entry.object)) || facts.nounPhrase)}${facts.slots.inPlace}`
      : `${capitalise(facts.nounPhrase)}${facts.slots.inPlace}`,
    140,
  );
  const outline: SiteOutline = {
    businessName: fit(facts.name, 60),
    tagline,
    language: 'en',
    palette,
    fontPairing,
    radius,
    mode,
    pages: [{ slug: homeSlug, title: 'Home', description: fit(`${facts.name}: ${lowerFirst(tagline)}. ${fillFirst(vocabulary.ctaBodies, facts, random)}`, 160), sections: home }, ...pages].slice(0, 6),
  };
  return siteOutlineSchema.parse(outline);
}

// ---------------------------------------------------------------------------------------------
// Sections

interface SectionWriting {
  facts: SiteFacts;
  outline: SiteOutline;
  page: PagePlan;
  random: ReturnType<typeof randomFrom>;
  index: number;
}

/** Where "get in touch" goes from this page: the contact section on it, or the contact page. */
function contactHref(writing: SectionWriting): string {
  if (writing.page.sections.includes('contact')) return '#contact';
  const page = writing.outline.pages.find((entry) => entry.sections.includes('contact'));
  return page ? `/${page.slug}` : '#contact';
}

function pageHrefFor(outline: SiteOutline, slug: string): string | null {
  return outline.pages.some((page) => page.slug === slug) ? `/${slug}` : null;
}

/** The page this section is on is about one of the brief's offerings ("classes" → "weekend baking classes"). */
function offeringOfPage(writing: SectionWriting): Offering | null {
  const slug = writing.page.slug;
  if (slug === homeSlug) return null;
  return (
    writing.facts.offerings.find(
      (offering) =>
        (offering.category === 'learning' && learningPageTitle(offering).slug === slug) ||
        (offering.category !== 'feature' && slugify(offering.object) === slug) ||
        (slug === 'events' && offering.category === 'event'),
    ) ?? null
  );
}

function priceFor(offering: Offering, facts: SiteFacts, random: ReturnType<typeof randomFrom>, factor = 1): string | null {
  const range = facts.vocabulary.prices[offering.category] ?? facts.vocabulary.prices.service;
  if (!range) return null;
  const [min, max, format] = range;
  if (max === 0) return format.includes('{price}') ? null : format;
  const raw = (min + random.next() * (max - min)) * factor;
  const amount = raw < 10 ? Math.round(raw * 2) / 2 : raw < 100 ? Math.round(raw) : raw < 1000 ? Math.round(raw / 10) * 10 : Math.round(raw / 50) * 50;
  return fit(format.replace('{price}', formatPrice(amount, facts.locale)), 40);
}

const productDetails: Partial<Record<string, string[]>> = {
  bakery: ['Baked fresh every morning'],
  cafe: ['Made to order'],
  restaurant: ['Cooked to order'],
  florist: ['Seasonal stems'],
};

function detailsFor(offering: Offering, kind: string): string[] {
  const text = offering.object.toLowerCase();
  const details: string[] = [];
  if (offering.category === 'learning') {
    if (/weekend/.test(text)) details.push('Saturdays and Sundays');
    else if (/evening/.test(text)) details.push('Weekday evenings');
    if (/kid|child|teen/.test(text)) details.push('Ages 6 to 14');
    details.push('Small groups', 'Everything provided');
  } else if (offering.category === 'event') details.push('Limited places', 'Dates announced monthly');
  else if (offering.category === 'product') details.push(...(productDetails[kind] ?? []));
  else details.push('Clear price before we start');
  if (/24\/7|emergenc/.test(text)) details.unshift('Day and night');
  return details.slice(0, 3);
}

function offeringItem(offering: Offering, writing: SectionWriting, badge: string | null, action: Link | null): SectionProps<'services'>['items'][number] {
  const { facts } = writing;
  const template = facts.vocabulary.describe[offering.category] ?? facts.vocabulary.describe.service ?? '{Offer}.';
  return {
    name: fit(offeringName(offering), 80),
    description: fit(fill(template, facts.slots, { offer: offering.object, Offer: capitalise(offering.object), Verb: capitalise(offering.verb.replace(/s$/, '')), weVerb: offering.weVerb }) ?? capitalise(offering.object), 300),
    price: priceFor(offering, facts, writing.random),
    badge,
    details: detailsFor(offering, facts.brief.kind),
    action,
  };
}

function productItem(product: Product, writing: SectionWriting, badge: string | null, action: Link | null): SectionProps<'services'>['items'][number] {
  const { facts } = writing;
  const price = product.price === null ? null : product.price === 0 && !product.priceFormat.includes('{price}') ? product.priceFormat : product.priceFormat.replace('{price}', formatPrice(product.price, facts.locale));
  return { name: product.name, description: fill(product.description, facts.slots) ?? product.description, price: price === null ? null : fit(price, 40), badge, details: product.details.slice(0, 6), action };
}

/** The first page after home that is neither about nor contact: the menu, the classes, the pricing. */
function featuredPage(writing: SectionWriting): PagePlan | null {
  return writing.outline.pages.find((entry) => entry.slug !== homeSlug && !/^(about|contact)$/.test(entry.slug) && entry.slug !== writing.page.slug) ?? null;
}

/**
 * The two buttons of a hero or a call to action: the kind's main action ("Book a table" goes to
 * contact, "See the menu" to the featured page), and the other way in.
 */
function mainActions(writing: SectionWriting): { primaryAction: Link; secondaryAction: Link | null } {
  const { facts, outline } = writing;
  const contact = contactHref(writing);
  const featured = featuredPage(writing);
  const label = facts.vocabulary.primaryAction;
  const browsing = /^(see|view|browse|explore)\b/i.test(label);
  const learning = facts.offerings.find((offering) => offering.category === 'learning');
  const learningPage = learning ? pageHrefFor(outline, learningPageTitle(learning).slug) : null;
  if (browsing) {
    if (learning && learningPage && featured && `/${featured.slug}` !== learningPage) {
      return { primaryAction: { label, href: pageHrefFor(outline, facts.vocabulary.extraPage?.slug ?? '') ?? contact }, secondaryAction: { label: `Book ${article(singular(learningPageTitle(learning).title.toLowerCase()))}`, href: learningPage } };
    }
    return { primaryAction: { label, href: featured ? `/${featured.slug}` : contact }, secondaryAction: { label: 'Get in touch', href: contact } };
  }
  const secondary = featured ? { label: `See ${featured.title.toLowerCase()}`, href: `/${featured.slug}` } : pageHrefFor(outline, 'about') ? { label: 'Our story', href: '/about' } : null;
  return { primaryAction: { label, href: contact }, secondaryAction: secondary };
}

function writeHero(writing: SectionWriting): SectionProps<'hero'> {
  const { facts, outline, page, random } = writing;
  const { vocabulary } = facts;
  const contact = contactHref(writing);
  if (page.slug === homeSlug) {
    const { primaryAction, secondaryAction } = mainActions(writing);
    const split = random.next() < 0.75 || visualKinds.has(facts.brief.kind);
    return {
      eyebrow: fit(`${facts.brief.kind === 'generic' || facts.brief.kind === 'software' ? vocabulary.label : capitalise(facts.nounPhrase)}${facts.brief.place ? ` · ${facts.brief.place}` : ''}`, 80),
      heading: fit(fillFirst(vocabulary.heroHeadings, facts, random), 120),
      subheading: fit(fillFirst(vocabulary.heroLeads, facts, random), 400),
      primaryAction,
      secondaryAction,
      image: split ? { url: artwork({ palette: outline.palette, motif: vocabulary.motif, seed: facts.brief.seed, withMotif: true }), alt: vocabulary.gallery[0]?.alt ?? `${facts.name}${facts.slots.inPlace}` } : null,
      layout: split ? 'split' : 'centered',
    };
  }
  const offering = offeringOfPage(writing);
  const headings: Record<string, string> = {
    menu: `The ${facts.name} menu`,
    pricing: 'Plans for teams of every size',
    events: `What’s on at ${facts.name}`,
    portfolio: 'Selected work',
    work: 'Selected work',
    projects: 'Selected projects',
    weddings: 'Flowers for your wedding day',
  };
  const heading = offering ? `${offeringName(offering)}${facts.slots.inPlace}` : (headings[page.slug] ?? page.title);
  return {
    eyebrow: fit(offering ? page.title : facts.name, 80),
    heading: fit(heading, 120),
    subheading: fit(offering ? (fill(vocabulary.describe[offering.category] ?? '{Offer}.', facts.slots, { offer: offering.object, Offer: capitalise(offering.object), Verb: capitalise(offering.verb), weVerb: offering.weVerb }) ?? page.description) : page.description || fillFirst(vocabulary.ctaBodies, facts, random), 400),
    primaryAction: { label: offering?.category === 'learning' ? 'Book a place' : offering?.category === 'event' ? 'Reserve a seat' : /^(see|view|browse|explore)\b/i.test(vocabulary.primaryAction) ? 'Get in touch' : vocabulary.primaryAction, href: contact },
    secondaryAction: null,
    image: null,
    layout: 'centered',
  };
}

function writeFeatures(writing: SectionWriting): SectionProps<'features'> {
  const { facts, random } = writing;
  // The brief's own features first ("a rooftop terrace"); a product's abilities are its features ("manage reservations").
  const software = facts.brief.kind === 'software';
  const softwareIcons = ['calendar', 'users', 'chart', 'check', 'clock'] as const;
  const own = facts.offerings
    .filter((offering) => offering.category === 'feature' || (software && offering.category !== 'event'))
    .map((offering, at) => ({
      icon: software ? softwareIcons[at % softwareIcons.length]! : facts.vocabulary.motif,
      title: fit(offering.category === 'feature' ? capitalise(offering.object) : offeringName(offering), 80),
      body: fit(fill(facts.vocabulary.describe[offering.category] ?? 'A {offer} for everyone.', facts.slots, { offer: offering.object, Offer: capitalise(offering.object), Verb: capitalise(offering.verb.replace(/s$/, '')), weVerb: offering.weVerb }) ?? '', 300),
    }));
  const count = random.next() < 0.5 ? 3 : 6;
  const items = [...own, ...random.shuffle(facts.vocabulary.features)].slice(0, Math.max(3, count));
  const intro = random.next() < 0.6 ? fit(random.pick([`What you can count on at ${facts.name}, every time.`, 'A few things we never compromise on.', `The small things that make ${facts.name} what it is.`]), 400) : null;
  return { heading: fit(random.pick(facts.vocabulary.featuresHeadings), 120), intro, items: items.map((item) => ({ ...item, body: fill(item.body, facts.slots) ?? item.body })) };
}

function writeServices(writing: SectionWriting): SectionProps<'services'> {
  const { facts, page, random } = writing;
  const { vocabulary } = facts;
  const contact = contactHref(writing);
  const offering = offeringOfPage(writing);
  if (offering?.category === 'event') {
    // A page about events: the next ones, a private one, tickets as a gift.
    const unit = singular(offering.object.split(' ').pop()!);
    const next = offeringItem(offering, writing, 'Next up', { label: 'Reserve a seat', href: contact });
    return {
      heading: 'What’s coming up',
      intro: fit(`New dates for our ${offering.object} are announced every month. Places are limited, so book early.`, 400),
      items: [
        next,
        { name: 'Private events', description: fit(`Host your own ${unit} at ${facts.name}: we’ll help with the guest list, the room and every detail.`, 300), price: null, badge: null, details: ['Up to 40 guests', 'Evenings and weekends'], action: { label: 'Ask for a date', href: contact } },
        { name: 'Gift tickets', description: fit(`Tickets to our ${offering.object} make a present people remember.`, 300), price: next.price, badge: null, details: ['Valid for 12 months'], action: { label: 'Buy tickets', href: contact } },
      ],
    };
  }
  if (offering) {
    // A page about one offering: the offering itself, a private version and a gift.
    const book: Link = { label: offering.category === 'learning' ? 'Book a place' : 'Ask us', href: contact };
    const base = offeringItem(offering, writing, 'Most popular', book);
    const unit = singular(learningPageTitle(offering).title.toLowerCase());
    return {
      heading: fit(`${capitalise(learningPageTitle(offering).title)} and prices`, 120),
      intro: fit(`Everything you need to know about ${offering.object} at ${facts.name}.`, 400),
      items: [
        base,
        { name: fit(`Private ${unit}`, 80), description: fit(`The same ${unit}, just for you and your friends or colleagues: pick a date and we’ll plan it around you.`, 300), price: priceFor(offering, facts, randomFrom(facts.brief.seed ^ 7), 3.5), badge: null, details: ['2 to 8 people', 'Your choice of date'], action: { label: 'Ask for a date', href: contact } },
        { name: fit(`Gift ${article(unit)}`, 80), description: fit(`A voucher for ${offering.object}, valid for a year. A present people actually remember.`, 300), price: base.price, badge: null, details: ['Valid for 12 months', 'Sent by email or post'], action: { label: 'Buy a voucher', href: contact } },
      ],
    };
  }
  const own = facts.offerings.filter((entry) => entry.category !== 'feature');
  const pricingPage = page.slug !== homeSlug;
  const words = (text: string) => new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 3).map(singular));
  const ownWords = new Set(own.flatMap((entry) => [...words(entry.object)]));
  const products = vocabulary.products.filter((product) => ![...words(product.name)].some((word) => ownWords.has(word)));
  const software = facts.brief.kind === 'software';
  const wanted = pricingPage ? Math.min(6, Math.max(3, own.length + products.length)) : software ? 3 : Math.min(4, Math.max(3, own.length));
  const items: SectionProps<'services'>['items'] = [];
  if (!software) for (const [at, entry] of own.entries()) items.push(offeringItem(entry, writing, at === 0 && !software ? (entry.category === 'learning' ? 'Popular' : 'Signature') : null, null));
  for (const product of products) {
    if (items.length >= wanted) break;
    items.push(productItem(product, writing, null, null));
  }
  if (software) {
    // Pricing plans: the middle one is the one most teams pick.
    const plans = vocabulary.products.map((product, at) => productItem(product, writing, at === 1 ? 'Most popular' : null, { label: at === 2 ? 'Talk to us' : 'Start free trial', href: contact }));
    return { heading: vocabulary.servicesHeading, intro: vocabulary.servicesIntro, items: plans };
  }
  return {
    heading: fit(pricingPage || own.length === 0 || new Set(own.map((entry) => entry.weVerb)).size > 1 ? vocabulary.servicesHeading : random.pick([vocabulary.servicesHeading, `What we ${own[0]!.weVerb}`]), 120),
    intro: fit(vocabulary.servicesIntro, 400),
    items: items.slice(0, 8),
  };
}

function writeTestimonials(writing: SectionWriting): SectionProps<'testimonials'> {
  const { facts, random } = writing;
  const own = facts.offerings.find((offering) => offering.category !== 'feature');
  const quotes: Record<string, string> = {
    learning: 'I signed up for the {offer} on a whim and came home with new skills, new friends and a new favourite weekend.',
    product: 'Their {offer} is the best I’ve found{inPlace}, and believe me, I’ve tried them all.',
    service: 'They took care of our {offer} quickly and carefully, exactly as promised, and the price didn’t change.',
    event: 'The {offer} are the highlight of my month. Warm, clever and always a little surprising.',
  };
  if (facts.brief.kind === 'software') quotes['service'] = 'Keeping on top of {offer} used to take us hours every week. With {name} it takes minutes.';
  const fromBrief = own && quotes[own.category] ? [{ quote: fill(quotes[own.category]!, facts.slots, { offer: own.object })!, role: own.category === 'learning' ? `${capitalise(singular(learningPageTitle(own).title.toLowerCase()))} student` : 'Customer' }] : [];
  const chosen = [...fromBrief, ...random.shuffle(facts.vocabulary.testimonials)].slice(0, 3);
  const people = random.shuffle(facts.locale.names);
  return {
    heading: random.pick(['What people say', 'Kind words', `Why people love ${facts.name}`, 'In their words']).slice(0, 120),
    items: chosen.map((item, at) => ({ quote: fit(fill(item.quote, facts.slots) ?? item.quote, 400), author: people[at % people.length]!, role: item.role })),
  };
}

function writeGallery(writing: SectionWriting): SectionProps<'gallery'> {
  const { facts, outline, random, index } = writing;
  const captions =
    facts.vocabulary.gallery.length > 0
      ? random.shuffle(facts.vocabulary.gallery)
      : [
          { caption: 'Our space', alt: `Inside ${facts.name}` },
          { caption: 'The team', alt: `The team at ${facts.name}` },
          { caption: 'Behind the scenes', alt: 'Work in progress' },
          { caption: 'Details', alt: 'A close-up of our work' },
        ];
  const count = captions.length >= 6 && random.next() < 0.6 ? 6 : Math.min(3, captions.length);
  const seed = hashText(`${facts.brief.seed}:${writing.page.slug}:${index}`);
  return {
    heading: fit(random.pick(/photography|agency|architect/.test(facts.brief.kind) ? ['Selected work', 'Recent projects', 'A few favourites'] : writing.page.slug === homeSlug ? ['A look inside', 'Take a look', `Life at ${facts.name}`] : ['Gallery', 'A closer look', 'In pictures']), 120),
    intro: random.next() < 0.5 ? fit(`A few moments from ${facts.name}${facts.slots.inPlace}.`, 400) : null,
    items: captions.slice(0, count).map((entry, at) => ({
      image: { url: artwork({ palette: outline.palette, motif: facts.vocabulary.motif, seed: seed + at * 7919, style: artworkStyles[(seed + at) % artworkStyles.length]!, withMotif: at % 3 === 1 }), alt: entry.alt },
      caption: entry.caption,
    })),
  };
}

function writeFaq(writing: SectionWriting): SectionProps<'faq'> {
  const { facts, random } = writing;
  const questions: Record<string, { question: string; answer: string }> = {
    learning: { question: 'Do I need any experience for the {offer}?', answer: 'Not at all. Our {offer} are made for complete beginners as well as people who want to go further, and everything you need is provided.' },
    product: { question: 'Can I order {offer} in advance?', answer: 'Yes. Send us a message by the day before and we’ll have it ready for you, with your name on it.' },
    event: { question: 'How do I hear about upcoming {offer}?', answer: 'Send us a message and we’ll add you to our list. We announce new dates about a month ahead, and places go quickly.' },
    service: { question: 'How soon can you help with {offer}?', answer: 'Usually within the week. Get in touch and we’ll give you a date and a clear price before anything starts.' },
  };
  if (facts.brief.kind === 'software') questions['service'] = { question: 'Can {name} handle {offer}?', answer: 'Yes. {Verb} {offer} from the web app or your phone, and everything stays in sync for the whole team.' };
  const offering = offeringOfPage(writing) ?? facts.offerings.find((entry) => entry.category !== 'feature');
  const own = offering && questions[offering.category] ? [questions[offering.category]!] : [];
  const onContactPage = writing.page.sections.includes('contact');
  const where = facts.brief.place
    ? [{ question: 'Where can we find you?', answer: `We’re in ${facts.brief.place}. ${onContactPage ? 'Send us a message with the form on this page and we’ll tell you exactly how to get here.' : 'The address, opening hours and a contact form are on our contact page.'}` }]
    : [];
  const chosen = [...own, ...random.shuffle(facts.vocabulary.faq).slice(0, 3), ...where].slice(0, 5);
  return {
    heading: random.pick(['Questions, answered', 'Frequently asked questions', 'Good to know']),
    intro: null,
    items: chosen.map((item) => ({
      question: fit(fill(item.question, facts.slots, { offer: offering?.object ?? '', Verb: capitalise(offering?.verb.replace(/s$/, '') ?? '') }) ?? item.question, 200),
      answer: fit(fill(item.answer, facts.slots, { offer: offering?.object ?? '', Verb: capitalise(offering?.verb.replace(/s$/, '') ?? '') }) ?? item.answer, 800),
    })),
  };
}

function writeCta(writing: SectionWriting): SectionProps<'cta'> {
  const { facts, random } = writing;
  const actions = mainActions(writing);
  const onContactPage = writing.page.sections.includes('contact');
  return {
    heading: fit(random.pick(facts.vocabulary.ctaHeadings), 120),
    body: fit(fill(random.pick(facts.vocabulary.ctaBodies), facts.slots) ?? '', 300) || null,
    primaryAction: actions.primaryAction,
    secondaryAction: onContactPage ? null : actions.secondaryAction,
  };
}

function writeContact(writing: SectionWriting): SectionProps<'contact'> {
  const { facts, random } = writing;
  return {
    heading: random.pick(['Get in touch', 'Say hello', 'Contact us', 'Send us a message']),
    intro: fit(facts.vocabulary.contactIntro, 400),
    email: null,
    phone: null,
    address: facts.brief.place ? fit(`${facts.name}\n${facts.brief.place}`, 200) : null,
    hours: facts.vocabulary.hours,
    form: {
      nameLabel: 'Your name',
      emailLabel: 'Email',
      messageLabel: random.pick(['How can we help?', 'Your message', 'What would you like to know?']),
      submitLabel: 'Send message',
      successMessage: `Thank you! Your message is on its way to ${fit(facts.name, 80)}, and we’ll reply soon.`,
      errorMessage: 'Sorry, your message could not be sent. Please try again in a moment.',
    },
  };
}

function writeRichText(writing: SectionWriting): SectionProps<'richText'> {
  const { facts, random } = writing;
  const paragraphs = facts.vocabulary.story.map((paragraph) => fill(paragraph, facts.slots) ?? paragraph);
  const own = facts.offerings.filter((entry) => entry.category !== 'feature');
  const list = own.length > 0 ? `## What you’ll find here\n\n${own.map((entry) => `- **${offeringName(entry)}**: ${lowerFirst(fill(facts.vocabulary.describe[entry.category] ?? '{Offer}.', facts.slots, { offer: entry.object, Offer: capitalise(entry.object), Verb: capitalise(entry.verb), weVerb: entry.weVerb }) ?? entry.object)}`).join('\n')}` : '';
  const body = [paragraphs[0], paragraphs[1], list, paragraphs[2]].filter(Boolean).join('\n\n');
  return { heading: random.pick([`The story of ${facts.name}`, 'Our story', `About ${facts.name}`]).slice(0, 120), body: fit(body, 8000) };
}

function writeFooter(writing: SectionWriting): SectionProps<'footer'> {
  const { facts, outline } = writing;
  return {
    tagline: fit(outline.tagline, 200),
    links: outline.pages.filter((page) => page.slug !== homeSlug).slice(0, 8).map((page) => ({ label: page.title, href: `/${page.slug}` })),
    legal: fit(`© ${facts.name}${facts.brief.place ? ` · ${facts.brief.place}` : ''}`, 200),
  };
}

const writers: { [T in SectionType]: (writing: SectionWriting) => SectionProps<T> } = {
  hero: writeHero,
  features: writeFeatures,
  services: writeServices,
  testimonials: writeTestimonials,
  gallery: writeGallery,
  faq: writeFaq,
  cta: writeCta,
  contact: writeContact,
  richText: writeRichText,
  footer: writeFooter,
};

/** One section's props, written for the brief, the outline and the page it goes on. */
export function sectionFromBrief(request: SectionRequest): SectionProps {
  const { brief, outline, pageSlug, type, index } = request;
  const facts = factsOf(brief, outline.businessName);
  const page = outline.pages.find((entry) => entry.slug === pageSlug) ?? { slug: pageSlug, title: capitalise(pageSlug || 'Home'), description: '', sections: [type] };
  const random = randomFrom(hashText(`${facts.brief.seed}:${pageSlug}:${type}:${index}`));
  const props = writers[type]({ facts, outline, page, random, index });
  return sectionPropsSchemas[type].parse(props);
}

/** A whole site, offline: the outline, then every section, assembled. */
export function generateSiteLocally(brief: string, newId?: () => string): SiteDocument {
  const outline = outlineFromBrief(brief);
  const sections = outline.pages.map((page) => page.sections.map((type, index) => sectionFromBrief({ brief, outline, pageSlug: page.slug, type, index })));
  return documentFromOutline({ outline, sections, ...(newId ? { newId } : {}) });
}

// ---------------------------------------------------------------------------------------------
// Rewriting one section

const contractions: [RegExp, string][] = [
  [/\bdo not\b/gi, 'don’t'],
  [/\bdoes not\b/gi, 'doesn’t'],
  [/\bcannot\b/gi, 'can’t'],
  [/\bwill not\b/gi, 'won’t'],
  [/\bit is\b/gi, 'it’s'],
  [/\bwe are\b/gi, 'we’re'],
  [/\byou are\b/gi, 'you’re'],
  [/\bwe will\b/gi, 'we’ll'],
  [/\byou will\b/gi, 'you’ll'],
  [/\bthat is\b/gi, 'that’s'],
  [/\bwe have\b/gi, 'we’ve'],
];

const casualToFormal: [RegExp, string][] = [
  [/\bgrab\b/gi, 'get'],
  [/\bawesome\b/gi, 'excellent'],
  [/\bfolks\b/gi, 'everyone'],
  [/\bkids\b/gi, 'children'],
  [/\bpop in\b/gi, 'visit'],
  [/\bdrop by\b/gi, 'visit'],
  [/\bsay hello\b/gi, 'contact us'],
  [/\bhey\b/gi, 'hello'],
  [/\bloads of\b/gi, 'many'],
];

const keepCase = (original: string, replacement: string) => (/^\p{Lu}/u.test(original) ? capitalise(replacement) : replacement);

const sentencesOf = (text: string) => text.match(/[^.!?]+[.!?]*/g)?.map((sentence) => sentence.trim()).filter(Boolean) ?? [text];

type TextEdit = (text: string, key: string) => string;

/** Fields that hold words (not addresses, icons or choices). */
const untouchedKeys = new Set(['href', 'url', 'icon', 'layout', 'email', 'phone', 'price', 'hours', 'address']);

function mapText(value: unknown, edit: TextEdit, key = ''): unknown {
  if (typeof value === 'string') return untouchedKeys.has(key) || value === '' ? value : edit(value, key);
  if (Array.isArray(value)) return value.map((entry) => mapText(entry, edit, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([name, entry]) => [name, mapText(entry, edit, name)]));
  return value;
}

const longTextKeys = new Set(['subheading', 'intro', 'body', 'description', 'answer', 'quote', 'tagline']);

function shorten(props: SectionProps): SectionProps {
  const edited = mapText(props, (text, key) => {
    if (!longTextKeys.has(key)) return text;
    if (key === 'body' && text.includes('\n')) {
      const blocks = text.split(/\n\s*\n/);
      return blocks.slice(0, Math.max(1, Math.ceil(blocks.length / 2))).join('\n\n');
    }
    const first = sentencesOf(text)[0] ?? text;
    return first.replace(/\b(really|very|actually|just|quite|simply)\s+/gi, '');
  }) as Record<string, unknown>;
  // Lists keep at least three entries (or what the schema's minimum is).
  for (const [key, value] of Object.entries(edited)) {
    if (Array.isArray(value) && value.length > 3 && key !== 'links' && key !== 'details') edited[key] = value.slice(0, Math.max(3, Math.ceil(value.length * 0.6)));
  }
  // Already one short sentence everywhere: leave out the optional line.
  if (JSON.stringify(edited) === JSON.stringify(props)) {
    const optional = ['intro', 'tagline', 'subheading', 'eyebrow'].find((key) => typeof edited[key] === 'string');
    if (optional) edited[optional] = null;
  }
  return edited as SectionProps;
}

function formal(props: SectionProps): SectionProps {
  return mapText(props, (text, key) => {
    if (key === 'legal' && !/rights reserved/i.test(text)) return `${text.replace(/[.\s]+$/, '')}. All rights reserved.`;
    let out = text;
    for (const [long, short] of contractions) {
      const pattern = new RegExp(short.replace('’', '[’\']'), 'gi');
      out = out.replace(pattern, (match) => keepCase(match, long.source.replace(/\\b/g, '')));
    }
    for (const [casual, proper] of casualToFormal) out = out.replace(casual, (match) => keepCase(match, proper));
    return out.replace(/!+/g, '.');
  }) as SectionProps;
}

function friendly(props: SectionProps, random: ReturnType<typeof randomFrom>): SectionProps {
  const warm = random.pick(['We’d love to see you.', 'Come and say hello!', 'We can’t wait to meet you.', 'You’re always welcome here.']);
  let added = false;
  return mapText(props, (text, key) => {
    let out = text;
    for (const [long, short] of contractions) out = out.replace(long, (match) => keepCase(match, short));
    if (!added && (key === 'subheading' || key === 'intro' || key === 'body' || key === 'tagline') && !out.includes(warm)) {
      added = true;
      out = `${out.replace(/\s+$/, '')} ${warm}`;
    }
    return out;
  }) as SectionProps;
}

/** What to mention: "mention our vegan range" → "our vegan range". */
function topicOf(instruction: string): string | null {
  const match = /\b(?:mention|mentions|include|including|add|adding|highlight|talk about|focus on|about|feature|promote|emphasi[sz]e)\s+(?:that\s+)?(?:the\s+fact\s+that\s+)?(.{3,80}?)(?:[.!?]|$)/i.exec(instruction);
  return match ? match[1]!.replace(/^(?:a|an|the)\s+(?=\w)/i, (article) => article).trim() : null;
}

function mention(section: Section, topic: string): SectionProps {
  const Topic = capitalise(topic);
  const sentence = `Ask us about ${topic.replace(/^our\s+/i, 'our ')}.`;
  const props = structuredClone(section.props) as Record<string, unknown>;
  switch (section.type) {
    case 'features': {
      const items = props['items'] as SectionProps<'features'>['items'];
      props['items'] = [{ icon: 'sparkle', title: fit(Topic, 80), body: fit(`${Topic}: something we’re proud of, and one more reason to visit.`, 300) }, ...items].slice(0, 9);
      break;
    }
    case 'services': {
      const items = props['items'] as SectionProps<'services'>['items'];
      props['items'] = [{ name: fit(Topic, 80), description: fit(`${Topic}, now part of what we offer. Ask us for details.`, 300), price: null, badge: 'New', details: [], action: null }, ...items].slice(0, 8);
      break;
    }
    case 'faq': {
      const items = props['items'] as SectionProps<'faq'>['items'];
      props['items'] = [{ question: fit(`Do you offer ${topic}?`, 200), answer: fit(`Yes! ${Topic} is one of the things we’re proudest of. Send us a message and we’ll tell you everything.`, 800) }, ...items].slice(0, 12);
      break;
    }
    case 'testimonials': {
      const items = props['items'] as SectionProps<'testimonials'>['items'];
      props['items'] = [{ quote: fit(`I came for ${topic} and it exceeded every expectation. I’ve told all my friends.`, 400), author: 'A happy customer', role: null }, ...items].slice(0, 6);
      break;
    }
    case 'gallery': {
      props['intro'] = fit(`${(props['intro'] as string | null) ?? ''} Featuring ${topic}.`.trim(), 400);
      break;
    }
    case 'footer': {
      props['tagline'] = fit(`${(props['tagline'] as string | null) ?? ''} · ${Topic}`.replace(/^ · /, ''), 200);
      break;
    }
    case 'richText': {
      props['body'] = fit(`${props['body'] as string}\n\n## ${Topic}\n\n${sentence}`, 8000);
      break;
    }
    default: {
      const key = section.type === 'hero' ? 'subheading' : section.type === 'cta' ? 'body' : 'intro';
      const max = key === 'body' ? 300 : 400;
      props[key] = fit(`${(props[key] as string | null) ?? ''} ${sentence}`.trim(), max);
    }
  }
  return props as SectionProps;
}

/**
 * The local provider's `site.section.rewrite`: the same section (id and type), changed in the
 * direction of the instruction: shorter, longer, more formal, friendlier, mentioning something,
 * a new heading; anything else rewrites it afresh from the brief in another variation.
 */
export function rewriteSectionLocally(request: SectionRewriteRequest): Section {
  const { section, instruction, brief } = request;
  const wish = instruction.toLowerCase();
  const random = randomFrom(hashText(`${section.id}:${instruction}`));
  const schema = sectionPropsSchemas[section.type];
  let props: SectionProps = section.props;
  let changed = false;

  if (/\b(short|shorter|concise|brief|less text|fewer words|trim|cut|tighter|simpler)\b/.test(wish)) {
    props = shorten(props);
    changed = true;
  }
  if (/\b(formal|professional|serious|corporate|polished)\b/.test(wish)) {
    props = formal(props);
    changed = true;
  } else if (/\b(friendl\w*|warm\w*|casual|fun|playful|welcoming|relaxed)\b/.test(wish)) {
    props = friendly(props, random);
    changed = true;
  }
  const topic = topicOf(instruction);
  if (topic) {
    props = mention({ ...section, props } as Section, topic);
    changed = true;
  }
  const before = JSON.stringify(section.props);
  if (!changed || JSON.stringify(props) === before) {
    // Nothing we know how to do (or it changed nothing): write the section again from the brief, in another variation.
    const source = brief ?? ('heading' in section.props && typeof section.props.heading === 'string' ? section.props.heading : 'a small business');
    const outline = outlineFromBrief(source);
    const page = outline.pages.find((entry) => entry.sections.includes(section.type)) ?? outline.pages[0]!;
    let fresh = sectionFromBrief({ brief: source, outline, pageSlug: page.slug, type: section.type, index: 1 + Math.floor(random.next() * 50) });
    for (let attempt = 2; JSON.stringify(fresh) === before && attempt < 6; attempt += 1) {
      fresh = sectionFromBrief({ brief: source, outline, pageSlug: page.slug, type: section.type, index: attempt * 97 });
    }
    props = JSON.stringify(fresh) === before ? friendly(fresh, random) : fresh;
  }
  return { id: section.id, type: section.type, props: schema.parse(clampToSchema(schema, props)) } as Section;
}

/** Text and lists cut to the schema's limits, where an edit made them longer. */
function clampToSchema(schema: z.ZodType, props: SectionProps): SectionProps {
  const value = structuredClone(props) as unknown;
  for (let round = 0; round < 5; round += 1) {
    const parsed = schema.safeParse(value);
    if (parsed.success) break;
    for (const issue of parsed.error.issues) {
      if (issue.code !== 'too_big' || typeof issue.maximum !== 'number') continue;
      const parentPath = issue.path.slice(0, -1);
      const key = issue.path[issue.path.length - 1];
      const parent = parentPath.reduce<unknown>((node, step) => (node as Record<PropertyKey, unknown>)[step as PropertyKey], value) as Record<PropertyKey, unknown>;
      if (key === undefined) continue;
      const current = parent[key as PropertyKey];
      if (typeof current === 'string') parent[key as PropertyKey] = fit(current, Number(issue.maximum));
      else if (Array.isArray(current)) parent[key as PropertyKey] = current.slice(0, Number(issue.maximum));
    }
  }
  return value as SectionProps;
}
