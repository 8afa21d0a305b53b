import { z } from 'zod';
import { defineTask, type TaskRun } from '../generation/index.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import {
  sectionPropsSchemas,
  sectionSchema,
  sectionTypeLabels,
  sectionTypeSchema,
  siteBriefSchema,
  siteDocumentSchema,
  siteOutlineSchema,
  type Section,
  type SectionProps,
  type SectionRequest,
  type SectionType,
  type SiteOutline,
} from './contract.ts';
import { outlineFromBrief, rewriteSectionLocally, sectionFromBrief } from './local-site-generator.ts';
import { applyOperations, documentFromOutline, newSection } from './site-document.ts';
import { siteStore } from './site-store.ts';

/** A generated site has at most this many sections (a model's outline may ask for more): it bounds the calls, and so the credits set aside. */
export const maxGeneratedSections = 16;

const writerSystem =
  'You write websites for small businesses. Write in the language of the brief, concretely about what the brief says (its place, its offerings, its people); never invent prices, awards or addresses the brief does not give, never use placeholder text. Answer only with JSON matching the schema.';

const outlinePrompt = (brief: string, maxPages: number) =>
  `Plan a website for this brief:\n\n${brief}\n\nChoose a fitting business name, a one-line tagline, a palette and font pairing that suit the business, and at most ${maxPages} pages (exactly one home page with slug ""), each with the sections it needs in order. Use at most ${maxGeneratedSections} sections in all.`;

const sectionPrompt = (request: SectionRequest) =>
  `The brief:\n${request.brief}\n\nThe site plan:\n${JSON.stringify(request.outline)}\n\nWrite the ${request.type} section (${sectionTypeLabels[request.type].purpose}) at position ${request.index + 1} of the page "${request.pageSlug || 'home'}".`;

/** One section type's props schema, as the general props type the calls share. */
const propsSchemaOf = (type: SectionType) => sectionPropsSchemas[type] as unknown as z.ZodType<SectionProps>;

/** Keeps the outline within the plan's pages and the sections the reservation covers, home page first. */
function boundedOutline(outline: SiteOutline, maxPages: number): SiteOutline {
  let sectionsLeft = maxGeneratedSections;
  const pages = [...outline.pages].sort((a, b) => Number(b.slug === '') - Number(a.slug === '')).slice(0, maxPages);
  return {
    ...outline,
    pages: pages
      .map((page) => {
        const sections = page.sections.slice(0, Math.max(0, sectionsLeft));
        sectionsLeft -= sections.length;
        return { ...page, sections };
      })
      .filter((page) => page.sections.length > 0 || page.slug === ''),
  };
}

async function writeSection(run: TaskRun<unknown>, request: SectionRequest) {
  return run.generate({ step: 'section', schema: propsSchemaOf(request.type), system: writerSystem, prompt: sectionPrompt(request), localInput: request });
}

/** Appends a generated revision to the site, unless the site was deleted meanwhile. */
async function reviseIfPresent(tx: Tx, siteId: string, revise: (site: Awaited<ReturnType<typeof siteStore.lock>>) => Promise<void>): Promise<void> {
  const site = await siteStore.lock(tx, siteId).catch(() => null);
  if (site) await revise(site);
}

/** Brief → outline → each section, as small structured calls; the site's first revision when it succeeds. */
export const siteGenerate = defineTask({
  name: 'site.generate',
  description: 'Builds a whole website from a brief: a plan, then each section',
  capability: 'text',
  input: z.object({ siteId: z.uuid(), brief: siteBriefSchema, maxPages: z.number().int().min(1).max(6) }),
  output: siteDocumentSchema,
  defaultModel: 'local',
  estimate: { calls: 1 + maxGeneratedSections, inputTokens: 2_500, outputTokens: 2_500 },
  async run(run) {
    const { brief, maxPages } = run.input;
    await run.progress('Planning the site', 0, 1);
    const outline = boundedOutline(
      await run.generate({ step: 'outline', schema: siteOutlineSchema, system: writerSystem, prompt: outlinePrompt(brief, maxPages), localInput: { brief } }),
      maxPages,
    );
    const total = outline.pages.reduce((sum, page) => sum + page.sections.length, 0);
    const sections: unknown[][] = [];
    let done = 0;
    for (const page of outline.pages) {
      const written: unknown[] = [];
      for (const [index, type] of page.sections.entries()) {
        await run.progress(`Writing the ${sectionTypeLabels[type].label.toLowerCase()} of ${page.title}`, done, total);
        written.push(await writeSection(run as TaskRun<unknown>, { brief, outline, pageSlug: page.slug, type, index }));
        done += 1;
      }
      sections.push(written);
    }
    await run.progress('Putting the site together', total, total);
    return documentFromOutline({ outline, sections: sections as never });
  },
  local: { outline: ({ brief }: { brief: string }) => outlineFromBrief(brief), section: (request: SectionRequest) => sectionFromBrief(request) },
  async onSucceeded(tx, { input, output, requestedBy }) {
    await reviseIfPresent(tx, input.siteId, async (site) => {
      await siteStore.append(tx, site, { document: output, cause: 'generated', authorId: requestedBy });
    });
  },
});

