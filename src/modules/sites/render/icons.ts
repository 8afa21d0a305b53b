import { iconNames, type IconName } from '../contract.ts';
import { type Markup, trusted } from './escape.ts';

/**
 * The section icons: simple line drawings on a 24-unit grid, stroked with the current colour,
 * inlined in the page (nothing is loaded). Drawn for Atelier.
 */
const shapes: Record<IconName, string> = {
  sparkle: '<path d="M12 3l1.9 5.6L19.5 10.5l-5.6 1.9L12 18l-1.9-5.6L4.5 10.5l5.6-1.9z"/><path d="M19 16v4M17 18h4"/>',
  leaf: '<path d="M5 19c0-8 5-13 14-14 0 9-5 14-13 14z"/><path d="M5 19l8-8"/>',
  heart: '<path d="M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10z"/>',
  star: '<path d="M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.9l-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z"/>',
  clock: '<circle cx="12" cy="12" r="8.5"/><path d="M12 7.5V12l3 2"/>',
  shield: '<path d="M12 3l7 3v5c0 4.6-3 8.3-7 10-4-1.7-7-5.4-7-10V6z"/><path d="M9 12l2 2 4-4"/>',
  check: '<circle cx="12" cy="12" r="8.5"/><path d="M8 12.5l2.7 2.7L16 9.5"/>',
  users: '<circle cx="9" cy="8.5" r="3.2"/><path d="M3.5 19c.6-3.3 2.8-5 5.5-5s4.9 1.7 5.5 5"/><path d="M15.5 5.6a3.2 3.2 0 0 1 0 5.8M17.5 14.3c1.6.6 2.7 2.2 3 4.7"/>',
  'map-pin': '<path d="M12 21s-6.5-5.6-6.5-11a6.5 6.5 0 0 1 13 0c0 5.4-6.5 11-6.5 11z"/><circle cx="12" cy="10" r="2.4"/>',
  phone: '<path d="M6.5 3.5h3l1.5 4-2 1.3a10 10 0 0 0 6.2 6.2l1.3-2 4 1.5v3a2 2 0 0 1-2.2 2A16.5 16.5 0 0 1 4.5 5.7a2 2 0 0 1 2-2.2z"/>',
  mail: '<rect x="3.5" y="5.5" width="17" height="13" rx="2"/><path d="M4 7l8 6 8-6"/>',
  calendar: '<rect x="4" y="5.5" width="16" height="14.5" rx="2"/><path d="M4 10h16M8.5 3.5v4M15.5 3.5v4"/>',
  cup: '<path d="M5 9h11v5a5 5 0 0 1-5 5h-1a5 5 0 0 1-5-5z"/><path d="M16 10.5h1.5a2.5 2.5 0 0 1 0 5H16"/><path d="M9 3.5c-.8 1 .8 2 0 3M12.5 3.5c-.8 1 .8 2 0 3"/>',
  wheat: '<path d="M12 21V9"/><path d="M12 9c-2.5 0-3.5-2-3.5-4.5C11 4.5 12 6.5 12 9zM12 9c2.5 0 3.5-2 3.5-4.5C13 4.5 12 6.5 12 9z"/><path d="M12 14c-2.5 0-4-1.7-4-4 2.5 0 4 1.7 4 4zM12 14c2.5 0 4-1.7 4-4-2.5 0-4 1.7-4 4z"/><path d="M12 18.5c-2.5 0-4-1.7-4-4 2.5 0 4 1.7 4 4zM12 18.5c2.5 0 4-1.7 4-4-2.5 0-4 1.7-4 4z"/>',
  book: '<path d="M4 5.5c2.7-1 5.3-1 8 .8 2.7-1.8 5.3-1.8 8-.8V19c-2.7-1-5.3-1-8 .8-2.7-1.8-5.3-1.8-8-.8z"/><path d="M12 6.3v13.5"/>',
  camera: '<path d="M4 8h3.2l1.6-2.5h6.4L16.8 8H20a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V9a1 1 0 0 1 1-1z"/><circle cx="12" cy="13" r="3.5"/>',
  scissors: '<circle cx="6.5" cy="6.5" r="2.5"/><circle cx="6.5" cy="17.5" r="2.5"/><path d="M8.6 8L20 17M8.6 16L20 7"/>',
  flower: '<circle cx="12" cy="9" r="2.2"/><path d="M12 6.8c-1.5-3.3 1.5-4.3 2-2.8.5-1.5 3.5-.5 1 2.5 3.3-1 4 2 2 2.5 2 .5 1.3 3.5-2 2.5 2.5 3-.5 4-1 2.5-.5 1.5-3.5.5-2-2.5"/><path d="M12 11.2c1.5 3.3-1.5 4.3-2 2.8-.5 1.5-3.5.5-1-2.5-3.3 1-4-2-2-2.5-2-.5-1.3-3.5 2-2.5-2.5-3 .5-4 1-2.5.5-1.5 3.5-.5 2 2.5"/><path d="M12 11.5V21M12 17c2-2.2 4-2.5 5.5-2-0.5 2-2.5 3-5.5 2z"/>',
  wrench: '<path d="M14.7 6.3a4 4 0 0 0 5 5L12.6 18.4a2.1 2.1 0 0 1-3-3L16.7 8.3"/><path d="M14.7 6.3a4 4 0 0 1 4.8-2.6l-2.6 2.6.4 2.2 2.2.4 2.6-2.6a4 4 0 0 1-2.4 4.8"/><path d="M9.6 15.4L5 20"/>',
  code: '<path d="M8.5 7L3.5 12l5 5M15.5 7l5 5-5 5M13.5 4.5l-3 15"/>',
  chart: '<path d="M4 4v16h16"/><path d="M7.5 15l3.5-4 3 2.5 5-6"/>',
  briefcase: '<rect x="3.5" y="7.5" width="17" height="12" rx="2"/><path d="M9 7.5V5.5a1.5 1.5 0 0 1 1.5-1.5h3A1.5 1.5 0 0 1 15 5.5v2M3.5 12.5h17"/>',
  home: '<path d="M4 11l8-6.5 8 6.5"/><path d="M6 9.5V20h12V9.5"/><path d="M10 20v-5.5h4V20"/>',
  graduation: '<path d="M2.5 9.5L12 5l9.5 4.5L12 14z"/><path d="M6.5 11.5v4.5c1.5 1.5 3.5 2.3 5.5 2.3s4-.8 5.5-2.3v-4.5M21.5 9.5v5"/>',
  smile: '<circle cx="12" cy="12" r="8.5"/><path d="M8.5 14c.9 1.4 2.1 2 3.5 2s2.6-.6 3.5-2"/><path d="M9 9.5h.01M15 9.5h.01"/>',
  sun: '<circle cx="12" cy="12" r="4"/><path d="M12 2.5v2M12 19.5v2M2.5 12h2M19.5 12h2M5.3 5.3l1.4 1.4M17.3 17.3l1.4 1.4M5.3 18.7l1.4-1.4M17.3 6.7l1.4-1.4"/>',
  truck: '<path d="M3 6.5h11v10H3zM14 10h4l3 3.5v3h-7z"/><circle cx="7" cy="17.5" r="1.8"/><circle cx="17.5" cy="17.5" r="1.8"/>',
  gift: '<rect x="4" y="9" width="16" height="11" rx="1.5"/><path d="M3 9h18M12 9v11"/><path d="M12 9c-3 0-4.5-1-4.5-2.5S9.5 4 12 9zM12 9c3 0 4.5-1 4.5-2.5S14.5 4 12 9z"/>',
  palette: '<path d="M12 3.5a8.5 8.5 0 1 0 0 17c1.3 0 1.8-1 1.2-2.1-.7-1.2 0-2.4 1.4-2.4h2.2a3.7 3.7 0 0 0 3.7-3.7C20.5 7.4 16.7 3.5 12 3.5z"/><circle cx="7.8" cy="11" r="1"/><circle cx="10" cy="7.5" r="1"/><circle cx="14.2" cy="7.5" r="1"/>',
  scale: '<path d="M12 4v16M7 20h10M5 7.5h14"/><path d="M5 7.5L2.5 13a2.5 2.5 0 0 0 5 0zM19 7.5L16.5 13a2.5 2.5 0 0 0 5 0z"/>',
  tooth: '<path d="M8 3.5c1.6 0 2.4.8 4 .8s2.4-.8 4-.8c2.4 0 3.6 2 3.3 4.8-.3 2.7-1.3 4-1.8 6.7-.4 2.3-.7 5.5-2.2 5.5s-1.4-4.5-3.3-4.5-1.8 4.5-3.3 4.5-1.8-3.2-2.2-5.5C6 12.3 5 11 4.7 8.3 4.4 5.5 5.6 3.5 8 3.5z"/>',
  activity: '<path d="M3 12.5h4l2.5-6 5 12 2.5-6h4"/>',
  bolt: '<path d="M13.5 3L5 13.5h6.5L10.5 21 19 10.5h-6.5z"/>',
  globe: '<circle cx="12" cy="12" r="8.5"/><path d="M3.5 12h17M12 3.5c2.3 2.4 3.4 5.2 3.4 8.5s-1.1 6.1-3.4 8.5c-2.3-2.4-3.4-5.2-3.4-8.5S9.7 5.9 12 3.5z"/>',
  chat: '<path d="M4.5 5.5h15a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H10l-4.5 3.5v-3.5h-1a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1z"/><path d="M8 10h8M8 13h5"/>',
  lock: '<rect x="5" y="10.5" width="14" height="10" rx="2"/><path d="M8 10.5V8a4 4 0 0 1 8 0v2.5M12 14.5v2"/>',
  utensils: '<path d="M6.5 3.5V9a2 2 0 0 0 4 0V3.5M8.5 3.5V21"/><path d="M17 21V3.5c-2 .8-3.2 3.2-3.2 6.2 0 2 1 3.3 3.2 3.3"/>',
  ruler: '<path d="M3.5 16.5L16.5 3.5l4 4-13 13z"/><path d="M7 13l1.8 1.8M9.5 10.5l2.5 2.5M12 8l1.8 1.8M14.5 5.5l2.5 2.5"/>',
};

const known = new Set<string>(iconNames);

/** The icon's drawing alone (SVG elements on the 24-unit grid), for artwork that draws it large. */
export const iconShape = (name: IconName): string => shapes[name];

/** The icon's SVG (decorative: hidden from assistive technology); an unknown name draws the sparkle. */
export function icon(name: string): Markup {
  const shape = known.has(name) ? shapes[name as IconName] : shapes.sparkle;
  return trusted(`<svg class="icon" viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${shape}</svg>`);
}
