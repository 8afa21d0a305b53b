import type { Palette } from '../contract.ts';

/** Colour arithmetic for the theme: contrast (WCAG 2), mixing, and the dark scheme derived from a palette. */

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

const fallbackPalette: Palette = {
  primary: '#2f5bea',
  accent: '#f59e0b',
  background: '#ffffff',
  surface: '#f5f6f8',
  text: '#16181d',
  muted: '#5b6170',
};

export function parseHex(value: string): Rgb | null {
  const match = /^#([0-9a-fA-F]{6})$/.exec(value);
  if (!match) return null;
  const number = Number.parseInt(match[1]!, 16);
  return { r: (number >> 16) & 255, g: (number >> 8) & 255, b: number & 255 };
}

export function toHex({ r, g, b }: Rgb): string {
  const channel = (value: number) => Math.round(Math.min(255, Math.max(0, value))).toString(16).padStart(2, '0');
  return `#${channel(r)}${channel(g)}${channel(b)}`;
}

/** The palette with every colour checked: a value that is not `#rrggbb` becomes the default's. */
export function sanePalette(palette: Partial<Record<keyof Palette, unknown>> | null | undefined): Palette {
  const pick = (key: keyof Palette) => {
    const value = palette?.[key];
    return typeof value === 'string' && parseHex(value) ? value.toLowerCase() : fallbackPalette[key];
  };
  return { primary: pick('primary'), accent: pick('accent'), background: pick('background'), surface: pick('surface'), text: pick('text'), muted: pick('muted') };
}

const linear = (channel: number) => {
  const value = channel / 255;
  return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
};

