import { newId } from '../../platform/db/new-id.ts';
import type { z } from 'zod';
import { AppError } from '../../platform/errors/app-error.ts';
import {
  homeSlug,
  sectionPropsSchemas,
  siteDocumentSchema,
  siteDocumentVersion,
  type Page,
  type Section,
  type SectionProps,
  type SectionType,
  type SiteDocument,
  type SiteOperation,
  type SiteOperationInput,
  type SiteOutline,
  siteOperationSchema,
} from './contract.ts';

// ---------------------------------------------------------------------------------------------
// Reading stored documents of any version

/** Turns a document of version `n` into one of version `n + 1`. Never mutates its argument. */
export type DocumentUpcaster = (document: Record<string, unknown>) => Record<string, unknown>;

/**
 * The upcasters of the site document, keyed by the version they read. Version 1 is the first
 * stored version, so there is none yet; the day version 2 exists, `1: (v1) => v2` goes here and
 * every stored revision keeps reading as the current version, never rewritten.
 */
export const siteDocumentUpcasters: Readonly<Record<number, DocumentUpcaster>> = {};

const describeIssues = (error: z.ZodError) =>
  error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(document)'}: ${issue.message}`)
    .join('; ');

/**
 * Reads a document of any stored version into the current one: each upcaster from its version
 * to the current, then the schema. A document without `schemaVersion` is version 0.
 */
export function upgradeDocumentWith<T>(
  raw: unknown,
  options: { upcasters: Readonly<Record<number, DocumentUpcaster>>; currentVersion: number; schema: z.ZodType<T> },
): T {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new AppError('invalid_input', 'A site document must be a JSON object');
  let document = raw as Record<string, unknown>;
  let version = document['schemaVersion'] ?? 0;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) {
    throw new AppError('invalid_input', `A site document's schemaVersion must be a whole number, not ${JSON.stringify(version)}`);
  }
  if (version > options.currentVersion) {
    throw new AppError('invalid_input', `This site document is version ${version}, newer than this Atelier reads (${options.currentVersion})`, { schemaVersion: version });
  }
  while (version < options.currentVersion) {
    const upcast = options.upcasters[version];
    if (!upcast) throw new AppError('invalid_input', `There is no way to read a site document of version ${version}`, { schemaVersion: version });
    document = upcast(document);
    version += 1;
    document = { ...document, schemaVersion: version };
  }
  const parsed = options.schema.safeParse(document);
  if (!parsed.success) throw new AppError('invalid_input', `The site document is not valid: ${describeIssues(parsed.error)}`, { issues: parsed.error.issues });
  return parsed.data;
}

/** Any stored site document, as the current version. */
export function upgradeDocument(raw: unknown): SiteDocument {
  return upgradeDocumentWith(raw, { upcasters: siteDocumentUpcasters, currentVersion: siteDocumentVersion, schema: siteDocumentSchema });
}

// ---------------------------------------------------------------------------------------------
// Edits

/** A fresh id for a page or a section (UUIDv7, like every id of Atelier). */
export const newDocumentId = (): string => newId();

const refuse = (message: string, details?: Record<string, unknown>): never => {
  throw new AppError('invalid_input', message, details);
};

interface SectionPlace {
  page: Page;
  pageIndex: number;
  index: number;
}

function findSection(document: SiteDocument, sectionId: string): SectionPlace {
  for (const [pageIndex, page] of document.pages.entries()) {
    const index = page.sections.findIndex((section) => section.id === sectionId);
    if (index >= 0) return { page, pageIndex, index };
  }
  return refuse(`There is no section with id "${sectionId}" in this site`, { sectionId });
}

function findPage(document: SiteDocument, pageId: string): { page: Page; index: number } {
  const index = document.pages.findIndex((page) => page.id === pageId);
  if (index < 0) return refuse(`There is no page with id "${pageId}" in this site`, { pageId });
  return { page: document.pages[index]!, index };
}

const forbiddenKeys = new Set(['__proto__', 'prototype', 'constructor']);

/** A copy of `target` with `value` at `path` (dot-separated keys and array indexes); only fields the props already have. */
function setAtPath(target: unknown, path: string[], value: unknown, where: string[] = []): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  const here = [...where, key].join('.');
  if (forbiddenKeys.has(key)) return refuse(`"${here}" is not a field`);
  if (Array.isArray(target)) {
    if (!/^(0|[1-9][0-9]*)$/.test(key)) return refuse(`"${here}": a list is indexed by a number`);
    const index = Number(key);
    if (index > target.length) return refuse(`"${here}": the list has ${target.length} items`);
    if (index === target.length && rest.length > 0) return refuse(`"${here}": append a whole item, not one of its fields`);
    const copy = [...target];
    copy[index] = setAtPath(target[index], rest, value, [...where, key]);
    return copy;
  }
  if (typeof target === 'object' && target !== null) {
    if (!Object.hasOwn(target, key)) return refuse(`"${here}" is not a field of this section`);
    const current = (target as Record<string, unknown>)[key];
    if (rest.length > 0 && (current === null || typeof current !== 'object')) return refuse(`"${here}" is empty or not a group of fields: set it as a whole`);
    return { ...(target as Record<string, unknown>), [key]: setAtPath(current, rest, value, [...where, key]) };
  }
  return refuse(`"${where.join('.')}" has no field "${key}"`);
}

