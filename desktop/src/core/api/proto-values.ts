// Values as the API's messages carry them, as the screens want them: timestamps as ISO instants,
// names with every part present.
import type { Timestamp__Output } from '@renkei/proto/generated/google/protobuf/Timestamp';
import type { PersonName__Output } from '@renkei/proto/generated/renkei/v1/PersonName';
import type { PersonName } from '../../shared/desktop-api';

export function isoOf(timestamp: Timestamp__Output | null | undefined): string | null {
  if (!timestamp) return null;
  return new Date(Number(timestamp.seconds) * 1000 + Math.floor(timestamp.nanos / 1_000_000)).toISOString();
}

export function nameOf(name: PersonName__Output | null | undefined): PersonName {
  return { family: name?.family ?? '', given: name?.given ?? '', familyKana: name?.familyKana ?? '', givenKana: name?.givenKana ?? '' };
}
