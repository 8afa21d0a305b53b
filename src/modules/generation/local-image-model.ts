import { APICallError, type ImageModelV4, type ImageModelV4CallOptions, type ImageModelV4Result, type SharedV4Warning } from '@ai-sdk/provider';
import { z } from 'zod';
import type { LocalCallOptions } from './local-provider.ts';
import { paintPicture, pictureSchema } from './picture.ts';
import { encodePng } from './png.ts';
import { maxImagesPerCall, type TaskRegistry } from './tasks.ts';

/** Sides the local model paints, in pixels: enough for any screen, small enough to stay fast. */
const smallestSide = 16;
const largestSide = 2048;
const defaultSize = '1024x1024';

const refuse = (message: string) => new APICallError({ message, url: 'local:', requestBodyValues: {}, statusCode: 400, isRetryable: false });

function sizeOf(size: string): { width: number; height: number } {
  const [width = 0, height = 0] = size.split('x').map(Number);
  if (![width, height].every((side) => Number.isInteger(side) && side >= smallestSide && side <= largestSide)) {
    throw refuse(`The local image model paints ${smallestSide} to ${largestSide} pixels a side, not ${size}`);
  }
  return { width, height };
}

/**
 * Atelier's built-in image model: deterministic, offline and fast. Like the local language model
 * it does not read the prompt: the call names its task and step (`providerOptions.local`), and
 * the picture generator the owning module registered for that step describes each image, which
 * is painted and encoded as PNG here. It reports no token usage: it is priced per image.
 */
export function createLocalImageModel(modelId: string, tasks: TaskRegistry): ImageModelV4 {
  return {
    specificationVersion: 'v4',
    provider: 'local',
    modelId,
    // All of a call's images in one answer, so they are numbered 0 to n − 1 (the SDK splits larger calls).
    maxImagesPerCall,
    supportsFileInputs: false,
    supportsMaskInputs: false,
    async doGenerate(options: ImageModelV4CallOptions): Promise<ImageModelV4Result> {
      options.abortSignal?.throwIfAborted();
      const local = options.providerOptions['local'] as Partial<LocalCallOptions> | undefined;
      if (!local?.task || !local.step) throw refuse('The local image model draws only for Atelier tasks: the call must name its task and step in providerOptions.local');
      if (options.files || options.mask) throw refuse('The local image model cannot edit images; it only makes new ones');
      const generator = tasks.get(local.task).localImages?.[local.step] as ((input: unknown, image: { index: number }) => unknown) | undefined;
      if (!generator) throw refuse(`Task ${local.task} has no local image generator for its step "${local.step}"`);
      const { width, height } = sizeOf(options.size ?? defaultSize);
      const warnings: SharedV4Warning[] = [];
      if (options.aspectRatio) warnings.push({ type: 'unsupported', feature: 'aspectRatio', details: 'The local image model takes a size.' });
      if (options.seed !== undefined) warnings.push({ type: 'unsupported', feature: 'seed', details: 'The same task input always paints the same picture.' });
      const images = Array.from({ length: options.n }, (_, index) => {
        const picture = pictureSchema.safeParse(generator(local.input, { index }));
        if (!picture.success) throw refuse(`Task ${local.task}'s local image generator for "${local.step}" described an invalid picture: ${z.prettifyError(picture.error)}`);
        return encodePng(paintPicture(picture.data, width, height));
      });
      return { images, warnings, response: { timestamp: new Date(), modelId, headers: undefined } };
    },
  };
}
