// Who wrote or filed a chart record, in its API shape. Each record row keeps the author's user,
// profession, office and device as they were at the time (authenticity — 真正性); the name is
// read from the user (names are corrected, not changed, in practice).
import type { RecordAuthor } from '@renkei/proto/generated/renkei/v1/RecordAuthor';
import type { UserScope } from '../access/call-scope';
import type { Store } from '../db/database';
import { personNameOf } from '../person-name';

export interface AuthorRef {
  userId: string;
  profession: string;
  facilityId: string;
  deviceId: string;
}

/** The author of a record written in this scope, as they are now: stored with the record, so a later move does not rewrite it. */
export function authorOf(scope: UserScope): AuthorRef {
  return { userId: scope.user.id, profession: scope.user.profession, facilityId: scope.facilityId, deviceId: scope.device.id };
}

/** Looks up the names of the users and offices the refs point at, in two queries. */
export async function loadAuthors(store: Store, refs: readonly AuthorRef[]): Promise<(ref: AuthorRef) => RecordAuthor> {
  const userIds = [...new Set(refs.map((r) => r.userId))];
  const facilityIds = [...new Set(refs.map((r) => r.facilityId))];
  const [users, facilities] = await Promise.all([
    userIds.length === 0
      ? []
      : store.db.selectFrom('users').select(['id', 'family_name', 'given_name', 'family_name_kana', 'given_name_kana']).where('id', 'in', userIds).execute(),
    facilityIds.length === 0 ? [] : store.db.selectFrom('facilities').select(['id', 'name']).where('id', 'in', facilityIds).execute(),
  ]);
  const usersById = new Map(users.map((u) => [u.id, u]));
  const facilitiesById = new Map(facilities.map((f) => [f.id, f]));
  return (ref) => {
    const user = usersById.get(ref.userId);
    return {
      userId: ref.userId,
      name: user ? personNameOf(user) : { family: '', given: '', familyKana: '', givenKana: '' },
      profession: ref.profession as RecordAuthor['profession'],
      facilityId: ref.facilityId,
      facilityName: facilitiesById.get(ref.facilityId)?.name ?? '',
      deviceId: ref.deviceId,
    };
  };
}
