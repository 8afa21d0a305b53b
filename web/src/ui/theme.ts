import { useEffect, useState } from 'react';

/** Light, dark, or whatever the system prefers; kept under the key public/theme.js reads before the first paint. */
export type ThemeChoice = 'light' | 'dark' | 'system';
const storageKey = 'atelier-theme';
const media = () => window.matchMedia('(prefers-color-scheme: dark)');

function stored(): ThemeChoice {
  try {
    const value = localStorage.getItem(storageKey);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

function apply(choice: ThemeChoice) {
  const dark = choice === 'dark' || (choice === 'system' && media().matches);
  document.documentElement.classList.toggle('dark', dark);
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
}

/** Called once at start: while the choice is "system", every page follows the system's changes. */
export function followSystemTheme(): void {
  media().addEventListener('change', () => {
    if (stored() === 'system') apply('system');
  });
}

export function useTheme(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(stored);
  useEffect(() => apply(choice), [choice]);
  const choose = (next: ThemeChoice) => {
    try {
      if (next === 'system') localStorage.removeItem(storageKey);
      else localStorage.setItem(storageKey, next);
    } catch {
      // Storage is off: the choice lasts this visit.
    }
    setChoice(next);
  };
  return [choice, choose];
}
