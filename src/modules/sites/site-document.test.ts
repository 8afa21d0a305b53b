import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors/app-error.ts';
import { siteDocumentSchema, type SiteDocument, type SiteOperationInput } from './contract.ts';
import { outlineFromBrief, sectionFromBrief } from './local-site-generator.ts';
import { sampleSiteDocument } from './sample-site.ts';
import { applyOperations, documentFromOutline, outlineFromDocument, upgradeDocument, upgradeDocumentWith } from './site-document.ts';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const entry of Object.values(value)) deepFreeze(entry);
    Object.freeze(value);
  }
  return value;
}

/** The sample, frozen: an operation that mutated its input would throw. */
const frozenSample = () => deepFreeze(sampleSiteDocument());

const refusal = (run: () => unknown): AppError => {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

const sectionIds = (document: SiteDocument, pageIndex = 0) => document.pages[pageIndex]!.sections.map((section) => section.id);

describe('upgradeDocument', () => {
  it('reads a current document as it is', () => {
    expect(upgradeDocument(JSON.parse(JSON.stringify(sampleSiteDocument())))).toEqual(sampleSiteDocument());
  });

  it('upcasts an older version, one version at a time, without rewriting the stored value', () => {
    // A made-up version 0 (no schemaVersion, a `title` instead of `name`, no language) read with its upcaster.
    const current = sampleSiteDocument();
    const { name, language: _language, schemaVersion: _version, ...rest } = current;
    const stored = deepFreeze({ ...rest, title: name });
    const upcasters = {
      0: (document: Record<string, unknown>) => {
        const { title, ...others } = document;
        return { ...others, name: title, language: 'en' };
      },
    };
    const upgraded = upgradeDocumentWith(stored, { upcasters, currentVersion: 1, schema: siteDocumentSchema });
    expect(upgraded).toEqual(current);
    expect(stored).not.toHaveProperty('name');
  });

  it('refuses what it cannot read, saying why', () => {
    expect(refusal(() => upgradeDocument('nope')).message).toMatch(/must be a JSON object/);
    expect(refusal(() => upgradeDocument({ ...sampleSiteDocument(), schemaVersion: 7 })).message).toMatch(/version 7, newer than this Atelier reads \(1\)/);
    expect(refusal(() => upgradeDocument({ ...sampleSiteDocument(), schemaVersion: undefined })).message).toMatch(/no way to read a site document of version 0/);
    expect(refusal(() => upgradeDocument({ ...sampleSiteDocument(), schemaVersion: '1' })).message).toMatch(/whole number/);
    const invalid = refusal(() => upgradeDocument({ ...sampleSiteDocument(), name: '' }));
    expect(invalid.code).toBe('invalid_input');
    expect(invalid.message).toMatch(/^The site document is not valid: name:/);
  });
});

describe('applyOperations', () => {
  it('sets a field, a nested field, a whole value, and appends to a list', () => {
    const document = applyOperations(frozenSample(), [
      { op: 'setField', sectionId: 'hero-1', path: 'heading', value: 'Bread worth waking up for' },
      { op: 'setField', sectionId: 'features-1', path: 'items.1.title', value: 'Flour from Alentejo' },
      { op: 'setField', sectionId: 'hero-1', path: 'secondaryAction', value: null },
      { op: 'setField', sectionId: 'faq-1', path: 'items.1', value: { question: 'Gluten-free?', answer: 'Not yet.' } },
    ]);
    const [hero, features] = document.pages[0]!.sections;
    expect(hero!.type === 'hero' && hero!.props.heading).toBe('Bread worth waking up for');
    expect(hero!.type === 'hero' && hero!.props.secondaryAction).toBeNull();
    expect(features!.type === 'features' && features!.props.items[1]!.title).toBe('Flour from Alentejo');
    const faq = document.pages[0]!.sections.find((section) => section.id === 'faq-1')!;
    expect(faq.type === 'faq' && faq.props.items.map((item) => item.question)).toEqual(['Can I reserve a loaf?', 'Gluten-free?']);
  });

  it('replaces, moves, adds and removes sections', () => {
    const sample = frozenSample();
    const replaced = applyOperations(sample, [{ op: 'replaceSection', section: { id: 'cta-1', type: 'cta', props: { heading: 'Order ahead', body: null, primaryAction: { label: 'Order', href: '#contact' }, secondaryAction: null } } }]);
    expect(replaced.pages[0]!.sections.find((section) => section.id === 'cta-1')!.props).toMatchObject({ heading: 'Order ahead' });

    const moved = applyOperations(sample, [{ op: 'moveSection', sectionId: 'footer-1', toIndex: 0 }]);
    expect(sectionIds(moved)[0]).toBe('footer-1');
    expect(sectionIds(moved)).toHaveLength(sectionIds(sample).length);
    const across = applyOperations(sample, [{ op: 'moveSection', sectionId: 'faq-1', toIndex: 1, toPageId: 'page-menu' }]);
    expect(sectionIds(across, 1)).toEqual(['menu-services', 'faq-1', 'menu-footer']);
    expect(sectionIds(across)).not.toContain('faq-1');

    const newFaq = { id: 'faq-2', type: 'faq' as const, props: { heading: 'More questions', intro: null, items: [{ question: 'Parking?', answer: 'On the street.' }] } };
    expect(sectionIds(applyOperations(sample, [{ op: 'addSection', pageId: 'page-menu', index: 1, section: newFaq }]), 1)).toEqual(['menu-services', 'faq-2', 'menu-footer']);
    expect(sectionIds(applyOperations(sample, [{ op: 'addSection', pageId: 'page-menu', section: newFaq }]), 1)).toEqual(['menu-services', 'menu-footer', 'faq-2']);
    expect(sectionIds(applyOperations(sample, [{ op: 'removeSection', sectionId: 'menu-services' }]), 1)).toEqual(['menu-footer']);
  });

  it('adds, moves, updates and removes pages, changes the theme and the name', () => {
    const sample = frozenSample();
    const page = { id: 'page-classes', slug: 'classes', title: 'Classes', seo: { title: 'Classes', description: 'Learn to bake.', ogImage: null }, sections: [] };
    const document = applyOperations(sample, [
      { op: 'addPage', page, index: 1 },
      { op: 'movePage', pageId: 'page-menu', toIndex: 1 },
      { op: 'updatePage', pageId: 'page-classes', title: 'Baking classes', slug: 'baking-classes' },
      { op: 'updatePage', pageId: 'page-menu', seo: { title: 'Our menu', description: 'Everything we bake.', ogImage: null } },
      { op: 'setTheme', theme: { ...sample.theme, mode: 'dark', fontPairing: 'editorial' } },
      { op: 'renameSite', name: 'Crumb & Hearth Bakehouse' },
    ]);
    expect(document.pages.map((entry) => `${entry.slug}:${entry.title}`)).toEqual([':Home', 'menu:Menu', 'baking-classes:Baking classes']);
    expect(document.pages[1]!.seo.title).toBe('Our menu');
    expect(document.theme).toMatchObject({ mode: 'dark', fontPairing: 'editorial' });
    expect(document.name).toBe('Crumb & Hearth Bakehouse');
    expect(applyOperations(document, [{ op: 'removePage', pageId: 'page-classes' }]).pages).toHaveLength(2);
    // The input is untouched: every operation built a new document.
    expect(sample).toEqual(sampleSiteDocument());
  });

  it('refuses an operation that does not apply, naming it and why', () => {
    const sample = frozenSample();
    const cases: [SiteOperationInput[], RegExp][] = [
      [[{ op: 'setField', sectionId: 'nope', path: 'heading', value: 'x' }], /Operation 1 \(setField\): There is no section with id "nope"/],
      [[{ op: 'renameSite', name: 'Fine' }, { op: 'removeSection', sectionId: 'ghost' }], /Operation 2 \(removeSection\): There is no section with id "ghost"/],
      [[{ op: 'setField', sectionId: 'hero-1', path: 'colour', value: 'red' }], /"colour" is not a field of this section/],
      [[{ op: 'setField', sectionId: 'hero-1', path: '__proto__.polluted', value: true }], /"__proto__" is not a field/],
      [[{ op: 'setField', sectionId: 'features-1', path: 'items.9.title', value: 'x' }], /the list has 3 items/],
      [[{ op: 'setField', sectionId: 'features-1', path: 'items.first', value: 'x' }], /a list is indexed by a number/],
      [[{ op: 'setField', sectionId: 'cta-1', path: 'secondaryAction.label.x', value: 'x' }], /"secondaryAction.label" is empty or not a group of fields/],
      [[{ op: 'setField', sectionId: 'hero-1', path: 'heading', value: '' }], /would make the site invalid: pages\.0\.sections\.0\.props\.heading/],
      [[{ op: 'setField', sectionId: 'hero-1', path: 'heading', value: 'x'.repeat(121) }], /would make the site invalid/],
      [[{ op: 'moveSection', sectionId: 'faq-1', toIndex: 99 }], /past the end of the page/],
      [[{ op: 'moveSection', sectionId: 'faq-1', toIndex: 0, toPageId: 'page-nowhere' }], /no page with id "page-nowhere"/],
      [[{ op: 'addSection', pageId: 'page-menu', section: { id: 'hero-1', type: 'richText', props: { heading: null, body: 'Hi' } } }], /section with id "hero-1" already exists/],
      [[{ op: 'addPage', page: { id: 'page-two', slug: 'menu', title: 'Menu 2', seo: { title: 'x', description: '', ogImage: null }, sections: [] } }], /"Menu" already has the address "menu"/],
      [[{ op: 'addPage', page: { id: 'page-two', slug: '', title: 'Other home', seo: { title: 'x', description: '', ogImage: null }, sections: [] } }], /already has a home page/],
      [[{ op: 'removePage', pageId: 'page-home' }], /home page cannot be removed/],
      [[{ op: 'updatePage', pageId: 'page-home', slug: 'start' }], /home page keeps the empty address/],
      [[{ op: 'updatePage', pageId: 'page-menu', slug: '' }], /"Home" is the home page already/],
      [[{ op: 'setTheme', theme: { ...sample.theme, radius: 'huge' } } as unknown as SiteOperationInput], /Operation 1 is not a valid edit: theme\.radius/],
      [[{ op: 'explode' } as unknown as SiteOperationInput], /Operation 1 is not a valid edit/],
    ];
    for (const [operations, message] of cases) {
      const error = refusal(() => applyOperations(sample, operations));
      expect(error.code).toBe('invalid_input');
      expect(error.message).toMatch(message);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('outlines and documents', () => {
  it('assembles a generated document from an outline and its sections, and reads an outline back', () => {
    const brief = 'a florist in Porto that runs wreath-making workshops';
    const outline = outlineFromBrief(brief);
    const sections = outline.pages.map((page) => page.sections.map((type, index) => sectionFromBrief({ brief, outline, pageSlug: page.slug, type, index })));
    let next = 0;
    const document = documentFromOutline({ outline, sections, newId: () => `id-${(next += 1)}` });
    expect(siteDocumentSchema.parse(document)).toEqual(document);
    expect(document.pages[0]!.id).toBe('id-1');
    expect(document.pages.map((page) => page.slug)).toEqual(outline.pages.map((page) => page.slug));
    expect(document.theme.palette).toEqual(outline.palette);
    const back = outlineFromDocument(document);
    expect(back.pages.map((page) => page.sections)).toEqual(outline.pages.map((page) => page.sections));
    expect(back.businessName).toBe(outline.businessName);
    expect(refusal(() => documentFromOutline({ outline, sections: [] })).message).toMatch(/lacks the hero section of page "Home"/);
  });
});
