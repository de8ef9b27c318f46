// Hospital data (病院データ, hospital_data.proto) in the shapes the screens use: what a hospital's
// SS-MIX2 storage says about the patient, imported by the regional office. It is shown beside the
// team's own entries and never merged into them, so every fact keeps where it came from. Dates are
// Japan time as the hospital wrote them, precision kept ("2024", "2024-04-01", "2024-04-01T10:20"),
// '' when none. Plain JSON: sealed into the offline cache as it is. Pure types.

/** Where a fact came from: one SS-MIX2 message of one hospital. */
export interface HospitalSourceView {
  hospitalId: string;
  hospitalName: string;
  /** The hospital's own patient ID. */
  hospitalPatientId: string;
  /** SS-MIX2 data type, e.g. "OMP-01". */
  dataType: string;
  orderNumber: string;
  messageControlId: string;
  /** 発生日時 from the file name, as written. */
  createdAt: string;
  /** When the regional office imported it (ISO instant), '' when unknown. */
  importedAt: string;
}

/** A code as the hospital sent it: "JC10" (JLAC10), "HOT9" / "YJ" (drugs), "MDCDX2", "I10", local "99…". */
export interface HospitalCodeView {
  code: string;
  text: string;
  system: string;
}

export interface HospitalAllergyView {
  allergen: HospitalCodeView;
  /** e.g. 薬剤, 食物, as sent. */
  allergenType: string;
  /** As sent; not one of the team's severities. */
  severity: string;
  reactions: string[];
  onset: string;
  source: HospitalSourceView;
}

export interface HospitalDiagnosisView {
  diagnosis: HospitalCodeView;
  icd10Code: string;
  start: string;
  /** '' while ongoing. */
  end: string;
  /** 転帰 (治癒, 死亡, 中止, …), '' while ongoing. */
  outcome: string;
  /** 主病名 */
  main: boolean;
  source: HospitalSourceView;
}

/** One drug of one hospital prescription (RP). */
export interface HospitalPrescriptionView {
  drug: HospitalCodeView;
  /** 1回量 with its unit, e.g. "1 錠". */
  dose: string;
  dailyDose: string;
  /** 用法 */
  usage: HospitalCodeView;
  /** 日数, 0 when not sent. */
  days: number;
  start: string;
  /** The last day (start + days − 1) when both are known, else ''. */
  end: string;
  route: string;
  prescriptionNumber: string;
  source: HospitalSourceView;
}

/** One lab result (one OBX). */
export interface HospitalLabResultView {
  test: HospitalCodeView;
  /** As written. */
  value: string;
  /** The value as a number, null when it is not one ("陰性", "1+"). */
  numeric: number | null;
  unit: string;
  /** e.g. "6.70-8.30" */
  referenceRange: string;
  /** H, L, HH, LL, A, … */
  abnormalFlags: string[];
  /** F final, P preliminary, C corrected. */
  status: string;
  /** When the specimen was taken. */
  observedAt: string;
  specimen: string;
  testGroup: string;
  source: HospitalSourceView;
}

/** A hospital the patient is linked to, and its newest import. */
export interface HospitalLinkView {
  hospitalId: string;
  hospitalName: string;
  hospitalPatientId: string;
  /** ISO instant; null before the first import. */
  lastImportedAt: string | null;
}

/**
 * What the overview carries, as far as the user's role may read it: prescriptions in their period
 * (or the most recent ones), and each test's newest values (at most 10, newest first).
 */
export interface HospitalDataView {
  links: HospitalLinkView[];
  allergies: HospitalAllergyView[];
  diagnoses: HospitalDiagnosisView[];
  prescriptions: HospitalPrescriptionView[];
  labResults: HospitalLabResultView[];
}
