import { z } from 'zod';
import type { RgbImage } from './png.ts';

const colour = z.string().regex(/^#[0-9a-f]{6}$/i, { error: 'must be a #rrggbb colour' });
/** A fraction of the canvas's width (x) or height (y); a little beyond the edges is allowed. */
const position = z.number().min(-1).max(2);
const opacity = z.number().min(0).max(1);
/** A fraction of the canvas's shorter side, so circles stay round at any size. */
const radius = z.number().positive().max(2);

const glow = z.object({ kind: z.literal('glow'), x: position, y: position, radius, colour, opacity });
const disc = z.object({ kind: z.literal('disc'), x: position, y: position, radius, colour, opacity });
/** Fills everything below a wavy line (hills, sea, dunes), from `colour` at the line to `shade` at the bottom. */
const wave = z.object({
  kind: z.literal('wave'),
  baseline: position,
  amplitude: z.number().min(0).max(1),
  wavelength: z.number().min(0.02).max(10),
  phase: z.number().min(-100).max(100),
  colour,
  shade: colour,
  opacity,
});
/** Any polygon, filled even-odd (mountain ridges, skylines, facets). */
const polygon = z.object({ kind: z.literal('polygon'), points: z.array(z.tuple([position, position])).min(3).max(64), colour, opacity });

/**
 * What the local image model paints: a description that does not depend on the size asked for,
 * which a task's local generator writes and the painter renders. Layers are painted in order,
 * over a linear gradient, then darkened towards the corners by `vignette`.
 */
export const pictureSchema = z.object({
  sky: z.object({ from: colour, to: colour, angle: z.number().min(0).max(360) }),
  shapes: z.array(z.discriminatedUnion('kind', [glow, disc, wave, polygon])).max(64),
  vignette: z.number().min(0).max(1),
});
export type Picture = z.infer<typeof pictureSchema>;
type Shape = Picture['shapes'][number];
type Rgb = readonly [number, number, number];

const rgbOf = (hex: string): Rgb => [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255) as unknown as Rgb;
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** Colours in 0…1 per channel while painting, so layers blend without rounding at each step. */
interface Canvas {
  width: number;
  height: number;
  rgb: Float32Array;
}

function blend(canvas: Canvas, pixel: number, colour: Rgb, alpha: number): void {
  if (alpha <= 0) return;
  const at = pixel * 3;
  const { rgb } = canvas;
  rgb[at] = (rgb[at] as number) + (colour[0] - (rgb[at] as number)) * alpha;
  rgb[at + 1] = (rgb[at + 1] as number) + (colour[1] - (rgb[at + 1] as number)) * alpha;
  rgb[at + 2] = (rgb[at + 2] as number) + (colour[2] - (rgb[at + 2] as number)) * alpha;
}

function paintSky(canvas: Canvas, sky: Picture['sky']): void {
  const from = rgbOf(sky.from);
  const to = rgbOf(sky.to);
  const angle = (sky.angle * Math.PI) / 180;
  const reach = Math.abs(Math.sin(angle)) + Math.abs(Math.cos(angle));
  // t runs from 0 to 1 along the gradient's direction, corner to corner: linear in x and y.
  const perX = Math.sin(angle) / reach / canvas.width;
  const perY = Math.cos(angle) / reach / canvas.height;
  const start = 0.5 - (Math.sin(angle) + Math.cos(angle)) / reach / 2;
  const { rgb, width, height } = canvas;
  for (let y = 0, at = 0; y < height; y++) {
    for (let x = 0; x < width; x++, at += 3) {
      const raw = start + (x + 0.5) * perX + (y + 0.5) * perY;
      const t = raw < 0 ? 0 : raw > 1 ? 1 : raw;
      rgb[at] = from[0] + (to[0] - from[0]) * t;
      rgb[at + 1] = from[1] + (to[1] - from[1]) * t;
      rgb[at + 2] = from[2] + (to[2] - from[2]) * t;
    }
  }
}

/**
 * A circle, soft (`glow`: a smooth bump, (1 − d²/r²)², that needs no square root) or crisp with
 * an anti-aliased edge (`disc`); only the rows and spans it covers are visited.
 */
function paintRound(canvas: Canvas, shape: Extract<Shape, { kind: 'glow' | 'disc' }>): void {
  const cx = shape.x * canvas.width;
  const cy = shape.y * canvas.height;
  const r = shape.radius * Math.min(canvas.width, canvas.height);
  const reach = r + 1;
  const inside = Math.max(0, r - 1) ** 2;
  const colour = rgbOf(shape.colour);
  const soft = shape.kind === 'glow';
  for (let y = Math.max(0, Math.floor(cy - reach)); y < Math.min(canvas.height, Math.ceil(cy + reach)); y++) {
    const dy = y + 0.5 - cy;
    const half = Math.sqrt(Math.max(0, reach * reach - dy * dy));
    for (let x = Math.max(0, Math.floor(cx - half)); x < Math.min(canvas.width, Math.ceil(cx + half)); x++) {
      const dx = x + 0.5 - cx;
      const squared = dx * dx + dy * dy;
      let cover: number;
      if (soft) {
        const fade = 1 - squared / (r * r);
        cover = fade > 0 ? fade * fade : 0;
      } else cover = squared <= inside ? 1 : clamp(r - Math.sqrt(squared) + 0.5, 0, 1);
      blend(canvas, y * canvas.width + x, colour, cover * shape.opacity);
    }
  }
}

function paintWave(canvas: Canvas, shape: Extract<Shape, { kind: 'wave' }>): void {
  const colour = rgbOf(shape.colour);
  const shade = rgbOf(shape.shade);
  const mixed: [number, number, number] = [0, 0, 0];
  for (let x = 0; x < canvas.width; x++) {
    const turn = (2 * Math.PI * (x + 0.5)) / canvas.width / shape.wavelength;
    // Two sines out of step make a line that never quite repeats, like a real horizon.
    const edge = (shape.baseline + shape.amplitude * (0.65 * Math.sin(turn + shape.phase) + 0.35 * Math.sin(turn * 2.17 + shape.phase * 1.3))) * canvas.height;
    const depth = Math.max(1, canvas.height - edge);
    for (let y = Math.max(0, Math.floor(edge)); y < canvas.height; y++) {
      const t = clamp((y - edge) / depth, 0, 1);
      mixed[0] = colour[0] + (shade[0] - colour[0]) * t;
      mixed[1] = colour[1] + (shade[1] - colour[1]) * t;
      mixed[2] = colour[2] + (shade[2] - colour[2]) * t;
      blend(canvas, y * canvas.width + x, mixed, clamp(y + 1 - edge, 0, 1) * shape.opacity);
    }
  }
}

const subRows = 4;

/** Adds `weight` of coverage for the span [from, to) of one sub-row, with fractional pixels at both ends. */
function addSpan(cover: Float32Array, from: number, to: number, weight: number): void {
  const start = clamp(from, 0, cover.length);
  const end = clamp(to, 0, cover.length);
  if (end <= start) return;
  const first = Math.floor(start);
  const last = Math.floor(end);
  if (first === last) {
    cover[first] = (cover[first] as number) + (end - start) * weight;
    return;
  }
  cover[first] = (cover[first] as number) + (first + 1 - start) * weight;
  for (let x = first + 1; x < last; x++) cover[x] = (cover[x] as number) + weight;
  if (last < cover.length) cover[last] = (cover[last] as number) + (end - last) * weight;
}

/** Scanline fill, four sub-rows a pixel row, so slanted edges are anti-aliased too; only the span a row touches is blended. */
function paintPolygon(canvas: Canvas, shape: Extract<Shape, { kind: 'polygon' }>): void {
  const { width, height } = canvas;
  const xs = Float64Array.from(shape.points, ([x]) => x * width);
  const ys = Float64Array.from(shape.points, ([, y]) => y * height);
  const colour = rgbOf(shape.colour);
  const cover = new Float32Array(width);
  const crossings = new Float64Array(xs.length);
  for (let y = Math.max(0, Math.floor(Math.min(...ys))); y < Math.min(height, Math.ceil(Math.max(...ys))); y++) {
    let left = width;
    let right = 0;
    for (let sub = 0; sub < subRows; sub++) {
      const line = y + (sub + 0.5) / subRows;
      let count = 0;
      for (let at = 0, previous = xs.length - 1; at < xs.length; previous = at++) {
        const y1 = ys[previous] as number;
        const y2 = ys[at] as number;
        if (y1 <= line !== y2 <= line) crossings[count++] = (xs[previous] as number) + ((line - y1) * ((xs[at] as number) - (xs[previous] as number))) / (y2 - y1);
      }
      // A typed array sorts numerically, without a comparator.
      const sorted = crossings.subarray(0, count).sort();
      for (let at = 0; at + 1 < count; at += 2) {
        addSpan(cover, sorted[at] as number, sorted[at + 1] as number, 1 / subRows);
        left = Math.min(left, Math.floor(sorted[at] as number));
        right = Math.max(right, Math.ceil(sorted[at + 1] as number));
      }
    }
    for (let x = Math.max(0, left); x < Math.min(width, right + 1); x++) {
      blend(canvas, y * width + x, colour, Math.min(1, cover[x] as number) * shape.opacity);
      cover[x] = 0;
    }
  }
}

function toPixels(canvas: Canvas, vignette: number): RgbImage {
  const { width, height, rgb } = canvas;
  const pixels = new Uint8Array(width * height * 3);
  const squared = (at: number, size: number) => (((at + 0.5) / size) * 2 - 1) ** 2;
  const across = Float32Array.from({ length: width }, (_, x) => squared(x, width));
  for (let y = 0, at = 0; y < height; y++) {
    const down = squared(y, height);
    for (let x = 0; x < width; x++, at += 3) {
      // Darkest in the corners, where the distance from the centre is greatest.
      const corner = ((across[x] as number) + down) / 2;
      // Channels stay within 0…1 (blends of colours that do), so + 0.5 rounds and the store truncates within 0…255.
      const scale = (1 - vignette * corner * corner) * 255;
      pixels[at] = (rgb[at] as number) * scale + 0.5;
      pixels[at + 1] = (rgb[at + 1] as number) * scale + 0.5;
      pixels[at + 2] = (rgb[at + 2] as number) * scale + 0.5;
    }
  }
  return { width, height, pixels };
}

/** Renders a picture at the given size, the same pixels every time. */
export function paintPicture(picture: Picture, width: number, height: number): RgbImage {
  const canvas: Canvas = { width, height, rgb: new Float32Array(width * height * 3) };
  paintSky(canvas, picture.sky);
  for (const shape of picture.shapes) {
    if (shape.kind === 'wave') paintWave(canvas, shape);
    else if (shape.kind === 'polygon') paintPolygon(canvas, shape);
    else paintRound(canvas, shape);
  }
  return toPixels(canvas, picture.vignette);
}
