// Allergies as JP_AllergyIntolerance: the care team's (the header's allergies: substance, reaction,
// severity, when noted) and the hospitals' (ADT-61: coded allergen, type, reactions, onset).
import type { AllergyIntolerance, AllergyIntoleranceReaction, Annotation, Patient } from '@medplum/fhirtypes';
import type { Allergy } from '@renkei/proto/generated/renkei/v1/Allergy';
import type { HospitalAllergy } from '@renkei/proto/generated/renkei/v1/HospitalAllergy';
import { CODE_SYSTEMS, codeSystemOfHl7, type FhirGuide } from './code-systems';
import { coding, concept, fhirDateTime, nonEmpty, referenceTo, type BundleMember } from './fhir-datatypes';
import { PROFILES } from './profiles';
import { recordMeta, resourceIdentifier, sourceNote } from './record-provenance';

const CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';

const SEVERITY: Record<string, AllergyIntoleranceReaction['severity']> = {
  ALLERGY_SEVERITY_MILD: 'mild',
  ALLERGY_SEVERITY_MODERATE: 'moderate',
  ALLERGY_SEVERITY_SEVERE: 'severe',
};

function base(guide: FhirGuide, patient: BundleMember<Patient>, exportedAt: Date): AllergyIntolerance {
  return {
    resourceType: 'AllergyIntolerance',
    meta: recordMeta(PROFILES[guide].allergy, exportedAt),
    identifier: [resourceIdentifier()],
    clinicalStatus: { coding: [{ system: CLINICAL, code: 'active' }] },
    verificationStatus: { coding: [{ system: VERIFICATION, code: 'confirmed' }] },
    patient: referenceTo(patient),
  };
}

/** An allergy the care team recorded. A severity without a described reaction keeps its severity: the manifestation says so. */
export function allergyOfRenkei(guide: FhirGuide, a: Allergy, patient: BundleMember<Patient>, exportedAt: Date): AllergyIntolerance {
  const severity = SEVERITY[String(a.severity ?? '')];
  const reaction = nonEmpty(a.reaction);
  const recorded = fhirDateTime(a.notedOn);
  return {
    ...base(guide, patient, exportedAt),
    ...(severity === 'severe' && { criticality: 'high' }),
    code: { text: nonEmpty(a.substance) ?? '不明' },
    ...(recorded && { recordedDate: recorded }),
    ...((reaction || severity) && {
      reaction: [{ manifestation: [{ text: reaction ?? '症状の記載なし' }], ...(severity && { severity }) }],
    }),
  };
}

const CATEGORY_OF_TYPE: Record<string, NonNullable<AllergyIntolerance['category']>[number]> = {
  薬剤: 'medication',
  医薬品: 'medication',
  食物: 'food',
  食品: 'food',
  環境: 'environment',
};

/** An allergy a hospital sent (病院データ): the allergen's code where it has a standard one, its source in a note. */
export function allergyOfHospital(guide: FhirGuide, a: HospitalAllergy, patient: BundleMember<Patient>, exportedAt: Date): AllergyIntolerance {
  const systems = CODE_SYSTEMS[guide];
  const allergen = nonEmpty(a.allergen?.text) ?? nonEmpty(a.allergen?.code) ?? '不明';
  const category = CATEGORY_OF_TYPE[a.allergenType?.trim() ?? ''];
  const reactions = (a.reactions ?? []).map((r) => r.trim()).filter(Boolean);
  const onset = fhirDateTime(a.onset);
  const notes: Annotation[] = [{ text: sourceNote(a.source) }];
  if (nonEmpty(a.allergenType) && !category) notes.push({ text: `アレルゲン種別: ${a.allergenType!.trim()}` });
  if (nonEmpty(a.severity)) notes.push({ text: `重症度: ${a.severity!.trim()}` });
  return {
    ...base(guide, patient, exportedAt),
    ...(category && { category: [category] }),
    code: concept([coding(codeSystemOfHl7(a.allergen?.system ?? '', systems), a.allergen?.code, allergen)], allergen),
    ...(onset ? { onsetDateTime: onset } : nonEmpty(a.onset) && { onsetString: a.onset!.trim() }),
    ...(reactions.length > 0 && { reaction: [{ manifestation: reactions.map((text) => ({ text })) }] }),
    note: notes,
  };
}
