import { generateImage } from 'ai';
import { imageMediaTypeSchema, maxImageBytes, type GeneratedImage, type ModelDefinition } from './contract.ts';
import { GenerationFailure } from './generation-failure.ts';
import type { GenerationParts } from './generation-parts.ts';
import { callThroughChain, type ChainRun, type ChainStep } from './model-chain.ts';
import type { RegisteredModel } from './model-registry.ts';
import { imageModelFor } from './providers.ts';
import { maxImagesPerCall, type AnyTask, type ImageCall, type TaskRun } from './tasks.ts';

type Size = ImageCall['size'];

const dimensions = (size: string) => size.split('x').map(Number) as [number, number];

/** The size to ask a model for: the one asked when the model makes it, else the nearest of its sizes in shape, then in area. */
export function sizeFor(model: Pick<ModelDefinition, 'imageSizes'>, asked: Size): Size {
  if (!model.imageSizes || model.imageSizes.includes(asked)) return asked;
  const [width, height] = dimensions(asked);
  const distance = (size: string) => {
    const [w, h] = dimensions(size);
    return [Math.abs(Math.log(w / h / (width / height))), Math.abs(Math.log((w * h) / (width * height)))] as const;
  };
  const [nearest] = [...model.imageSizes].sort((a, b) => {
    const [shapeA, areaA] = distance(a);
    const [shapeB, areaB] = distance(b);
    return shapeA - shapeB || areaA - areaB;
  });
  return (nearest ?? asked) as Size;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * A task's image call as a step of the chain: `generateImage` with no retries of the SDK's own
 * (the layer's apply), the model's timeout, and the images checked before they are kept: a
 * raster format, at most `maxImageBytes` each, no more than were asked.
 */
function imageStep(parts: GenerationParts, task: AnyTask, call: ImageCall): ChainStep<GeneratedImage[]> {
  return {
    step: call.step,
    capability: 'image',
    on(model, apiKey) {
      const imageModel = imageModelFor(model, apiKey, parts.config, parts.tasks);
      const size = sizeFor(model, call.size);
      const [width, height] = dimensions(size);
      return {
        async ask(signal) {
          const result = await generateImage({
            model: imageModel,
            prompt: call.prompt,
            n: call.n,
            size,
            maxRetries: 0,
            // generateImage has no timeout of its own.
            abortSignal: AbortSignal.any([signal, AbortSignal.timeout(model.timeoutMs)]),
            providerOptions: { local: { task: task.name, step: call.step, input: call.localInput as never } },
          });
          const images = result.images.slice(0, call.n).map((image): GeneratedImage => {
            const mediaType = imageMediaTypeSchema.safeParse(image.mediaType);
            if (!mediaType.success) throw new GenerationFailure('image_unsupported', `${model.label} made an image in ${image.mediaType}; only PNG, JPEG and WebP are kept`);
            if (image.uint8Array.byteLength > maxImageBytes) {
              throw new GenerationFailure('image_too_large', `${model.label} made an image of ${megabytes(image.uint8Array.byteLength)}; at most ${megabytes(maxImageBytes)} is kept`);
            }
            return { mediaType: mediaType.data, width, height, base64: image.base64 };
          });
          return { value: images, usage: { tokensIn: result.usage.inputTokens ?? 0, tokensOut: result.usage.outputTokens ?? 0, images: images.length } };
        },
        // An empty answer is simply asked again: there is nothing to show the model.
        answeredWrong: () => undefined,
      };
    },
  };
}

/**
 * The run's `generateImages`: each call through the chain, held to the images the reservation
 * covers, so a settlement never has to be cut short.
 */
export function imageGenerator(
  parts: GenerationParts,
  task: AnyTask,
  chain: readonly RegisteredModel[],
  run: ChainRun,
  imagesReserved: number,
): TaskRun<unknown>['generateImages'] {
  let left = imagesReserved;
  return async (call) => {
    if (!Number.isSafeInteger(call.n) || call.n < 1 || call.n > maxImagesPerCall) {
      throw new GenerationFailure('invalid_image_call', `Task ${task.name} asked for ${call.n} images in one call; a call asks for 1 to ${maxImagesPerCall}`);
    }
    if (call.n > left) throw new GenerationFailure('estimate_exceeded', `Task ${task.name} asked for more images than it set credits aside for (${imagesReserved})`);
    left -= call.n;
    return callThroughChain(parts, chain, imageStep(parts, task, call), run);
  };
}
