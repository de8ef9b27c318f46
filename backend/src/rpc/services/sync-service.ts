// renkei.v1.SyncService: pages of the caller's change feed, with the current overview of each
// patient that changed or a tombstone for each that left the caller's view (sync/pull-changes.ts).
import type { PullChangesResponse } from '@renkei/proto/generated/renkei/v1/PullChangesResponse';
import { z } from 'zod';
import { pullChanges } from '../../sync/pull-changes';
import type { ServiceMethod, UnaryMethod } from '../dispatcher';

const DEFAULT_PAGE = 200;
const MAX_PAGE = 1000;
const pullRequest = z.object({
  cursor: z.string().max(1000),
  maxChanges: z
    .number()
    .int()
    .min(0)
    .max(MAX_PAGE, `${MAX_PAGE}件以下を指定してください`)
    .transform((n) => (n === 0 ? DEFAULT_PAGE : n)),
});

export function syncService(): Record<string, ServiceMethod> {
  const PullChanges: UnaryMethod<z.output<typeof pullRequest>, PullChangesResponse, 'user'> = {
    access: 'user',
    request: pullRequest,
    handle: (request, scope) => pullChanges(scope, request),
  };
  return { PullChanges };
}
