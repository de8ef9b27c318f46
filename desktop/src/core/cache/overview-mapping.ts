// From the API's messages to the shapes the screens use (shared/desktop-api.ts).
import type { PatientOverview__Output } from '@renkei/proto/generated/renkei/v1/PatientOverview';
import type { PersonName__Output } from '@renkei/proto/generated/renkei/v1/PersonName';
import type { Timestamp__Output } from '@renkei/proto/generated/google/protobuf/Timestamp';
import type { PatientOverviewView, PersonName } from '../../shared/desktop-api';

/** A cached overview: the view without where it came from and how current it is. */
export type StoredOverview = Omit<PatientOverviewView, 'source' | 'asOf'>;

export function isoOf(timestamp: Timestamp__Output | null | undefined): string | null {
  if (!timestamp) return null;
  return new Date(Number(timestamp.seconds) * 1000 + Math.floor(timestamp.nanos / 1_000_000)).toISOString();
}

function nameOf(name: PersonName__Output | null): PersonName {
  return { family: name?.family ?? '', given: name?.given ?? '', familyKana: name?.familyKana ?? '', givenKana: name?.givenKana ?? '' };
}

export function overviewFromMessage(message: PatientOverview__Output, myUserId: string): StoredOverview {
  const patient = message.patient!;
  return {
    patient: {
      id: patient.id,
      name: nameOf(patient.name),
      birthDate: patient.birthDate,
      sex: String(patient.sex),
      careLevel: String(patient.careLevel),
      myRoles: message.careTeam.filter((m) => m.userId === myUserId).map((m) => String(m.role)),
      postalCode: patient.postalCode,
      address: patient.address,
      phone: patient.phone,
      keyPerson: patient.keyPerson,
    },
    careTeam: message.careTeam.map((m) => ({
      userId: m.userId,
      name: nameOf(m.name),
      profession: String(m.profession),
      facilityName: m.facility?.name ?? '',
      facilityPhone: m.facility?.phone ?? '',
      role: String(m.role),
      joinedAt: isoOf(m.joinedAt),
    })),
    allergies: message.allergies.map((a) => ({ substance: a.substance, reaction: a.reaction, severity: String(a.severity), notedOn: a.notedOn })),
    diagnoses: message.diagnoses.map((d) => ({ name: d.name, icd10Code: d.icd10Code, onsetDate: d.onsetDate, primary: d.primary, note: d.note })),
    updatedAt: isoOf(message.updatedAt),
  };
}
