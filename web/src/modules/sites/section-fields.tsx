import { Plus, Trash2 } from 'lucide-react';
import { useId } from 'react';
import type { z } from 'zod';
import { Button } from '../../ui/button.tsx';
import { classNames } from '../../ui/class-names.ts';
import { FieldError, inputClass, Select } from '../../ui/field.tsx';
import { getAt } from './document-edits.ts';

/**
 * A section's fields, drawn from its zod schema (src/modules/sites/contract.ts): words are text
 * boxes (long ones grow), choices are selects, links and images are small groups, lists can
 * grow and shrink within the schema's bounds, and an optional part can be added or removed.
 * Every change is one path and one value: the editor turns it into a `setField` operation.
 */

type Schema = z.ZodType & { def: { type: string } };
type LengthCheck = { _zod: { def: { check: string; minimum?: number; maximum?: number } } };

export interface FieldChange {
  path: string;
  value: unknown;
}

interface Props {
  schema: z.ZodType;
  value: unknown;
  onChange: (change: FieldChange) => void;
  errors: Record<string, string>;
  readOnly: boolean;
}

const labels: Record<string, string> = {
  primaryAction: 'Main button',
  secondaryAction: 'Second button',
  subheading: 'Sentence under the heading',
  eyebrow: 'Small line above the heading',
  href: 'Link to',
  url: 'Image address',
  alt: 'Image description',
  ogImage: 'Sharing image',
  richText: 'Text',
  nameLabel: 'Name field label',
  emailLabel: 'Email field label',
  messageLabel: 'Message field label',
  submitLabel: 'Button label',
  successMessage: 'Message after sending',
  errorMessage: 'Message when it fails',
  legal: 'Small print',
};

export const labelOf = (key: string) => labels[key] ?? (key.charAt(0).toUpperCase() + key.slice(1)).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/^./, (first) => first.toUpperCase());

const longKeys = new Set(['body', 'intro', 'subheading', 'description', 'quote', 'answer', 'hours', 'tagline', 'message']);

function bound(schema: Schema, check: 'min_length' | 'max_length'): number | undefined {
  const checks = (schema.def as unknown as { checks?: LengthCheck[] }).checks;
  const found = checks?.find((candidate) => candidate._zod.def.check === check)?._zod.def;
  return check === 'min_length' ? found?.minimum : found?.maximum;
}

/** A value the schema accepts, to start a list item or an optional part with. */
function emptyOf(schema: Schema): unknown {
  const type = schema.def.type;
  if (type === 'nullable') return null;
  if (type === 'string') return 'New text';
  if (type === 'enum') return (schema as unknown as { options: string[] }).options[0];
  if (type === 'array') return [];
  if (type === 'object') {
    const shape = (schema as unknown as { shape: Record<string, Schema> }).shape;
    return Object.fromEntries(Object.entries(shape).map(([key, inner]) => [key, key === 'href' ? '#' : key === 'label' ? 'Learn more' : emptyOf(inner)]));
  }
  return null;
}

export function SectionFields({ schema, value, onChange, errors, readOnly }: Props) {
  const shape = (schema as unknown as { shape: Record<string, Schema> }).shape;
  return (
    <div className="space-y-4">
      {Object.entries(shape).map(([key, inner]) => (
        <Field key={key} name={key} path={[key]} schema={inner} value={getAt(value, [key])} onChange={onChange} errors={errors} readOnly={readOnly} />
      ))}
    </div>
  );
}

