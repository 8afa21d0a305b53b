import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sectionPropsSchemas, sectionTypes, siteDocumentSchema, siteOutlineSchema } from './contract.ts';
import { sampleSiteDocument } from './sample-site.ts';

type JsonSchema = Record<string, unknown>;

/**
 * What strict structured-output modes refuse: an object whose properties are not all required
 * or that allows extra properties, a union other than "this or null", a record.
 */
function strictModeProblems(schema: JsonSchema, path = '$'): string[] {
  const problems: string[] = [];
  const type = schema['type'];
  const types = Array.isArray(type) ? type : [type];
  if (types.includes('object')) {
    const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema['required'] ?? []) as string[]);
    for (const key of Object.keys(properties)) if (!required.has(key)) problems.push(`${path}.${key} is optional`);
    if (schema['additionalProperties'] !== false) problems.push(`${path} allows other properties (a record?)`);
    for (const [key, value] of Object.entries(properties)) problems.push(...strictModeProblems(value, `${path}.${key}`));
  }
  if (types.includes('array') && schema['items']) problems.push(...strictModeProblems(schema['items'] as JsonSchema, `${path}[]`));
  for (const union of ['anyOf', 'oneOf'] as const) {
    const options = schema[union] as JsonSchema[] | undefined;
    if (!options) continue;
    const nonNull = options.filter((option) => option['type'] !== 'null');
    if (nonNull.length > 1 || union === 'oneOf') problems.push(`${path} is a union (${union})`);
    for (const option of nonNull) problems.push(...strictModeProblems(option, path));
  }
  return problems;
}

describe('the sites contract', () => {
  it('asks models only for shapes strict structured-output modes accept', () => {
    const schemas: [string, z.ZodType][] = [['outline', siteOutlineSchema], ...sectionTypes.map((type) => [type, sectionPropsSchemas[type]] as [string, z.ZodType])];
    for (const [name, schema] of schemas) {
      const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'output' }) as JsonSchema;
      expect(strictModeProblems(json), name).toEqual([]);
    }
  });

  it('has one props schema per section type, and the document union covers them all', () => {
    expect(sectionTypes).toEqual(['hero', 'features', 'services', 'testimonials', 'gallery', 'faq', 'cta', 'contact', 'richText', 'footer']);
    const sample = sampleSiteDocument();
    expect(new Set(sample.pages[0]!.sections.map((section) => section.type))).toEqual(new Set(sectionTypes));
    expect(siteDocumentSchema.parse(sample)).toEqual(sample);
  });

  it('refuses documents without exactly one home page, or with an id or slug used twice', () => {
    const sample = sampleSiteDocument();
    const issues = (document: unknown) => siteDocumentSchema.safeParse(document).error?.issues.map((issue) => issue.message) ?? [];
    expect(issues({ ...sample, pages: sample.pages.slice(1) })).toContain("needs exactly one home page (slug ''), found 0");
    expect(issues({ ...sample, pages: [sample.pages[0], { ...sample.pages[1]!, slug: '' }] })).toContain("needs exactly one home page (slug ''), found 2");
    expect(issues({ ...sample, pages: [sample.pages[0], { ...sample.pages[1]!, id: 'page-home' }] })).toContain('page id "page-home" is used twice');
    const duplicateSection = { ...sample.pages[1]!, sections: [{ ...sample.pages[1]!.sections[0]!, id: 'hero-1' }] };
    expect(issues({ ...sample, pages: [sample.pages[0], duplicateSection] })).toContain('section id "hero-1" is used twice');
    expect(issues({ ...sample, pages: [sample.pages[0], { ...sample.pages[1]!, slug: 'Menu Page' }] }).join()).toMatch(/lower-case words/);
    expect(issues({ ...sample, theme: { ...sample.theme, palette: { ...sample.theme.palette, primary: 'red' } } }).join()).toMatch(/colour like/);
  });
});
