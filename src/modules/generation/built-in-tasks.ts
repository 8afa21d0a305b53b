import { z } from 'zod';
import { imagesOutputSchema } from './contract.ts';
import { pictureFromWords } from './picture-from-words.ts';
import { defineSingleCallTask, defineTask } from './tasks.ts';

const rewriteStyles = ['shorter', 'clearer', 'friendlier', 'more-formal'] as const;
type RewriteStyle = (typeof rewriteStyles)[number];

const contractions: [RegExp, string][] = [
  [/\bdo not\b/gi, "don't"],
  [/\bdoes not\b/gi, "doesn't"],
  [/\bcannot\b/gi, "can't"],
  [/\bwill not\b/gi, "won't"],
  [/\bit is\b/gi, "it's"],
  [/\bwe are\b/gi, "we're"],
  [/\byou are\b/gi, "you're"],
  [/\bthat is\b/gi, "that's"],
];

const fillers = /\b(really|very|actually|basically|just|quite|simply|in order)\s+/gi;

const sentencesOf = (text: string) => text.replace(/\s+/g, ' ').trim().match(/[^.!?]+[.!?]*/g)?.map((sentence) => sentence.trim()).filter(Boolean) ?? [];

const keepCase = (original: string, replacement: string) => (original[0] === original[0]?.toUpperCase() ? replacement[0]!.toUpperCase() + replacement.slice(1) : replacement);

/** The local provider's rewrite: plain, predictable edits that do what the style says to the user's own words. */
export function rewriteLocally(text: string, style: RewriteStyle): string {
  const sentences = sentencesOf(text);
  switch (style) {
    case 'shorter': {
      const kept = sentences.slice(0, Math.max(1, Math.ceil(sentences.length / 2))).map((sentence) => sentence.replace(fillers, ''));
      return kept.join(' ');
    }
    case 'clearer':
      return sentences.map((sentence) => sentence.replace(fillers, '').replace(/\s*\([^)]*\)/g, '')).join('\n');
    case 'friendlier': {
      let friendly = sentences.join(' ');
      for (const [formal, casual] of contractions) friendly = friendly.replace(formal, (match) => keepCase(match, casual));
      return friendly.replace(/\.$/, '!');
    }
    case 'more-formal': {
      let formal = sentences.join(' ');
      for (const [long, short] of contractions) formal = formal.replace(new RegExp(short.replace("'", "['’]"), 'gi'), (match) => keepCase(match, long.source.replace(/\\b/g, '')));
      return formal.replace(/!+/g, '.');
    }
  }
}

/** A short rewrite of a piece of text: the generation layer's own task, usable from the API by any workspace. */
export const textRewrite = defineSingleCallTask({
  name: 'text.rewrite',
  description: 'Rewrites a short text: shorter, clearer, friendlier or more formal',
  input: z.object({
    text: z.string().trim().min(1, { error: 'must not be empty' }).max(4000, { error: 'must be at most 4,000 characters' }),
    style: z.enum(rewriteStyles, { error: `must be one of ${rewriteStyles.join(', ')}` }),
  }),
  output: z.object({ text: z.string().min(1) }),
  defaultModel: 'local',
  estimate: { inputTokens: 1_500, outputTokens: 1_200 },
  prompt: ({ text, style }) => ({
    system: 'You rewrite text for a website owner. Keep the meaning and the facts; change only the style asked for. Answer in the language of the text.',
    prompt: `Rewrite this text so it is ${style.replace('-', ' ')}:\n\n${text}`,
  }),
  local: ({ text, style }) => ({ text: rewriteLocally(text, style) }),
});

/** The sizes the task offers: the square the local model paints quickest, and those hosted image models share. */
const imageSizes = ['512x512', '1024x1024', '1536x1024', '1024x1536'] as const;
const maxImages = 4;

/** Images from a prompt, kept in the generation's output and served at …/generations/{id}/images/{index} (decision 0022). */
export const imageGenerate = defineTask({
  name: 'image.generate',
  description: 'Makes one or more images from a prompt',
  capability: 'image',
  input: z.object({
    prompt: z.string().trim().min(1, { error: 'must not be empty' }).max(1000, { error: 'must be at most 1,000 characters' }),
    count: z.number().int().min(1).max(maxImages, { error: `must be at most ${maxImages}` }).default(1),
    size: z.enum(imageSizes, { error: `must be one of ${imageSizes.join(', ')}` }).default('1024x1024'),
  }),
  output: imagesOutputSchema,
  defaultModel: 'local',
  estimate: { calls: 0, inputTokens: 0, outputTokens: 0, images: maxImages },
  imagesAsked: ({ count }) => count,
  async run({ input, generateImages, progress }) {
    await progress(input.count === 1 ? 'Making the image' : `Making ${input.count} images`, 0, input.count);
    const images = await generateImages({ step: 'image', prompt: input.prompt, n: input.count, size: input.size, localInput: { prompt: input.prompt } });
    await progress('Done', images.length, input.count);
    return { images };
  },
  local: {},
  localImages: { image: ({ prompt }: { prompt: string }, { index }) => pictureFromWords(prompt, index) },
});

export const builtInTasks = [textRewrite, imageGenerate];
