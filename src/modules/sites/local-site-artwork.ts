import type { IconName, Palette } from './contract.ts';
import { randomFrom } from './local-site-brief.ts';
import { mix, toHsl, fromHsl } from './render/colors.ts';
import { iconShape } from './render/icons.ts';

/**
 * Placeholder pictures for generated sites: abstract compositions in the site's palette with
 * the business's motif, as `data:image/svg+xml` URLs (nothing to host, nothing loaded from
 * elsewhere). They stand in for the owner's photos until they replace them.
 */

export type ArtworkStyle = 'hills' | 'arches' | 'orbits' | 'tiles';
export const artworkStyles: ArtworkStyle[] = ['hills', 'arches', 'orbits', 'tiles'];

const round = (value: number) => Math.round(value * 10) / 10;

function shade(color: string, lightness: number): string {
  const hsl = toHsl(color);
  return fromHsl({ ...hsl, l: lightness });
}

export function artwork(options: { palette: Palette; motif: IconName; seed: number; style?: ArtworkStyle; withMotif?: boolean }): string {
  const random = randomFrom(options.seed);
  const { primary, accent } = options.palette;
  const style = options.style ?? random.pick(artworkStyles);
  const sky = [mix(shade(primary, 0.93), '#ffffff', 0.2), mix(shade(accent, 0.85), '#ffffff', 0.25)];
  const tones = [shade(primary, 0.78), shade(primary, 0.62), shade(primary, 0.45), shade(primary, 0.3)];
  const warm = [shade(accent, 0.72), shade(accent, 0.58)];
  const parts: string[] = [];
  const angle = Math.floor(random.next() * 60) + 100;
  parts.push(`<defs><linearGradient id='g' gradientTransform='rotate(${angle} .5 .5)'><stop offset='0' stop-color='${sky[0]}'/><stop offset='1' stop-color='${sky[1]}'/></linearGradient></defs>`);
  parts.push(`<rect width='1200' height='900' fill='url(#g)'/>`);
  switch (style) {
    case 'hills': {
      const sunX = 250 + random.next() * 700;
      parts.push(`<circle cx='${round(sunX)}' cy='${round(220 + random.next() * 120)}' r='${round(90 + random.next() * 60)}' fill='${warm[0]}'/>`);
      tones.forEach((tone, layer) => {
        const base = 470 + layer * 110;
        const amplitude = 70 - layer * 10;
        const a = base - amplitude * random.next();
        const b = base + amplitude * (random.next() - 0.5);
        const c = base - amplitude * random.next();
        parts.push(`<path d='M0 ${round(a)} C 300 ${round(b - amplitude)}, 500 ${round(c + amplitude)}, 800 ${round(b)} S 1100 ${round(a - amplitude / 2)}, 1200 ${round(c)} V 900 H 0 Z' fill='${tone}'/>`);
      });
      break;
    }
    case 'arches': {
      const count = 3 + Math.floor(random.next() * 2);
      const width = 1200 / count;
      for (let index = 0; index < count; index += 1) {
        const tone = index % 2 === 0 ? tones[1 + (index % 3)]! : warm[index % 2]!;
        const top = 260 + random.next() * 220;
        const x = index * width + width * 0.12;
        const w = width * 0.76;
        parts.push(`<path d='M${round(x)} 900 V ${round(top + w / 2)} A ${round(w / 2)} ${round(w / 2)} 0 0 1 ${round(x + w)} ${round(top + w / 2)} V 900 Z' fill='${tone}'/>`);
      }
      parts.push(`<rect y='780' width='1200' height='120' fill='${tones[3]}'/>`);
      break;
    }
    case 'orbits': {
      for (let index = 0; index < 5; index += 1) {
        const r = 120 + random.next() * 260;
        parts.push(`<circle cx='${round(random.next() * 1200)}' cy='${round(random.next() * 900)}' r='${round(r)}' fill='${index % 2 === 0 ? tones[index % 4] : warm[index % 2]}' fill-opacity='${round(0.55 + random.next() * 0.4)}'/>`);
      }
      break;
    }
    case 'tiles': {
      const size = 150;
      for (let y = 0; y < 900; y += size) {
        for (let x = 0; x < 1200; x += size) {
          const pick = random.next();
          if (pick < 0.35) continue;
          const fill = pick < 0.6 ? tones[0] : pick < 0.8 ? tones[1] : pick < 0.92 ? warm[0] : tones[2];
          const shape = random.next();
          if (shape < 0.4) parts.push(`<circle cx='${x + size / 2}' cy='${y + size / 2}' r='${size / 2 - 8}' fill='${fill}'/>`);
          else if (shape < 0.7) parts.push(`<path d='M${x + 8} ${y + size - 8} A ${size - 16} ${size - 16} 0 0 1 ${x + size - 8} ${y + 8} V ${y + size - 8} Z' fill='${fill}'/>`);
          else parts.push(`<rect x='${x + 8}' y='${y + 8}' width='${size - 16}' height='${size - 16}' rx='18' fill='${fill}'/>`);
        }
      }
      break;
    }
  }
  if (options.withMotif !== false) {
    const scale = 9;
    const cx = 600;
    const cy = style === 'hills' ? 380 : 450;
    parts.push(`<circle cx='${cx}' cy='${cy}' r='150' fill='${shade(primary, 0.28)}' fill-opacity='0.9'/>`);
    parts.push(
      `<g transform='translate(${cx - 12 * scale} ${cy - 12 * scale}) scale(${scale})' fill='none' stroke='#ffffff' stroke-width='1.3' stroke-linecap='round' stroke-linejoin='round'>${iconShape(options.motif).replace(/"/g, "'")}</g>`,
    );
  }
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1200 900' width='1200' height='900'>${parts.join('')}</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
