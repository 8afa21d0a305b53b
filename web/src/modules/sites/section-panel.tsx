import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Copy, Sparkles, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { messageOf } from '../../api/client.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { ConfirmDialog, Dialog } from '../../ui/dialog.tsx';
import { inputClass, SelectField } from '../../ui/field.tsx';
import { refreshAfterRefusal } from '../../ui/refusal.ts';
import { useToast } from '../../ui/toast.tsx';
import { regenerateSectionBody, sectionPropsSchemas, sectionTypeLabels, sectionTypes, sites, type Generation, type Section, type SectionType, type SiteOperation, type SitePage } from './api.ts';
import { newId, setAt } from './document-edits.ts';
import { CreditEstimate, GenerationProgress } from './generation-progress.tsx';
import { SectionFields, type FieldChange } from './section-fields.tsx';

interface EditorActions {
  change: (operations: SiteOperation[], options?: { now?: boolean }) => void;
  showOnly: (operations: SiteOperation[]) => void;
  flush: () => Promise<void>;
  refresh: () => Promise<void>;
}

/** The selected section: its fields, and what can be done to it (rewrite with AI, duplicate, delete). */
export function SectionPanel({ workspaceId, siteId, page, section, editor, canEdit, onSelect }: { workspaceId: string; siteId: string; page: SitePage; section: Section; editor: EditorActions; canEdit: boolean; onSelect: (id: string | null) => void }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirmDelete, setConfirmDelete] = useState(false);
  const schema = sectionPropsSchemas[section.type];
  const index = page.sections.findIndex((candidate) => candidate.id === section.id);

  const onChange = ({ path, value }: FieldChange) => {
    const props = setAt(section.props, path.split('.'), value);
    const parsed = schema.safeParse(props);
    const found: Record<string, string> = {};
    if (!parsed.success) for (const issue of parsed.error.issues) found[issue.path.join('.')] ??= issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
    setErrors(found);
    const operation: SiteOperation = { op: 'setField', sectionId: section.id, path, value };
    // A value the server would refuse stays on screen with its reason, and is not sent until it is fixed.
    if (parsed.success) editor.change([operation], { now: Array.isArray(value) || value === null || typeof value === 'object' });
    else editor.showOnly([operation]);
  };

  const duplicate = () => {
    const copy = { ...structuredClone(section), id: newId() } as Section;
    editor.change([{ op: 'addSection', pageId: page.id, index: index + 1, section: copy }], { now: true });
    onSelect(copy.id);
  };

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <p className="text-xs font-medium text-ink-3">
            Section {index + 1} of {page.sections.length}
          </p>
          <h2 className="text-base font-semibold text-ink">{sectionTypeLabels[section.type].label}</h2>
        </div>
        {canEdit ? (
          <div className="flex gap-1">
            <Button size="sm" variant="ghost" icon={<Copy aria-hidden="true" />} onClick={duplicate}>
              Duplicate
            </Button>
            <Button size="sm" variant="danger-ghost" icon={<Trash2 aria-hidden="true" />} onClick={() => setConfirmDelete(true)}>
              Delete
            </Button>
          </div>
        ) : null}
      </div>
      {canEdit ? <RegenerateSection key={section.id} workspaceId={workspaceId} siteId={siteId} section={section} editor={editor} /> : null}
      <SectionFields schema={schema} value={section.props} onChange={onChange} errors={errors} readOnly={!canEdit} />
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete this ${sectionTypeLabels[section.type].label.toLowerCase()} section?`}
        description="It disappears from the page. Undo or the history panel can bring it back."
        confirmLabel="Delete section"
        onConfirm={async () => {
          onSelect(page.sections[index + 1]?.id ?? page.sections[index - 1]?.id ?? null);
          editor.change([{ op: 'removeSection', sectionId: section.id }], { now: true });
        }}
      />
    </div>
  );
}

function RegenerateSection({ workspaceId, siteId, section, editor }: { workspaceId: string; siteId: string; section: Section; editor: EditorActions }) {
  const [instruction, setInstruction] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [generationId, setGenerationId] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const toast = useToast();
  const start = useMutation({
    mutationFn: async () => {
      const parsed = regenerateSectionBody.safeParse({ instruction });
      if (!parsed.success) throw new Error('Say what to change, for example "shorter and warmer".');
      await editor.flush();
      return sites.regenerateSection(workspaceId, siteId, section.id, parsed.data);
    },
    onMutate: () => setError(null),
    onSuccess: (generation) => setGenerationId(generation.id),
    onError: (caught) => {
      refreshAfterRefusal(queryClient, caught);
      setError(caught instanceof Error && !('status' in caught) ? caught.message : messageOf(caught));
    },
  });
  const finished = async (generation: Generation) => {
    if (generation.status === 'succeeded') {
      await editor.refresh();
      toast('Section rewritten');
      setInstruction('');
    }
    setGenerationId(null);
  };
  return (
    <section aria-labelledby={`regenerate-${section.id}`} className="space-y-2 rounded-lg border border-accent/30 bg-accent-soft/40 p-3">
      <h3 id={`regenerate-${section.id}`} className="flex items-center gap-1.5 text-sm font-semibold text-ink">
        <Sparkles className="size-4 text-accent-ink" aria-hidden="true" />
        Regenerate this section
      </h3>
      {generationId ? (
        <GenerationProgress workspaceId={workspaceId} generationId={generationId} onFinished={(generation) => void finished(generation)} compact />
      ) : (
        <form
          className="space-y-2"
          onSubmit={(event) => {
            event.preventDefault();
            start.mutate();
          }}
        >
          <label htmlFor={`instruction-${section.id}`} className="sr-only">
            What should change?
          </label>
          <textarea
            id={`instruction-${section.id}`}
            rows={2}
            value={instruction}
            maxLength={500}
            onChange={(event) => setInstruction(event.target.value)}
            placeholder="What should change? e.g. warmer, mention the weekend classes"
            className={`${inputClass} h-auto py-2`}
            aria-invalid={error ? true : undefined}
          />
          {error ? <Alert tone="error">{error}</Alert> : null}
          <div className="flex flex-wrap items-center gap-2">
            <Button type="submit" size="sm" variant="primary" busy={start.isPending} icon={<Sparkles aria-hidden="true" />}>
              Regenerate
            </Button>
            <CreditEstimate workspaceId={workspaceId} task="site.section.rewrite" />
          </div>
        </form>
      )}
    </section>
  );
}

/** Asks for a section type, shows what it costs, then follows its generation. */
export function AddSectionDialog({
  open,
  onOpenChange,
  workspaceId,
  siteId,
  page,
  index,
  editor,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  workspaceId: string;
  siteId: string;
  page: SitePage;
  index: number | null;
  editor: EditorActions;
}) {
  const [type, setType] = useState<SectionType>('features');
  const [generationId, setGenerationId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const queryClient = useQueryClient();
  const toast = useToast();
  const start = useMutation({
    mutationFn: async () => {
      await editor.flush();
      return sites.addSection(workspaceId, siteId, page.id, { type, index });
    },
    onMutate: () => setError(null),
    onSuccess: (generation) => setGenerationId(generation.id),
    onError: (caught) => {
      refreshAfterRefusal(queryClient, caught);
      setError(caught);
    },
  });
  const close = (next: boolean) => {
    if (!next && generationId) return;
    onOpenChange(next);
  };
  return (
    <Dialog open={open} onOpenChange={close} title="Add a section" description={`Written to fit the rest of ${page.title}, placed ${index === null ? 'at the end' : `at position ${index + 1}`}.`}>
      {generationId ? (
        <GenerationProgress
          workspaceId={workspaceId}
          generationId={generationId}
          onFinished={(generation) => {
            void (async () => {
              if (generation.status === 'succeeded') {
                await editor.refresh();
                toast(`${sectionTypeLabels[type].label} section added`);
              }
              setGenerationId(null);
              if (generation.status === 'succeeded') onOpenChange(false);
            })();
          }}
        />
      ) : (
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            start.mutate();
          }}
        >
          <SelectField label="Kind of section" value={type} onChange={(event) => setType(event.target.value as SectionType)} description={sectionTypeLabels[type].purpose}>
            {sectionTypes.map((candidate) => (
              <option key={candidate} value={candidate}>
                {sectionTypeLabels[candidate].label}
              </option>
            ))}
          </SelectField>
          {error ? <Alert tone="error">{messageOf(error)}</Alert> : null}
          <div className="flex flex-wrap items-center justify-between gap-3">
            <CreditEstimate workspaceId={workspaceId} task="site.section.add" />
            <Button type="submit" variant="primary" busy={start.isPending} icon={<Sparkles aria-hidden="true" />}>
              Generate section
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
