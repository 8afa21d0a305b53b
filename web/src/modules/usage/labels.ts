import type { Tone } from '../../ui/badge.tsx';
import type { CreditBalance, EntryType } from './api.ts';

export const entryLabels: Record<EntryType, { label: string; tone: Tone }> = {
  grant: { label: 'Grant', tone: 'success' },
  purchase: { label: 'Purchase', tone: 'success' },
  adjust: { label: 'Adjustment', tone: 'accent' },
  consume: { label: 'Used', tone: 'neutral' },
  reserve: { label: 'Reserved', tone: 'warning' },
  settle: { label: 'Settled', tone: 'neutral' },
  release: { label: 'Released', tone: 'neutral' },
  expire: { label: 'Expired', tone: 'danger' },
};

export const grantSources: Record<CreditBalance['grants'][number]['source'], string> = {
  plan: 'Plan allowance',
  purchase: 'Purchased credits',
  promotion: 'Promotion',
  adjustment: 'Added by an operator',
};

/** `ai.tokens` → "AI tokens", `generation.count` → "Generation count". */
export function meterLabel(meter: string): string {
  const words = meter.split(/[._]/).map((word) => (word === 'ai' ? 'AI' : word));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The meter as a noun inside a sentence: `ai.tokens` → "AI tokens", `generation.count` → "generation count". */
export function meterNoun(meter: string): string {
  return meter
    .split(/[._]/)
    .map((word) => (word === 'ai' ? 'AI' : word))
    .join(' ');
}
