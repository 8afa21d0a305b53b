import type { Picture } from './picture.ts';

type Scene = 'hills' | 'sea' | 'mountains' | 'city' | 'abstract';
type Light = 'day' | 'dusk' | 'night';
type Shape = Picture['shapes'][number];

const sceneWords: Record<Scene, readonly string[]> = {
  hills: ['hill', 'meadow', 'field', 'valley', 'garden', 'farm', 'vineyard', 'countryside', 'landscape', 'park', 'desert', 'dune'],
  sea: ['sea', 'ocean', 'wave', 'beach', 'lake', 'river', 'coast', 'harbour', 'harbor', 'bay', 'surf', 'water', 'island', 'sail'],
  mountains: ['mountain', 'peak', 'alps', 'summit', 'snow', 'glacier', 'volcano', 'cliff', 'ski', 'hike', 'trail'],
  city: ['city', 'town', 'street', 'skyline', 'building', 'downtown', 'urban', 'office', 'shop', 'bakery', 'cafe', 'restaurant', 'studio'],
  abstract: ['abstract', 'pattern', 'shape', 'bubble', 'geometry', 'geometric', 'logo', 'texture', 'wallpaper', 'background', 'gradient'],
};
const lightWords: Record<Exclude<Light, 'day'>, readonly string[]> = {
  night: ['night', 'midnight', 'moon', 'star', 'dark', 'galaxy', 'space', 'nocturne'],
  dusk: ['sunset', 'sunrise', 'dusk', 'dawn', 'evening', 'twilight', 'golden'],
};
/** Words that name a colour, or a thing with one, as a hue in degrees. */
const hueWords: Readonly<Record<string, number>> = {
  red: 0, crimson: 350, cherry: 348, rose: 340, pink: 330, coral: 12, fire: 14, orange: 28, autumn: 26, brown: 24, coffee: 24, chocolate: 20,
  bread: 34, amber: 40, honey: 42, gold: 46, golden: 46, summer: 46, yellow: 52, lemon: 56, lime: 85, spring: 105, green: 125, forest: 140,
  emerald: 150, mint: 155, teal: 175, turquoise: 178, ice: 192, cyan: 188, winter: 205, sky: 205, blue: 220, navy: 228, indigo: 245,
  lavender: 268, violet: 265, purple: 280, plum: 300, magenta: 315, wine: 345, sun: 45, sand: 40, desert: 35, grass: 110, leaf: 115,
  tree: 130, water: 195, lake: 195, river: 195, sea: 200, ocean: 205, snow: 210,
};

/** FNV-1a: a stable 32-bit number from text. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let at = 0; at < text.length; at++) hash = Math.imul(hash ^ text.charCodeAt(at), 0x01000193);
  return hash >>> 0;
}

/** mulberry32: a small seeded PRNG, so the same words always draw the same picture. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(hue: number, saturation: number, lightness: number): string {
  const s = Math.min(1, Math.max(0, saturation));
  const l = Math.min(1, Math.max(0, lightness));
  const h = (((hue % 360) + 360) % 360) / 30;
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h) % 12;
    return Math.round((l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))) * 255);
  };
  return `#${[0, 8, 4].map((n) => channel(n).toString(16).padStart(2, '0')).join('')}`;
}

/** Moves `from` towards `to` the short way round the colour wheel. */
const towards = (from: number, to: number, share: number) => from + ((((to - from) % 360) + 540) % 360 - 180) * share;

const singular = (word: string) => (word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word);