function Field({ name, path, schema, value, onChange, errors, readOnly, onRemove }: { name: string; path: string[]; schema: Schema; value: unknown; onRemove?: (() => void) | undefined } & Omit<Props, 'schema' | 'value'>) {
  const id = useId();
  const key = path.join('.');
  const label = /^\d+$/.test(name) ? `Item ${Number(name) + 1}` : labelOf(name);
  const type = schema.def.type;

  if (type === 'nullable') {
    const inner = (schema as unknown as { unwrap: () => Schema }).unwrap();
    if (inner.def.type === 'string') return <TextInput id={id} label={label} name={name} schema={inner} value={(value as string | null) ?? ''} error={errors[key]} readOnly={readOnly} onChange={(text) => onChange({ path: key, value: text === '' ? null : text })} />;
    if (value === null || value === undefined) {
      return readOnly ? null : (
        <Button size="sm" variant="ghost" icon={<Plus aria-hidden="true" />} onClick={() => onChange({ path: key, value: emptyOf(inner) })}>
          Add {label.toLowerCase()}
        </Button>
      );
    }
    return <Field name={name} path={path} schema={inner} value={value} onChange={onChange} errors={errors} readOnly={readOnly} onRemove={readOnly ? undefined : () => onChange({ path: key, value: null })} />;
  }
  if (type === 'string') return <TextInput id={id} label={label} name={name} schema={schema} value={(value as string) ?? ''} error={errors[key]} readOnly={readOnly} onChange={(text) => onChange({ path: key, value: text })} />;
  if (type === 'enum') {
    const options = (schema as unknown as { options: string[] }).options;
    return (
      <div className="space-y-1.5">
        <label htmlFor={id} className="text-sm font-medium text-ink">
          {label}
        </label>
        <Select id={id} value={String(value)} disabled={readOnly} onChange={(event) => onChange({ path: key, value: event.target.value })}>
          {options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </Select>
      </div>
    );
  }
  if (type === 'object') return <Group label={label} path={path} schema={schema} value={value} onChange={onChange} errors={errors} readOnly={readOnly} onRemove={onRemove} />;
  if (type === 'array') {
    const items = (value as unknown[]) ?? [];
    const element = (schema as unknown as { element: Schema }).element;
    const min = bound(schema, 'min_length') ?? 0;
    const max = bound(schema, 'max_length') ?? 50;
    return (
      <fieldset className="space-y-2 rounded-lg border border-line p-3">
        <legend className="px-1 text-sm font-medium text-ink">{label}</legend>
        {items.map((_, index) => (
          <div key={index} className="space-y-2">
            <Field name={String(index)} path={[...path, String(index)]} schema={element} value={items[index]} onChange={onChange} errors={errors} readOnly={readOnly} />
            {!readOnly && items.length > min ? (
              <Button size="sm" variant="danger-ghost" icon={<Trash2 aria-hidden="true" />} onClick={() => onChange({ path: key, value: items.filter((__, other) => other !== index) })}>
                Remove item {index + 1}
              </Button>
            ) : null}
          </div>
        ))}
        {!readOnly && items.length < max ? (
          <Button size="sm" variant="ghost" icon={<Plus aria-hidden="true" />} onClick={() => onChange({ path: key, value: [...items, items.length > 0 ? structuredClone(items[items.length - 1]) : emptyOf(element)] })}>
            Add to {label.toLowerCase()}
          </Button>
        ) : null}
      </fieldset>
    );
  }
  return null;
}

function Group({ label, path, schema, value, onChange, errors, readOnly, onRemove }: { label: string; path: string[]; schema: Schema; value: unknown; onRemove?: (() => void) | undefined } & Omit<Props, 'schema' | 'value'>) {
  const shape = (schema as unknown as { shape: Record<string, Schema> }).shape;
  return (
    <fieldset className="space-y-3 rounded-lg border border-line p-3">
      <legend className="px-1 text-sm font-medium text-ink">{label}</legend>
      {Object.entries(shape).map(([key, inner]) => (
        <Field key={key} name={key} path={[...path, key]} schema={inner} value={getAt(value, [key])} onChange={onChange} errors={errors} readOnly={readOnly} />
      ))}
      {onRemove ? (
        <Button size="sm" variant="danger-ghost" icon={<Trash2 aria-hidden="true" />} onClick={onRemove}>
          Remove {label.toLowerCase()}
        </Button>
      ) : null}
    </fieldset>
  );
}

function TextInput({ id, label, name, schema, value, error, readOnly, onChange }: { id: string; label: string; name: string; schema: Schema; value: string; error: string | undefined; readOnly: boolean; onChange: (text: string) => void }) {
  const max = (schema as unknown as { maxLength: number | null }).maxLength ?? undefined;
  const long = longKeys.has(name) || (max !== undefined && max > 400);
  const shared = {
    id,
    value,
    readOnly,
    maxLength: max,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
  };
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="text-sm font-medium text-ink">
        {label}
      </label>
      {long ? (
        <textarea {...shared} rows={name === 'body' ? 8 : 3} onChange={(event) => onChange(event.target.value)} className={classNames(inputClass, 'h-auto py-2 leading-relaxed')} />
      ) : (
        <input {...shared} type="text" onChange={(event) => onChange(event.target.value)} className={inputClass} />
      )}
      <FieldError id={id} error={error} />
    </div>
  );
}
