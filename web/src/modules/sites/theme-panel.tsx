import { Moon, Sun } from 'lucide-react';
import { classNames } from '../../ui/class-names.ts';
import { SelectField } from '../../ui/field.tsx';
import { fontPairingNames, fontPairings, type SiteOperation, type Theme } from './api.ts';

type Palette = Theme['palette'];

const presets: { name: string; palette: Palette }[] = [
  { name: 'Warm bakery', palette: { primary: '#9a3412', accent: '#d97706', background: '#fffaf3', surface: '#fdf0e1', text: '#1c1410', muted: '#6b5a4c' } },
  { name: 'Clinic blue', palette: { primary: '#1d4ed8', accent: '#0891b2', background: '#ffffff', surface: '#eff6ff', text: '#0f172a', muted: '#475569' } },
  { name: 'Forest', palette: { primary: '#166534', accent: '#65a30d', background: '#fbfdf8', surface: '#ecf5e6', text: '#14210f', muted: '#4d5e46' } },
  { name: 'Ink & rose', palette: { primary: '#be185d', accent: '#7c3aed', background: '#fffbfd', surface: '#fbeef4', text: '#1f1020', muted: '#6b5068' } },
  { name: 'Monochrome', palette: { primary: '#18181b', accent: '#52525b', background: '#ffffff', surface: '#f4f4f5', text: '#09090b', muted: '#52525b' } },
];

const colourLabels: Record<keyof Palette, string> = {
  primary: 'Buttons and links',
  accent: 'Highlights',
  background: 'Page',
  surface: 'Cards and bands',
  text: 'Text',
  muted: 'Secondary text',
};

const radiusLabels = { none: 'Square', small: 'Slightly rounded', medium: 'Rounded', large: 'Very rounded' } as const;

/** Colours, fonts, corners and light or dark: each change shows in the preview after the autosave. */
export function ThemePanel({ theme, onChange, canEdit }: { theme: Theme; onChange: (operations: SiteOperation[]) => void; canEdit: boolean }) {
  const set = (next: Partial<Theme>) => onChange([{ op: 'setTheme', theme: { ...theme, ...next } }]);
  return (
    <div className="space-y-5">
      <fieldset className="space-y-2" disabled={!canEdit}>
        <legend className="mb-2 text-sm font-semibold text-ink">Palette</legend>
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
          {presets.map((preset) => {
            const active = JSON.stringify(preset.palette) === JSON.stringify(theme.palette);
            return (
              <button
                key={preset.name}
                type="button"
                aria-pressed={active}
                onClick={() => set({ palette: preset.palette })}
                className={classNames('flex items-center gap-2 rounded-lg border px-2.5 py-2 text-left text-sm text-ink', active ? 'border-accent bg-accent-soft' : 'border-line hover:bg-subtle')}
              >
                <span className="flex" aria-hidden="true">
                  {[preset.palette.primary, preset.palette.accent, preset.palette.surface].map((colour) => (
                    <span key={colour} className="-mr-1 size-4 rounded-full border border-black/10" style={{ background: colour }} />
                  ))}
                </span>
                <span className="ml-1 truncate">{preset.name}</span>
              </button>
            );
          })}
        </div>
        <div className="grid grid-cols-2 gap-2 pt-2">
          {(Object.keys(colourLabels) as (keyof Palette)[]).map((key) => (
            <label key={key} className="flex items-center gap-2 text-[13px] text-ink-2">
              <input type="color" value={theme.palette[key]} onChange={(event) => set({ palette: { ...theme.palette, [key]: event.target.value } })} className="size-8 shrink-0 cursor-pointer rounded border border-line-strong bg-surface p-0.5" />
              {colourLabels[key]}
            </label>
          ))}
        </div>
      </fieldset>
      <SelectField label="Fonts" value={theme.fontPairing} disabled={!canEdit} onChange={(event) => set({ fontPairing: event.target.value as Theme['fontPairing'] })}>
        {fontPairingNames.map((name) => (
          <option key={name} value={name}>
            {fontPairings[name].label}
          </option>
        ))}
      </SelectField>
      <p className="-mt-3 text-[15px] text-ink" style={{ fontFamily: fontPairings[theme.fontPairing].headings }} aria-hidden="true">
        The quick brown fox
      </p>
      <SelectField label="Corners" value={theme.radius} disabled={!canEdit} onChange={(event) => set({ radius: event.target.value as Theme['radius'] })}>
        {(Object.keys(radiusLabels) as Theme['radius'][]).map((radius) => (
          <option key={radius} value={radius}>
            {radiusLabels[radius]}
          </option>
        ))}
      </SelectField>
      <div role="group" aria-label="Light or dark" className="inline-flex rounded-lg border border-line bg-subtle p-0.5">
        {(['light', 'dark'] as const).map((mode) => (
          <button
            key={mode}
            type="button"
            disabled={!canEdit}
            aria-pressed={theme.mode === mode}
            onClick={() => set({ mode })}
            className={classNames('inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm', theme.mode === mode ? 'bg-surface text-ink shadow-sm' : 'text-ink-2 hover:text-ink')}
          >
            {mode === 'light' ? <Sun className="size-4" aria-hidden="true" /> : <Moon className="size-4" aria-hidden="true" />}
            {mode === 'light' ? 'Light' : 'Dark'}
          </button>
        ))}
      </div>
    </div>
  );
}