/** The picture one prompt's words suggest: their scene, light and colour, laid out by a PRNG seeded with the words and the image's number. */
export function pictureFromWords(prompt: string, index = 0): Picture {
  const words = (prompt.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(singular);
  const random = seededRandom(hashOf(`${words.join(' ')}#${index}`));
  const between = (low: number, high: number) => low + random() * (high - low);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  // The first word that names one wins: "a mountain lake" is mountains, "a lake below the mountains" water.
  const named = <T extends string>(table: Readonly<Record<T, readonly string[]>>) => {
    for (const word of words) for (const key of Object.keys(table) as T[]) if (table[key].includes(word)) return key;
    return undefined;
  };

  const hue = words.map((word) => hueWords[word]).find((value) => value !== undefined) ?? hashOf(words.join(' ')) % 360;
  const accent = hue + pick([30, -30, 150, 180, 210]);
  const scene: Scene = named(sceneWords) ?? pick(['hills', 'sea', 'mountains', 'abstract', 'hills', 'sea', 'city']);
  const light: Light = named(lightWords) ?? (random() < 0.2 ? 'dusk' : 'day');
  return scene === 'abstract' ? abstractPicture(hue, accent, light, between, pick) : landscapePicture(scene, hue, accent, light, between, pick);
}

type Between = (low: number, high: number) => number;
type Pick = <T>(items: readonly T[]) => T;

/** A landscape's sky: blue by day, a little of the picture's hue in it. */
function skyOf(hue: number, light: Light): Picture['sky'] {
  const skyHue = towards(210, hue, 0.3);
  if (light === 'night') return { from: hex(232, 0.55, 0.08), to: hex(towards(240, hue, 0.3), 0.45, 0.26), angle: 0 };
  if (light === 'dusk') return { from: hex(262, 0.42, 0.36), to: hex(towards(25, hue, 0.15), 0.9, 0.7), angle: 0 };
  return { from: hex(skyHue, 0.6, 0.7), to: hex(skyHue + 20, 0.7, 0.92), angle: 0 };
}

/** The sun, low at dusk, or the moon and its stars. */
function heavens(light: Light, horizon: number, between: Between): Shape[] {
  const x = between(0.2, 0.8);
  if (light === 'night') {
    const stars = Array.from({ length: Math.round(between(14, 26)) }, (): Shape => ({ kind: 'disc', x: between(0, 1), y: between(0, horizon * 0.9), radius: between(0.0015, 0.004), colour: '#fff8e8', opacity: between(0.5, 1) }));
    const y = between(0.12, 0.3);
    const moon: Shape[] = [
      { kind: 'glow', x, y, radius: 0.22, colour: '#c9d6ff', opacity: 0.25 },
      { kind: 'disc', x, y, radius: between(0.045, 0.07), colour: hex(50, 0.3, 0.92), opacity: 1 },
    ];
    return [...stars, ...moon];
  }
  const y = light === 'dusk' ? horizon - between(0.02, 0.1) : between(0.12, 0.32);
  return [
    { kind: 'glow', x, y, radius: between(0.45, 0.7), colour: light === 'dusk' ? hex(28, 1, 0.62) : hex(48, 1, 0.88), opacity: 0.55 },
    { kind: 'disc', x, y, radius: between(0.06, 0.1), colour: light === 'dusk' ? hex(38, 1, 0.78) : hex(50, 1, 0.95), opacity: 0.95 },
  ];
}

/** One layer of the land, back (0) to front (1): farther layers are lighter and take the accent, like air between. */
function layerColours(hue: number, accent: number, light: Light, depth: number) {
  const [far, near] = light === 'night' ? [0.3, 0.07] : light === 'dusk' ? [0.5, 0.14] : [0.68, 0.26];
  const ownHue = towards(accent, hue, 0.35 + depth * 0.65);
  // Low light turns distant land violet and blue, as it does outside.
  const layerHue = light === 'day' ? ownHue : towards(ownHue, light === 'dusk' ? 280 : 235, 0.45);
  const lightness = far + (near - far) * depth;
  return { colour: hex(layerHue, 0.3 + depth * 0.25, lightness), shade: hex(layerHue, 0.35 + depth * 0.25, lightness * 0.7) };
}

function ridge(baseline: number, peaks: number, height: number, between: Between): [number, number][] {
  const points: [number, number][] = [[-0.05, 1.02]];
  for (let at = 0; at <= peaks * 2; at++) {
    const x = -0.05 + (at / (peaks * 2)) * 1.1 + between(-0.03, 0.03);
    points.push([x, at % 2 === 1 ? baseline - height * between(0.5, 1) : baseline - height * between(0, 0.25)]);
  }
  points.push([1.05, 1.02]);
  return points;
}

function skyline(baseline: number, height: number, between: Between): [number, number][] {
  const points: [number, number][] = [[-0.02, 1.02]];
  for (let x = -0.02; x < 1.02 && points.length < 60; ) {
    const top = baseline - height * between(0.2, 1);
    const next = x + between(0.04, 0.11);
    points.push([x, top], [next, top]);
    x = next;
  }
  points.push([points.at(-1)?.[0] ?? 1.02, 1.02]);
  return points;
}

function landscapePicture(scene: Exclude<Scene, 'abstract'>, hue: number, accent: number, light: Light, between: Between, pick: Pick): Picture {
  const layers = Math.round(between(3, 5));
  const horizon = scene === 'sea' ? between(0.52, 0.62) : between(0.45, 0.6);
  const sky = skyOf(hue, light);
  const shapes: Shape[] = heavens(light, horizon, between);
  for (let layer = 0; layer < layers; layer++) {
    const depth = layer / (layers - 1);
    const { colour, shade } = layerColours(hue, accent, light, depth);
    const baseline = horizon + depth * (1 - horizon) * 0.55;
    const front = layer === layers - 1;
    if (layer === 1) shapes.push({ kind: 'glow', x: 0.5, y: horizon, radius: 0.9, colour: sky.to, opacity: 0.18 });
    if (scene === 'mountains' && !front) shapes.push({ kind: 'polygon', points: ridge(baseline, Math.round(between(2, 5)), between(0.12, 0.3) * (1 - depth * 0.5), between), colour, opacity: 1 });
    else if (scene === 'city' && !front) shapes.push({ kind: 'polygon', points: skyline(baseline, between(0.12, 0.28) * (1 - depth * 0.4), between), colour, opacity: 1 });
    else {
      const calm = scene === 'sea' && !front;
      shapes.push({
        kind: 'wave',
        baseline,
        amplitude: calm ? between(0.004, 0.012) : between(0.02, 0.06),
        wavelength: calm ? between(0.12, 0.3) : pick([0.7, 1, 1.4, 2]),
        phase: between(0, 2 * Math.PI),
        colour,
        shade,
        opacity: 1,
      });
    }
  }
  return { sky, shapes, vignette: light === 'night' ? 0.45 : light === 'dusk' ? 0.35 : 0.25 };
}

function abstractPicture(hue: number, accent: number, light: Light, between: Between, pick: Pick): Picture {
  const dark = light === 'night';
  const sky: Picture['sky'] = { from: hex(hue, 0.55, dark ? 0.12 : 0.82), to: hex(accent, 0.5, dark ? 0.3 : 0.55), angle: between(0, 360) };
  const palette = [hue, accent, towards(hue, accent, 0.5), hue + 40];
  const shapes: Shape[] = [];
  for (let at = 0; at < 4; at++) shapes.push({ kind: 'glow', x: between(0, 1), y: between(0, 1), radius: between(0.35, 0.7), colour: hex(pick(palette), 0.75, dark ? 0.45 : 0.7), opacity: between(0.35, 0.6) });
  for (let at = 0; at < 3; at++) {
    const [x, y, size] = [between(0.1, 0.9), between(0.1, 0.9), between(0.15, 0.35)];
    const turn = between(0, 2 * Math.PI);
    const corners = pick([3, 4, 6]);
    const points = Array.from({ length: corners }, (_, corner): [number, number] => [x + size * Math.cos(turn + (corner * 2 * Math.PI) / corners), y + size * Math.sin(turn + (corner * 2 * Math.PI) / corners)]);
    shapes.push({ kind: 'polygon', points, colour: hex(pick(palette), 0.6, dark ? 0.55 : 0.45), opacity: between(0.18, 0.35) });
  }
  for (let at = 0, count = Math.round(between(7, 14)); at < count; at++) {
    shapes.push({ kind: 'disc', x: between(0, 1), y: between(0, 1), radius: between(0.02, 0.12), colour: hex(pick(palette), 0.7, dark ? 0.7 : 0.9), opacity: between(0.2, 0.55) });
  }
  return { sky, shapes, vignette: 0.2 };
}