/** One section rewritten to an instruction; it replaces that section if the section is still there. */
export const sectionRewrite = defineTask({
  name: 'site.section.rewrite',
  description: 'Rewrites one section of a site following an instruction',
  capability: 'text',
  input: z.object({ siteId: z.uuid(), section: sectionSchema, instruction: z.string().trim().min(1).max(500), brief: siteBriefSchema.nullable() }),
  output: sectionSchema,
  defaultModel: 'local',
  estimate: { calls: 1, inputTokens: 2_500, outputTokens: 2_500 },
  async run(run) {
    const { section, instruction, brief } = run.input;
    await run.progress('Rewriting the section', 0, 1);
    const props = await run.generate({
      step: 'rewrite',
      schema: propsSchemaOf(section.type),
      system: writerSystem,
      prompt: `The brief:\n${brief ?? '(none)'}\n\nThis ${section.type} section:\n${JSON.stringify(section.props)}\n\nRewrite it following this instruction: ${instruction}`,
      localInput: { section, instruction, brief },
    });
    return { id: section.id, type: section.type, props } as Section;
  },
  local: { rewrite: (request: Parameters<typeof rewriteSectionLocally>[0]) => rewriteSectionLocally(request).props },
  async onSucceeded(tx, { input, output, requestedBy }) {
    await reviseIfPresent(tx, input.siteId, async (site) => {
      if (!site.currentRevisionId) return;
      const current = await siteStore.revision(tx, site.id, site.currentRevisionId);
      const stillThere = current.document.pages.some((page) => page.sections.some((section) => section.id === output.id));
      if (!stillThere) return;
      await siteStore.append(tx, site, { document: applyOperations(current.document, [{ op: 'replaceSection', section: output }]), cause: 'section_regenerated', authorId: requestedBy });
    });
  },
});

/** A new section of a chosen type, written to fit the rest of the site, inserted where asked. */
export const sectionAdd = defineTask({
  name: 'site.section.add',
  description: 'Writes a new section of a chosen type that fits the rest of the site',
  capability: 'text',
  input: z.object({ siteId: z.uuid(), pageId: z.string(), index: z.number().int().min(0).nullable(), type: sectionTypeSchema, brief: siteBriefSchema, outline: siteOutlineSchema, pageSlug: z.string() }),
  output: sectionSchema,
  defaultModel: 'local',
  estimate: { calls: 1, inputTokens: 2_500, outputTokens: 2_500 },
  async run(run) {
    const { brief, outline, pageSlug, type, index } = run.input;
    await run.progress(`Writing a ${sectionTypeLabels[type].label.toLowerCase()}`, 0, 1);
    const request = { brief, outline, pageSlug, type, index: index ?? 0 };
    return newSection(type, (await writeSection(run as TaskRun<unknown>, request)) as never);
  },
  local: { section: (request: SectionRequest) => sectionFromBrief(request) },
  async onSucceeded(tx, { input, output, requestedBy }) {
    await reviseIfPresent(tx, input.siteId, async (site) => {
      if (!site.currentRevisionId) return;
      const current = await siteStore.revision(tx, site.id, site.currentRevisionId);
      if (!current.document.pages.some((page) => page.id === input.pageId)) return;
      const document = applyOperations(current.document, [{ op: 'addSection', pageId: input.pageId, index: input.index, section: output }]);
      await siteStore.append(tx, site, { document, cause: 'section_added', authorId: requestedBy });
    });
  },
});

export const siteTasks = [siteGenerate, sectionRewrite, sectionAdd];
