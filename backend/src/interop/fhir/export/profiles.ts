// The profiles each resource of the export claims, per guide: JP Core 1.1.2 for the patient's
// record on its own, JP-CLINS 1.5.2 (the eCS profiles) inside a 診療情報提供書 document.
import type { FhirGuide } from './code-systems';

const CORE = 'http://jpfhir.jp/fhir/core/StructureDefinition/';
const ECS = 'http://jpfhir.jp/fhir/eCS/StructureDefinition/';

export const PROFILES: Record<
  FhirGuide,
  { patient: string; condition: string; allergy: string; medicationRequest: string; labResult: string; organization: string; practitioner: string }
> = {
  'jp-core': {
    patient: `${CORE}JP_Patient`,
    condition: `${CORE}JP_Condition`,
    allergy: `${CORE}JP_AllergyIntolerance`,
    medicationRequest: `${CORE}JP_MedicationRequest`,
    labResult: `${CORE}JP_Observation_LabResult`,
    organization: `${CORE}JP_Organization`,
    practitioner: `${CORE}JP_Practitioner`,
  },
  'jp-clins': {
    patient: `${ECS}JP_Patient_eCS`,
    condition: `${ECS}JP_Condition_eCS`,
    allergy: `${ECS}JP_AllergyIntolerance_eCS`,
    medicationRequest: `${ECS}JP_MedicationRequest_eCS`,
    labResult: `${ECS}JP_Observation_LabResult_eCS`,
    organization: `${ECS}JP_Organization_eCS`,
    practitioner: `${ECS}JP_Practitioner_eCS`,
  },
};

export const JP_BUNDLE_EREFERRAL = 'http://jpfhir.jp/fhir/clins/StructureDefinition/JP_Bundle_eReferral';
export const JP_COMPOSITION_EREFERRAL = 'http://jpfhir.jp/fhir/eReferral/StructureDefinition/JP_Composition_eReferral';
export const JP_DOCUMENT_REFERENCE_ECS = `${ECS}JP_DocumentReference_eCS`;
export const JP_ENCOUNTER_ECS = `${ECS}JP_Encounter_eCS`;
