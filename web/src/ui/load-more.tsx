import { messageOf } from '../api/client.ts';
import { Alert } from './alert.tsx';
import { Button } from './button.tsx';

/** What LoadMore reads of a TanStack infinite query. */
interface PagedList {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => Promise<unknown>;
}

/** The foot of a cursor-paged list: a button for the next page while there is one, and why the last one failed to load. */
export function LoadMore({ list, label = 'Load more' }: { list: PagedList; label?: string }) {
  return (
    <>
      {list.hasNextPage ? (
        <div className="border-t border-line p-3 text-center">
          <Button size="sm" busy={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {label}
          </Button>
        </div>
      ) : null}
      {list.isFetchNextPageError ? (
        <div className="px-5 pb-4">
          <Alert tone="error">{messageOf(list.error)}</Alert>
        </div>
      ) : null}
    </>
  );
}
