// From hospital_data.proto's messages to the shapes the screens use (shared/hospital-data-views.ts).
// Every fact keeps its source; a message without one (it should not happen) reads with an empty
// source rather than being dropped, so nothing the hospital said goes missing on the screen.
import type { HospitalAllergy__Output } from '@renkei/proto/generated/renkei/v1/HospitalAllergy';
import type { HospitalCode__Output } from '@renkei/proto/generated/renkei/v1/HospitalCode';
import type { HospitalData__Output } from '@renkei/proto/generated/renkei/v1/HospitalData';
import type { HospitalDiagnosis__Output } from '@renkei/proto/generated/renkei/v1/HospitalDiagnosis';
import type { HospitalLabResult__Output } from '@renkei/proto/generated/renkei/v1/HospitalLabResult';
import type { HospitalLink__Output } from '@renkei/proto/generated/renkei/v1/HospitalLink';
import type { HospitalPrescription__Output } from '@renkei/proto/generated/renkei/v1/HospitalPrescription';
import type { HospitalSource__Output } from '@renkei/proto/generated/renkei/v1/HospitalSource';
import type {
  HospitalAllergyView,
  HospitalCodeView,
  HospitalDataView,
  HospitalDiagnosisView,
  HospitalLabResultView,
  HospitalLinkView,
  HospitalPrescriptionView,
  HospitalSourceView,
} from '../../shared/hospital-data-views';
import { isoOf } from '../api/proto-values';

function codeView(code: HospitalCode__Output | null): HospitalCodeView {
  return { code: code?.code ?? '', text: code?.text ?? '', system: code?.system ?? '' };
}

function sourceView(source: HospitalSource__Output | null): HospitalSourceView {
  return {
    hospitalId: source?.hospital?.id ?? '',
    hospitalName: source?.hospital?.name ?? '',
    hospitalPatientId: source?.hospitalPatientId ?? '',
    dataType: source?.dataType ?? '',
    orderNumber: source?.orderNumber ?? '',
    messageControlId: source?.messageControlId ?? '',
    createdAt: source?.createdAt ?? '',
    importedAt: isoOf(source?.importedAt) ?? '',
  };
}

function allergyView(allergy: HospitalAllergy__Output): HospitalAllergyView {
  return {
    allergen: codeView(allergy.allergen),
    allergenType: allergy.allergenType,
    severity: allergy.severity,
    reactions: [...allergy.reactions],
    onset: allergy.onset,
    source: sourceView(allergy.source),
  };
}

function diagnosisView(diagnosis: HospitalDiagnosis__Output): HospitalDiagnosisView {
  return {
    diagnosis: codeView(diagnosis.diagnosis),
    icd10Code: diagnosis.icd10Code,
    start: diagnosis.start,
    end: diagnosis.end,
    outcome: diagnosis.outcome,
    main: diagnosis.main,
    source: sourceView(diagnosis.source),
  };
}

function prescriptionView(prescription: HospitalPrescription__Output): HospitalPrescriptionView {
  return {
    drug: codeView(prescription.drug),
    dose: prescription.dose,
    dailyDose: prescription.dailyDose,
    usage: codeView(prescription.usage),
    days: prescription.days,
    start: prescription.start,
    end: prescription.end,
    route: prescription.route,
    prescriptionNumber: prescription.prescriptionNumber,
    source: sourceView(prescription.source),
  };
}

function labResultView(result: HospitalLabResult__Output): HospitalLabResultView {
  return {
    test: codeView(result.test),
    value: result.value,
    // proto3 has no absent double: 0 is a value only when the import said it was numeric.
    numeric: result.hasNumeric && Number.isFinite(result.numeric) ? result.numeric : null,
    unit: result.unit,
    referenceRange: result.referenceRange,
    abnormalFlags: [...result.abnormalFlags],
    status: result.status,
    observedAt: result.observedAt,
    specimen: result.specimen,
    testGroup: result.testGroup,
    source: sourceView(result.source),
  };
}

function linkView(link: HospitalLink__Output): HospitalLinkView {
  return {
    hospitalId: link.hospital?.id ?? '',
    hospitalName: link.hospital?.name ?? '',
    hospitalPatientId: link.hospitalPatientId,
    lastImportedAt: isoOf(link.lastImportedAt),
  };
}

/** The overview's hospital data; null when the message has none (the patient is linked to no hospital). */
export function hospitalDataView(data: HospitalData__Output | null | undefined): HospitalDataView | null {
  if (!data) return null;
  return {
    links: data.links.map(linkView),
    allergies: data.allergies.map(allergyView),
    diagnoses: data.diagnoses.map(diagnosisView),
    prescriptions: data.prescriptions.map(prescriptionView),
    labResults: data.labResults.map(labResultView),
  };
}