const clampIndex = (index: number | null, length: number) => (index === null ? length : Math.min(index, length));

function withPage(document: SiteDocument, pageIndex: number, page: Page): SiteDocument {
  return { ...document, pages: document.pages.map((existing, index) => (index === pageIndex ? page : existing)) };
}

function applyOne(document: SiteDocument, operation: SiteOperation): SiteDocument {
  switch (operation.op) {
    case 'setField': {
      const place = findSection(document, operation.sectionId);
      const section = place.page.sections[place.index]!;
      const path = operation.path.split('.');
      const props = setAtPath(section.props, path, operation.value);
      const sections = place.page.sections.map((existing, index) => (index === place.index ? ({ ...section, props } as Section) : existing));
      return withPage(document, place.pageIndex, { ...place.page, sections });
    }
    case 'replaceSection': {
      const place = findSection(document, operation.section.id);
      const sections = place.page.sections.map((existing, index) => (index === place.index ? operation.section : existing));
      return withPage(document, place.pageIndex, { ...place.page, sections });
    }
    case 'moveSection': {
      const from = findSection(document, operation.sectionId);
      const section = from.page.sections[from.index]!;
      const pages = document.pages.map((page) => ({ ...page, sections: [...page.sections] }));
      pages[from.pageIndex]!.sections.splice(from.index, 1);
      const toPageIndex = operation.toPageId === null ? from.pageIndex : findPage(document, operation.toPageId).index;
      const target = pages[toPageIndex]!.sections;
      if (operation.toIndex > target.length) refuse(`Position ${operation.toIndex} is past the end of the page (${target.length} other sections)`, { toIndex: operation.toIndex });
      target.splice(operation.toIndex, 0, section);
      return { ...document, pages };
    }
    case 'addSection': {
      const { page, index } = findPage(document, operation.pageId);
      if (document.pages.some((existing) => existing.sections.some((section) => section.id === operation.section.id))) {
        refuse(`A section with id "${operation.section.id}" already exists`, { sectionId: operation.section.id });
      }
      const sections = [...page.sections];
      sections.splice(clampIndex(operation.index, sections.length), 0, operation.section);
      return withPage(document, index, { ...page, sections });
    }
    case 'removeSection': {
      const place = findSection(document, operation.sectionId);
      return withPage(document, place.pageIndex, { ...place.page, sections: place.page.sections.filter((_, index) => index !== place.index) });
    }
    case 'addPage': {
      if (document.pages.some((page) => page.id === operation.page.id)) refuse(`A page with id "${operation.page.id}" already exists`, { pageId: operation.page.id });
      const clash = document.pages.find((page) => page.slug === operation.page.slug);
      if (clash) refuse(operation.page.slug === homeSlug ? 'The site already has a home page' : `The page "${clash.title}" already has the address "${operation.page.slug}"`, { slug: operation.page.slug });
      const pages = [...document.pages];
      pages.splice(clampIndex(operation.index, pages.length), 0, operation.page);
      return { ...document, pages };
    }
    case 'removePage': {
      const { page } = findPage(document, operation.pageId);
      if (page.slug === homeSlug) refuse('The home page cannot be removed; make another page the home page first', { pageId: page.id });
      return { ...document, pages: document.pages.filter((existing) => existing.id !== page.id) };
    }
    case 'movePage': {
      const { page, index } = findPage(document, operation.pageId);
      const pages = document.pages.filter((_, at) => at !== index);
      if (operation.toIndex > pages.length) refuse(`Position ${operation.toIndex} is past the end of the navigation (${pages.length} other pages)`, { toIndex: operation.toIndex });
      pages.splice(operation.toIndex, 0, page);
      return { ...document, pages };
    }
    case 'updatePage': {
      const { page, index } = findPage(document, operation.pageId);
      if (operation.slug !== null && operation.slug !== page.slug) {
        const clash = document.pages.find((other) => other.id !== page.id && other.slug === operation.slug);
        if (clash) refuse(operation.slug === homeSlug ? `"${clash.title}" is the home page already` : `The page "${clash.title}" already has the address "${operation.slug}"`, { slug: operation.slug });
        if (page.slug === homeSlug) refuse('The home page keeps the empty address; give another page the empty address to make it the home page', { pageId: page.id });
      }
      return withPage(document, index, {
        ...page,
        title: operation.title ?? page.title,
        slug: operation.slug ?? page.slug,
        seo: operation.seo ?? page.seo,
      });
    }
    case 'setTheme':
      return { ...document, theme: operation.theme };
    case 'renameSite':
      return { ...document, name: operation.name };
  }
}

