import { Monitor, Moon, Sun } from 'lucide-react';
import { classNames } from './class-names.ts';
import { useTheme, type ThemeChoice } from './theme.ts';

const choices: { value: ThemeChoice; label: string; icon: typeof Sun }[] = [
  { value: 'light', label: 'Light theme', icon: Sun },
  { value: 'dark', label: 'Dark theme', icon: Moon },
  { value: 'system', label: 'System theme', icon: Monitor },
];

/** Three buttons, one pressed: light, dark, or follow the system. */
export function ThemeToggle({ className }: { className?: string }) {
  const [theme, setTheme] = useTheme();
  return (
    <div role="group" aria-label="Theme" className={classNames('inline-flex rounded-lg border border-line bg-subtle p-0.5', className)}>
      {choices.map(({ value, label, icon: Icon }) => (
        <button
          key={value}
          type="button"
          aria-label={label}
          aria-pressed={theme === value}
          title={label}
          onClick={() => setTheme(value)}
          className={classNames('rounded-md p-1.5 text-ink-3 transition-colors hover:text-ink', theme === value && 'bg-surface text-ink shadow-sm')}
        >
          <Icon className="size-3.5" aria-hidden="true" />
        </button>
      ))}
    </div>
  );
}
