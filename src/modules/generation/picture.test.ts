import { describe, expect, it } from 'vitest';
import { decodePng, meanDifference } from '../../../test/support/decode-png.ts';
import { paintPicture, pictureSchema, type Picture } from './picture.ts';
import { pictureFromWords } from './picture-from-words.ts';
import { encodePng } from './png.ts';

const prompts = [
  'A bakery in Lisbon at sunset',
  'mountain lake at night with stars',
  'abstract teal geometry',
  'a green forest hill',
  'city skyline in blue',
  'ocean waves at dawn',
  'quarterly report cover',
  '',
  '東京の夜景',
];
const pngOf = (prompt: string, index = 0, size = 512) => encodePng(paintPicture(pictureFromWords(prompt, index), size, size));
const pixelAt = (picture: Picture, x: number, y: number) => Array.from(paintPicture(picture, 4, 4).pixels.subarray((y * 4 + x) * 3, (y * 4 + x) * 3 + 3));

describe('pictureFromWords', () => {
  it('describes a valid picture for any prompt, the same one every time', () => {
    for (const prompt of prompts) {
      expect(pictureSchema.safeParse(pictureFromWords(prompt)).success, prompt).toBe(true);
      expect(pictureFromWords(prompt, 3)).toEqual(pictureFromWords(prompt, 3));
    }
  });

  it('takes its scene, light and colour from the words', () => {
    const night = pictureFromWords('a harbour at night');
    expect(night.shapes.filter((shape) => shape.kind === 'disc').length).toBeGreaterThan(10);
    expect(pictureFromWords('snowy mountains').shapes.some((shape) => shape.kind === 'polygon')).toBe(true);
    expect(pictureFromWords('the city skyline').shapes.some((shape) => shape.kind === 'polygon' && shape.points.length > 12)).toBe(true);
    // Capitals, punctuation and plurals name the same things.
    expect(pictureFromWords('Mountains!')).toEqual(pictureFromWords('mountain'));
  });
});

describe('painted pictures', () => {
  it('are the same bytes for the same prompt, and visibly different for other prompts or another image number', () => {
    const images = prompts.map((prompt) => pngOf(prompt));
    expect(Buffer.from(pngOf(prompts[0] as string)).equals(Buffer.from(images[0] as Uint8Array))).toBe(true);
    const decoded = images.map((png) => decodePng(png));
    for (const png of decoded) expect(png).toMatchObject({ width: 512, height: 512, bitDepth: 8, colourType: 2 });
    for (let a = 0; a < decoded.length; a++) {
      for (let b = a + 1; b < decoded.length; b++) {
        expect(meanDifference((decoded[a] as { pixels: Uint8Array }).pixels, (decoded[b] as { pixels: Uint8Array }).pixels), `${prompts[a]} / ${prompts[b]}`).toBeGreaterThan(8);
      }
    }
    expect(meanDifference(decodePng(pngOf('a cat', 0)).pixels, decodePng(pngOf('a cat', 1)).pixels)).toBeGreaterThan(8);
  });

  it('paint the sky gradient, then each shape over it, then the vignette', () => {
    const sky: Picture['sky'] = { from: '#ff0000', to: '#0000ff', angle: 0 };
    expect(pixelAt({ sky, shapes: [], vignette: 0 }, 1, 0)[0]).toBeGreaterThan(200);
    expect(pixelAt({ sky, shapes: [], vignette: 0 }, 1, 3)[2]).toBeGreaterThan(200);
    const flat: Picture = { sky: { from: '#336699', to: '#336699', angle: 90 }, shapes: [], vignette: 0 };
    expect(pixelAt(flat, 0, 0)).toEqual([0x33, 0x66, 0x99]);
    expect(pixelAt({ ...flat, shapes: [{ kind: 'disc', x: 0.5, y: 0.5, radius: 2, colour: '#ffffff', opacity: 1 }] }, 2, 2)).toEqual([255, 255, 255]);
    expect(pixelAt({ ...flat, shapes: [{ kind: 'polygon', points: [[0, 0], [1, 0], [1, 1], [0, 1]], colour: '#000000', opacity: 0.5 }] }, 1, 1)).toEqual([0x1a, 0x33, 0x4d]);
    expect(pixelAt({ ...flat, shapes: [{ kind: 'wave', baseline: 0.5, amplitude: 0, wavelength: 1, phase: 0, colour: '#ffffff', shade: '#ffffff', opacity: 1 }] }, 0, 3)).toEqual([255, 255, 255]);
    expect(pixelAt({ ...flat, shapes: [{ kind: 'wave', baseline: 0.5, amplitude: 0, wavelength: 1, phase: 0, colour: '#ffffff', shade: '#ffffff', opacity: 1 }] }, 0, 0)).toEqual([0x33, 0x66, 0x99]);
    const [corner] = pixelAt({ ...flat, vignette: 1 }, 0, 0);
    expect(corner).toBeLessThan(0x33);
  });
});
