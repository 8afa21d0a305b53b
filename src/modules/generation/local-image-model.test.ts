import { APICallError } from '@ai-sdk/provider';
import { generateImage } from 'ai';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { decodePng, meanDifference } from '../../../test/support/decode-png.ts';
import { imageGenerate } from './built-in-tasks.ts';
import { createLocalImageModel } from './local-image-model.ts';
import type { Picture } from './picture.ts';
import { createTaskRegistry, defineTask } from './tasks.ts';

/** A task whose own generator decides the picture: one flat colour, named in its input. */
const swatch = defineTask({
  name: 'test.swatch',
  description: 'A flat colour',
  capability: 'image',
  input: z.object({ colour: z.string() }),
  output: z.unknown(),
  defaultModel: 'local',
  estimate: { calls: 0, inputTokens: 0, outputTokens: 0, images: 1 },
  run: () => Promise.resolve(null),
  local: {},
  localImages: {
    swatch: ({ colour }: { colour: string }): Picture => ({ sky: { from: colour, to: colour, angle: 0 }, shapes: [], vignette: 0 }),
    broken: (): Picture => ({ sky: { from: 'red', to: 'blue', angle: 0 }, shapes: [], vignette: 0 }),
  },
});
const model = createLocalImageModel('local-templates', createTaskRegistry([imageGenerate, swatch]));
const local = (task: string, step: string, input: unknown) => ({ local: { task, step, input } as never });
const prompt = 'A bakery in Lisbon at sunset';

describe('the local image model through generateImage', () => {
  it("paints the task's pictures as PNGs of the size asked, the same bytes every time, one picture per image number", async () => {
    const ask = () => generateImage({ model, prompt, n: 2, size: '512x384', maxRetries: 0, providerOptions: local('image.generate', 'image', { prompt }) });
    const result = await ask();
    expect(result.images.map((image) => image.mediaType)).toEqual(['image/png', 'image/png']);
    const [first, second] = result.images.map((image) => decodePng(image.uint8Array));
    expect(first).toMatchObject({ width: 512, height: 384 });
    expect(meanDifference(first?.pixels as Uint8Array, second?.pixels as Uint8Array)).toBeGreaterThan(8);
    expect((await ask()).images.map((image) => image.base64)).toEqual(result.images.map((image) => image.base64));
    // Priced per image, it reports no tokens.
    expect(result.usage.inputTokens).toBeUndefined();
    expect(result.warnings).toEqual([]);
  });

  it('lets the owning task decide the picture, from the input the call names (never the prompt)', async () => {
    const { image } = await generateImage({ model, prompt: 'a forest', size: '32x32', maxRetries: 0, providerOptions: local('test.swatch', 'swatch', { colour: '#ff8000' }) });
    const { pixels } = decodePng(image.uint8Array);
    expect(new Set(Array.from({ length: 32 * 32 }, (_, at) => pixels.subarray(at * 3, at * 3 + 3).join(',')))).toEqual(new Set(['255,128,0']));
  });

  it('paints the size asked for, up to 512×512, as a PNG of that size', async () => {
    const { image } = await generateImage({ model, prompt, size: '512x512', maxRetries: 0, providerOptions: local('image.generate', 'image', { prompt }) });
    const header = Buffer.from(image.uint8Array.subarray(0, 24));
    expect(header.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([header.readUInt32BE(16), header.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('refuses, as a 400 no retry mends, calls it cannot draw: no task, an unknown step, an invalid picture, an odd size, an edit', async () => {
    const refusal = async (options: Partial<Parameters<typeof generateImage>[0]>) => {
      const error = await generateImage({ model, prompt, maxRetries: 0, size: '64x64', providerOptions: local('image.generate', 'image', { prompt }), ...options }).catch((caught: unknown) => caught);
      expect(APICallError.isInstance(error), String(error)).toBe(true);
      expect(error).toMatchObject({ statusCode: 400, isRetryable: false });
      return (error as Error).message;
    };
    expect(await refusal({ providerOptions: {} })).toMatch(/must name its task and step in providerOptions.local/);
    expect(await refusal({ providerOptions: local('image.generate', 'poster', { prompt }) })).toBe('Task image.generate has no local image generator for its step "poster"');
    expect(await refusal({ providerOptions: local('test.swatch', 'broken', {}) })).toMatch(/described an invalid picture: .*must be a #rrggbb colour/s);
    expect(await refusal({ size: '4096x4096' })).toBe('The local image model paints 16 to 2048 pixels a side, not 4096x4096');
    expect(await refusal({ prompt: { images: [new Uint8Array([137, 80, 78, 71])], text: 'brighter' } })).toBe('The local image model cannot edit images; it only makes new ones');
  });
});
