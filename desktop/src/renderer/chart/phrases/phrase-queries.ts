// 定型文 for the screens. The list comes from the core, which reads the server when it can and
// otherwise the copy kept on this PC; a change reads the list again.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreatePhraseInput, UpdatePhraseInput } from '../../../shared/phrase-views';
import { queryKeys } from '../../api/query-keys';
import { useDesktopApi } from '../../app/desktop-api-context';

export function usePhrases(enabled: boolean) {
  const api = useDesktopApi();
  return useQuery({ queryKey: queryKeys.phrases, queryFn: () => api.listPhrases(), enabled });
}

export function usePhraseChanges() {
  const api = useDesktopApi();
  const client = useQueryClient();
  const onSuccess = () => void client.invalidateQueries({ queryKey: queryKeys.phrases });
  return {
    create: useMutation({ mutationFn: (input: CreatePhraseInput) => api.createPhrase(input), onSuccess }),
    update: useMutation({ mutationFn: (input: UpdatePhraseInput) => api.updatePhrase(input), onSuccess }),
    remove: useMutation({ mutationFn: (phraseId: string) => api.deletePhrase(phraseId), onSuccess }),
  };
}
