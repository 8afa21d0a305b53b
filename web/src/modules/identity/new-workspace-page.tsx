import { Card } from '../../ui/card.tsx';
import { PageHeader, useDocumentTitle } from '../../ui/page.tsx';
import { CreateWorkspaceForm } from './create-workspace-dialog.tsx';

/** Where someone without a workspace (they left or deleted every one) lands. */
export function NewWorkspacePage() {
  useDocumentTitle('Create a workspace');
  return (
    <div className="mx-auto max-w-lg">
      <PageHeader title="Create a workspace" description="A workspace has its own members, API keys, credits and plan. You will be its owner." />
      <Card className="p-5 sm:p-6">
        <CreateWorkspaceForm />
      </Card>
    </div>
  );
}