export function luminance(color: string): number {
  const { r, g, b } = parseHex(color) ?? { r: 0, g: 0, b: 0 };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** `weight` of `b` mixed into `a` (0 = a, 1 = b). */
export function mix(a: string, b: string, weight: number): string {
  const x = parseHex(a) ?? { r: 0, g: 0, b: 0 };
  const y = parseHex(b) ?? { r: 0, g: 0, b: 0 };
  return toHex({ r: x.r + (y.r - x.r) * weight, g: x.g + (y.g - x.g) * weight, b: x.b + (y.b - x.b) * weight });
}

export function withAlpha(color: string, alpha: number): string {
  const { r, g, b } = parseHex(color) ?? { r: 0, g: 0, b: 0 };
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

interface Hsl {
  h: number;
  s: number;
  l: number;
}

export function toHsl(color: string): Hsl {
  const { r, g, b } = parseHex(color) ?? { r: 0, g: 0, b: 0 };
  const [rr, gg, bb] = [r / 255, g / 255, b / 255];
  const max = Math.max(rr, gg, bb);
  const min = Math.min(rr, gg, bb);
  const l = (max + min) / 2;
  if (max === min) return { h: 0, s: 0, l };
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  const h = max === rr ? (gg - bb) / d + (gg < bb ? 6 : 0) : max === gg ? (bb - rr) / d + 2 : (rr - gg) / d + 4;
  return { h: h * 60, s, l };
}

export function fromHsl({ h, s, l }: Hsl): string {
  const hue = (((h % 360) + 360) % 360) / 360;
  if (s === 0) return toHex({ r: l * 255, g: l * 255, b: l * 255 });
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const channel = (t: number) => {
    const tt = t < 0 ? t + 1 : t > 1 ? t - 1 : t;
    if (tt < 1 / 6) return p + (q - p) * 6 * tt;
    if (tt < 1 / 2) return q;
    if (tt < 2 / 3) return p + (q - p) * (2 / 3 - tt) * 6;
    return p;
  };
  return toHex({ r: channel(hue + 1 / 3) * 255, g: channel(hue) * 255, b: channel(hue - 1 / 3) * 255 });
}

/**
 * `color`, moved towards black or white (whichever the background is not) until it reaches
 * `ratio` against `background`: the palette's hue, readable.
 */
export function ensureContrast(color: string, background: string, ratio: number): string {
  if (contrast(color, background) >= ratio) return color;
  const towards = luminance(background) > 0.18 ? '#000000' : '#ffffff';
  for (let step = 1; step <= 20; step += 1) {
    const candidate = mix(color, towards, step / 20);
    if (contrast(candidate, background) >= ratio) return candidate;
  }
  return towards;
}

/** `color` readable on every one of `backgrounds` (they are all light or all dark). */
export function readableOn(color: string, backgrounds: readonly string[], ratio: number): string {
  let result = color;
  for (let round = 0; round < 3; round += 1) for (const background of backgrounds) result = ensureContrast(result, background, ratio);
  return result;
}

/** White or near-black text on `background`, whichever reads better. */
export function onColor(background: string): string {
  const light = '#ffffff';
  const dark = '#111318';
  return contrast(light, background) >= contrast(dark, background) ? light : dark;
}

/** The colours a page is drawn with, all checked for contrast (WCAG AA: 4.5 for text, 3 for large text and borders). */
export interface Scheme {
  mode: 'light' | 'dark';
  background: string;
  surface: string;
  surfaceStrong: string;
  text: string;
  muted: string;
  border: string;
  primary: string;
  onPrimary: string;
  /** Links and the primary colour used as text on the page. */
  link: string;
  accent: string;
  onAccent: string;
  /** The accent used as text or icon colour on the page and on surfaces. */
  accentText: string;
  /** The call-to-action band. */
  band: string;
  onBand: string;
  bandMuted: string;
}

export function schemeFor(rawPalette: Palette, mode: 'light' | 'dark'): Scheme {
  const palette = sanePalette(rawPalette);
  let background: string;
  let surface: string;
  let text: string;
  let muted: string;
  let primary = palette.primary;
  let accent = palette.accent;
  if (mode === 'light') {
    // The palette's own page, made readable if it is not: a dark "background" in light mode is taken as a mistake.
    background = luminance(palette.background) >= 0.6 ? palette.background : mix(palette.background, '#ffffff', 0.94);
    surface = Math.abs(luminance(palette.surface) - luminance(background)) < 0.2 && luminance(palette.surface) > 0.5 ? palette.surface : mix(background, palette.primary, 0.05);
    if (surface === background) surface = mix(background, palette.primary, 0.05);
    text = readableOn(palette.text, [surface, background], 7);
    muted = readableOn(palette.muted, [surface, background], 4.6);
  } else {
    // Dark: the page takes the primary's hue at a low lightness; text is near-white with the same tint.
    const hue = toHsl(palette.primary);
    const saturation = Math.min(hue.s, 0.35);
    background = fromHsl({ h: hue.h, s: saturation, l: 0.075 });
    surface = fromHsl({ h: hue.h, s: saturation, l: 0.115 });
    text = readableOn(fromHsl({ h: hue.h, s: Math.min(hue.s, 0.2), l: 0.94 }), [surface, background], 7);
    muted = readableOn(fromHsl({ h: hue.h, s: Math.min(hue.s, 0.12), l: 0.72 }), [surface, background], 4.6);
    // Keep the brand colours recognisable but not glaring on the dark page.
    const lifted = toHsl(primary);
    if (lifted.l < 0.55) primary = fromHsl({ ...lifted, l: Math.min(0.62, lifted.l + 0.18) });
    const liftedAccent = toHsl(accent);
    if (liftedAccent.l < 0.55) accent = fromHsl({ ...liftedAccent, l: Math.min(0.65, liftedAccent.l + 0.15) });
  }
  const surfaceStrong = mix(surface, text, mode === 'light' ? 0.06 : 0.08);
  const onPrimary = onColor(primary);
  // A button whose label cannot reach 4.5 on the primary colour gets a deeper (or lighter) primary.
  if (contrast(onPrimary, primary) < 4.5) primary = ensureContrast(primary, onPrimary, 4.5);
  // The same for the accent's badges.
  if (contrast(onColor(accent), accent) < 4.5) accent = ensureContrast(accent, onColor(accent), 4.5);
  const band = mode === 'light' ? primary : mix(surface, primary, 0.22);
  const onBand = mode === 'light' ? onColor(band) : ensureContrast(text, band, 7);
  return {
    mode,
    background,
    surface,
    surfaceStrong,
    text,
    muted,
    border: mix(background, text, mode === 'light' ? 0.13 : 0.17),
    primary,
    onPrimary: onColor(primary),
    link: readableOn(primary, [surface, background], 4.6),
    accent,
    onAccent: onColor(accent),
    accentText: readableOn(accent, [surface, background], 4.6),
    band,
    onBand,
    bandMuted: ensureContrast(mix(band, onBand, 0.8), band, 4.6),
  };
}