/**
 * The document after the operations, applied in order; pure (the argument is not changed).
 * An operation that does not apply (an unknown section, a field the section does not have, a
 * result the schema refuses) throws `invalid_input` naming the operation and why.
 */
export function applyOperations(document: SiteDocument, operations: readonly (SiteOperation | SiteOperationInput)[]): SiteDocument {
  let current = document;
  operations.forEach((input, index) => {
    const parsed = siteOperationSchema.safeParse(input);
    if (!parsed.success) refuse(`Operation ${index + 1} is not a valid edit: ${describeIssues(parsed.error)}`, { operation: index, issues: parsed.error.issues });
    const operation = parsed.data!;
    try {
      current = applyOne(current, operation);
    } catch (error) {
      if (error instanceof AppError) throw new AppError(error.code, `Operation ${index + 1} (${operation.op}): ${error.message}`, { operation: index, ...error.details });
      throw error;
    }
  });
  const checked = siteDocumentSchema.safeParse(current);
  if (!checked.success) refuse(`The edit would make the site invalid: ${describeIssues(checked.error)}`, { issues: checked.error.issues });
  return checked.data!;
}

// ---------------------------------------------------------------------------------------------
// From an outline to a document, and back

/**
 * The document a generation builds: the outline's theme and pages, with each page's sections'
 * props in the order the outline lists them (`sections[pageIndex][sectionIndex]`). Ids come
 * from `newId` (UUIDv7 by default; pass a deterministic one in tests).
 */
export function documentFromOutline(input: { outline: SiteOutline; sections: readonly (readonly SectionProps[])[]; newId?: () => string }): SiteDocument {
  const { outline, sections, newId = newDocumentId } = input;
  const document = {
    schemaVersion: siteDocumentVersion,
    name: outline.businessName,
    language: outline.language,
    theme: { palette: outline.palette, fontPairing: outline.fontPairing, radius: outline.radius, mode: outline.mode },
    pages: outline.pages.map((page, pageIndex) => ({
      id: newId(),
      slug: page.slug,
      title: page.title,
      seo: {
        title: (page.slug === homeSlug ? `${outline.businessName} · ${outline.tagline}` : `${page.title} · ${outline.businessName}`).slice(0, 70).trim(),
        description: page.description,
        ogImage: null,
      },
      sections: page.sections.map((type, sectionIndex) => {
        const props = sections[pageIndex]?.[sectionIndex];
        if (props === undefined) return refuse(`The generated site lacks the ${type} section of page "${page.title}"`);
        return { id: newId(), type, props: sectionPropsSchemas[type].parse(props) } as Section;
      }),
    })),
  };
  const checked = siteDocumentSchema.safeParse(document);
  if (!checked.success) refuse(`The generated site is not valid: ${describeIssues(checked.error)}`, { issues: checked.error.issues });
  return checked.data!;
}

/** A section of `type` with these props and a fresh id. */
export function newSection<T extends SectionType>(type: T, props: SectionProps<T>, newId: () => string = newDocumentId): Section {
  return { id: newId(), type, props: sectionPropsSchemas[type].parse(props) } as Section;
}

/**
 * The outline a document would have been generated from: what a model (or the local generator)
 * is given to write one more section that fits the rest of an existing site.
 */
export function outlineFromDocument(document: SiteDocument): SiteOutline {
  const hero = document.pages.flatMap((page) => page.sections).find((section) => section.type === 'hero');
  const tagline = (hero?.type === 'hero' ? (hero.props.subheading ?? hero.props.heading) : document.pages[0]!.seo.description) || document.name;
  return {
    businessName: document.name.slice(0, 60),
    tagline: tagline.slice(0, 140),
    language: document.language,
    palette: document.theme.palette,
    fontPairing: document.theme.fontPairing,
    radius: document.theme.radius,
    mode: document.theme.mode,
    pages: document.pages.slice(0, 6).map((page) => ({
      slug: page.slug,
      title: page.title,
      description: page.seo.description,
      sections: (page.sections.length > 0 ? page.sections.slice(0, 10).map((section) => section.type) : ['richText']) as SectionType[],
    })),
  };
}
