import type { Section, SiteDocument, SiteOperation } from './api.ts';

/**
 * The edits the editor shows at once, before the server has answered: a field's new text and
 * the theme. Other operations (moves, additions, removals) are shown when the server's document
 * comes back, a fraction of a second later. The server applies every operation itself
 * (src/modules/sites/site-document.ts); this copy only keeps typing instant.
 */
export function applyLocally(document: SiteDocument, operations: SiteOperation[]): SiteDocument {
  let next = document;
  for (const operation of operations) {
    if (operation.op === 'setField') {
      next = {
        ...next,
        pages: next.pages.map((page) => ({
          ...page,
          sections: page.sections.map((section) => (section.id === operation.sectionId ? ({ ...section, props: setAt(section.props, operation.path.split('.'), operation.value) } as Section) : section)),
        })),
      };
    } else if (operation.op === 'setTheme') {
      next = { ...next, theme: operation.theme };
    } else if (operation.op === 'moveSection' && !operation.toPageId) {
      next = {
        ...next,
        pages: next.pages.map((page) => {
          const from = page.sections.findIndex((section) => section.id === operation.sectionId);
          if (from < 0) return page;
          const sections = [...page.sections];
          const [moved] = sections.splice(from, 1);
          sections.splice(Math.min(operation.toIndex, sections.length), 0, moved as Section);
          return { ...page, sections };
        }),
      };
    } else if (operation.op === 'removeSection') {
      next = { ...next, pages: next.pages.map((page) => ({ ...page, sections: page.sections.filter((section) => section.id !== operation.sectionId) })) };
    } else if (operation.op === 'addSection') {
      next = {
        ...next,
        pages: next.pages.map((page) => {
          if (page.id !== operation.pageId) return page;
          const sections = [...page.sections];
          sections.splice(operation.index ?? sections.length, 0, operation.section as Section);
          return { ...page, sections };
        }),
      };
    } else if (operation.op === 'updatePage') {
      next = { ...next, pages: next.pages.map((page) => (page.id === operation.pageId ? { ...page, title: operation.title ?? page.title } : page)) };
    }
  }
  return next;
}

/** A copy of `value` with `path` set (array indexes as digits). */
export function setAt(value: unknown, path: string[], newValue: unknown): never {
  if (path.length === 0) return newValue as never;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[Number(head)] = setAt(copy[Number(head)], rest, newValue);
    return copy as never;
  }
  const record = (value ?? {}) as Record<string, unknown>;
  return { ...record, [head]: setAt(record[head], rest, newValue) } as never;
}

export function getAt(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>((current, key) => (current === null || current === undefined ? undefined : (current as Record<string, unknown>)[key]), value);
}

/** A short name for a section in the outline: its type and its heading. */
export function sectionTitle(section: Section): string {
  const props = section.props as { heading?: string | null; tagline?: string | null };
  return props.heading ?? props.tagline ?? '';
}

/** A fresh id for a copied section or a new page. */
export const newId = () => crypto.randomUUID();
