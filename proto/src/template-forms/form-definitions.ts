// The five shared forms of home care, as the regions' paper forms have them: 訪問看護指示書,
// 訪問看護計画書, 訪問看護報告書, 居宅療養管理指導報告書 (pharmacist) and 診療情報提供書. Which care-team
// roles fill in a form, or a field of it, is part of its definition.
import { CARE_LEVEL_LABELS, CARE_LEVELS, type CareTeamRoleName, type Label } from '../labels';
import type { TemplateChoice, TemplateField, TemplateFieldType, TemplateForm, TemplateKind } from './form-model';
import { MAX_MULTILINE_LENGTH, MAX_TEXT_LENGTH, TEMPLATE_KINDS } from './form-model';
import { INSTRUCTION_KIND_FIELD, INSTRUCTION_PERIOD_FIELD, INSTRUCTION_PERIOD_LIMITS, type InstructionKind } from './instruction-period';

type FieldOptions = Partial<Pick<TemplateField, 'required' | 'maxLength' | 'filledBy' | 'hint' | 'format'>>;
type FieldDraft = Omit<TemplateField, 'filledBy'> & { filledBy?: readonly CareTeamRoleName[] };

const l = (ja: string, en: string): Label => ({ ja, en });

function field(key: string, label: Label, type: TemplateFieldType, options: FieldOptions = {}): FieldDraft {
  const draft: FieldDraft = { key, label, type, required: options.required ?? false };
  if (type === 'text') draft.maxLength = options.maxLength ?? MAX_TEXT_LENGTH;
  if (type === 'multiline') draft.maxLength = options.maxLength ?? MAX_MULTILINE_LENGTH;
  if (options.filledBy) draft.filledBy = options.filledBy;
  if (options.hint) draft.hint = options.hint;
  if (options.format) draft.format = options.format;
  return draft;
}

const text = (key: string, label: Label, options?: FieldOptions) => field(key, label, 'text', options);
const multiline = (key: string, label: Label, options?: FieldOptions) => field(key, label, 'multiline', options);
const date = (key: string, label: Label, options?: FieldOptions) => field(key, label, 'date', options);
const dateRange = (key: string, label: Label, options?: FieldOptions) => field(key, label, 'dateRange', options);
const visitCalendar = (key: string, label: Label, options?: FieldOptions) => field(key, label, 'visitCalendar', options);
function choice(key: string, label: Label, choices: readonly TemplateChoice[], options?: FieldOptions): FieldDraft {
  return { ...field(key, label, 'choice', options), choices };
}

interface SectionDraft {
  key: string;
  title: Label;
  fields: readonly FieldDraft[];
}

function form(kind: TemplateKind, title: Label, filledBy: readonly CareTeamRoleName[], sections: readonly SectionDraft[]): TemplateForm {
  return {
    kind,
    title,
    filledBy,
    sections: sections.map((section) => ({
      key: section.key,
      title: section.title,
      fields: section.fields.map((f) => ({ ...f, filledBy: f.filledBy ?? filledBy })),
    })),
  };
}

const DOCTORS: readonly CareTeamRoleName[] = ['CARE_TEAM_ROLE_ATTENDING_DOCTOR', 'CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR', 'CARE_TEAM_ROLE_COOPERATING_DOCTOR'];
const NURSING: readonly CareTeamRoleName[] = ['CARE_TEAM_ROLE_VISITING_NURSE', 'CARE_TEAM_ROLE_THERAPIST'];
const NURSE: readonly CareTeamRoleName[] = ['CARE_TEAM_ROLE_VISITING_NURSE'];
const THERAPIST: readonly CareTeamRoleName[] = ['CARE_TEAM_ROLE_THERAPIST'];
const PHARMACIST: readonly CareTeamRoleName[] = ['CARE_TEAM_ROLE_PHARMACIST'];

const CARE_LEVEL_CHOICES: readonly TemplateChoice[] = CARE_LEVELS.map((value) => ({ value, label: CARE_LEVEL_LABELS[value] }));

const YES_NO: readonly TemplateChoice[] = [
  { value: 'YES', label: l('有', 'Yes') },
  { value: 'NO', label: l('無', 'No') },
];

// 障害高齢者の日常生活自立度（寝たきり度）
const BEDRIDDEN_LEVELS: readonly TemplateChoice[] = ['J1', 'J2', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2'].map((rank) => ({
  value: rank,
  label: l(rank, `Rank ${rank}`),
}));

// 認知症高齢者の日常生活自立度
const DEMENTIA_LEVELS: readonly TemplateChoice[] = [
  { value: 'INDEPENDENT', label: l('自立', 'Independent') },
  { value: 'I', label: l('Ⅰ', 'I') },
  { value: 'IIA', label: l('Ⅱa', 'IIa') },
  { value: 'IIB', label: l('Ⅱb', 'IIb') },
  { value: 'IIIA', label: l('Ⅲa', 'IIIa') },
  { value: 'IIIB', label: l('Ⅲb', 'IIIb') },
  { value: 'IV', label: l('Ⅳ', 'IV') },
  { value: 'M', label: l('M', 'M') },
];

const VISITING_NURSING_INSTRUCTION = form(
  'VISITING_NURSING_INSTRUCTION',
  l('訪問看護指示書', 'Visiting nursing instruction'),
  ['CARE_TEAM_ROLE_ATTENDING_DOCTOR', 'CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR'],
  [
    {
      key: 'instruction',
      title: l('指示の種類と期間', 'Kind and period'),
      fields: [
        choice(
          INSTRUCTION_KIND_FIELD,
          l('指示の種類', 'Kind of instruction'),
          (Object.keys(INSTRUCTION_PERIOD_LIMITS) as InstructionKind[]).map((value) => ({
            value,
            label: INSTRUCTION_PERIOD_LIMITS[value].label,
          })),
          { required: true },
        ),
        dateRange(INSTRUCTION_PERIOD_FIELD, l('指示期間', 'Instruction period'), {
          required: true,
          hint: l('通常6か月以内、特別訪問看護指示は14日以内、点滴注射指示は7日以内', 'Up to 6 months; special: 14 days; drip infusion: 7 days'),
        }),
        date('issuedOn', l('記載日', 'Date written'), { required: true }),
        // The official form carries both periods: a 点滴注射 instruction may run within a longer
        // visiting-nursing instruction (別紙様式16: 点滴注射指示期間).
        dateRange('dripPeriod', l('点滴注射指示期間', 'Drip infusion period'), {
          hint: l('在宅患者訪問点滴注射指示書を兼ねる場合のみ（7日以内）', 'Only when this also instructs drip infusion (up to 7 days)'),
        }),
      ],
    },
    {
      key: 'patient',
      title: l('患者', 'Patient'),
      fields: [text('patientAddress', l('患者住所', 'Patient address')), text('patientPhone', l('電話', 'Phone'), { maxLength: 50 })],
    },
    {
      key: 'condition',
      title: l('患者の状態', 'Condition'),
      fields: [
        text('mainDiagnosis', l('主たる傷病名', 'Main diagnosis'), { required: true }),
        // Added by the 令和6年度 (2024) revision of 別紙様式16.
        text('mainDiagnosisCode', l('傷病名コード', 'Diagnosis code'), {
          maxLength: 40,
          hint: l('ICD-10 または傷病名マスターのコード（例: I50.0）', 'ICD-10 or the disease master code (e.g. I50.0)'),
        }),
        multiline('conditionSummary', l('病状・治療状態', 'Condition and treatment'), { required: true }),
        multiline('medication', l('投与中の薬剤の用量・用法', 'Current medication (dose and usage)')),
        choice('bedriddenLevel', l('日常生活自立度（寝たきり度）', 'Independence in daily living (bedridden rank)'), BEDRIDDEN_LEVELS),
        choice('dementiaLevel', l('日常生活自立度（認知症の状況）', 'Independence in daily living (dementia)'), DEMENTIA_LEVELS),
        choice('careLevel', l('要介護認定の状況', 'Long-term care certification'), CARE_LEVEL_CHOICES),
        text('pressureUlcerDepth', l('褥瘡の深さ', 'Pressure ulcer depth'), { hint: l('例: DESIGN-R分類 D3', 'e.g. DESIGN-R D3') }),
        multiline('devices', l('装着・使用医療機器等', 'Medical devices in use'), {
          maxLength: 1000,
          hint: l(
            '例: 胃ろう（20Fr、交換日）、在宅酸素（安静時1L/分）、留置カテーテル（16Fr）、人工呼吸器、吸引器',
            'e.g. gastrostomy (20Fr, change date), home oxygen (1 L/min at rest), indwelling catheter (16Fr), ventilator, suction',
          ),
        }),
      ],
    },
    {
      key: 'instructions',
      title: l('留意事項及び指示事項', 'Notes and instructions'),
      fields: [
        multiline('careNotes', l('療養生活指導上の留意事項', 'Notes for guidance on daily care'), { required: true }),
        multiline('rehabilitation', l('リハビリテーション', 'Rehabilitation')),
        multiline('pressureUlcerCare', l('褥瘡の処置等', 'Pressure ulcer care')),
        multiline('deviceCare', l('装着・使用医療機器等の操作援助・管理', 'Operating and managing the devices')),
        multiline('dripInfusion', l('点滴注射指示内容（投与薬剤・投与量・投与方法等）', 'Drip infusion (drug, dose, method)')),
        multiline('otherInstructions', l('その他', 'Other instructions')),
      ],
    },
    {
      key: 'emergency',
      title: l('緊急時の連絡先等', 'Emergencies'),
      fields: [
        text('emergencyContact', l('緊急時の連絡先', 'Emergency contact'), { required: true }),
        text('absenceContact', l('不在時の対応', 'When the doctor is away')),
        multiline('specialNotes', l('特記すべき留意事項', 'Special notes'), {
          hint: l('薬の相互作用・副作用についての留意点、薬物アレルギーの既往等', 'Drug interactions and side effects, drug allergies'),
        }),
        multiline('otherStationInstruction', l('他の訪問看護ステーションへの指示', 'Instructions to other nursing stations')),
        multiline('suctionInstruction', l('たんの吸引等実施のための訪問介護事業所への指示', 'Instructions to home-help offices for suctioning'), {
          maxLength: 1000,
        }),
      ],
    },
    {
      key: 'doctor',
      title: l('指示医・宛先', 'Doctor and addressee'),
      fields: [
        text('facilityName', l('医療機関名', 'Medical facility'), { required: true }),
        text('facilityAddress', l('住所', 'Address')),
        text('facilityPhone', l('電話', 'Phone'), { maxLength: 50 }),
        text('facilityFax', l('FAX', 'Fax'), { maxLength: 50 }),
        text('doctorName', l('医師氏名', 'Doctor'), { required: true, maxLength: 100 }),
        text('addresseeStation', l('訪問看護ステーション（宛先）', 'Visiting nurse station (addressee)'), { required: true }),
      ],
    },
  ],
);

const VISITING_NURSING_PLAN = form('VISITING_NURSING_PLAN', l('訪問看護計画書', 'Visiting nursing plan'), NURSING, [
  {
    key: 'basics',
    title: l('基本情報', 'Basics'),
    fields: [
      date('createdOn', l('作成日', 'Date written'), { required: true }),
      choice('careLevel', l('要介護認定の状況', 'Long-term care certification'), CARE_LEVEL_CHOICES, { required: true }),
      dateRange('planPeriod', l('計画期間', 'Plan period')),
      // The official 別紙様式1 opens with the patient's address; added after the first forms were written.
      text('patientAddress', l('住所', 'Address')),
    ],
  },
  {
    key: 'goals',
    title: l('目標', 'Goals'),
    fields: [
      multiline('nursingGoal', l('看護の目標', 'Nursing goal'), { required: true, maxLength: 2000, filledBy: NURSE }),
      multiline('rehabGoal', l('リハビリテーションの目標', 'Rehabilitation goal'), { maxLength: 2000, filledBy: THERAPIST }),
    ],
  },
  {
    key: 'problems',
    title: l('療養上の課題と支援内容', 'Problems and solutions'),
    fields: [
      multiline('problems', l('問題点', 'Problems'), { required: true }),
      multiline('solutions', l('解決策', 'Solutions'), { required: true }),
      multiline('evaluation', l('評価', 'Evaluation')),
    ],
  },
  {
    key: 'visits',
    title: l('訪問予定', 'Visit plan'),
    fields: [
      multiline('visitPlan', l('訪問予定（頻度・曜日・職種）', 'Visit plan (frequency, days, professions)'), {
        required: true,
        maxLength: 1000,
        hint: l('例: 看護師 週2回（月・木）、理学療法士 週1回（水）', 'e.g. nurse twice a week (Mon, Thu), physical therapist weekly (Wed)'),
      }),
      choice('suppliesNeeded', l('衛生材料等が必要な処置の有無', 'Care needing medical supplies'), YES_NO),
      multiline('treatment', l('処置の内容', 'Treatment'), { maxLength: 1000 }),
      multiline('supplies', l('衛生材料（種類・サイズ）等・必要量', 'Supplies (kind, size) and amount'), { maxLength: 1000 }),
      multiline('remarks', l('備考', 'Remarks'), { maxLength: 2000 }),
    ],
  },
  {
    key: 'authors',
    title: l('作成者・宛先', 'Authors and addressee'),
    fields: [
      text('stationName', l('訪問看護ステーション名', 'Visiting nurse station'), { required: true }),
      text('nurseAuthor', l('作成者①（看護師等）', 'Author 1 (nurse)'), { required: true, maxLength: 100, filledBy: NURSE }),
      text('therapistAuthor', l('作成者②（理学療法士等）', 'Author 2 (therapist)'), { maxLength: 100, filledBy: THERAPIST }),
      text('addresseeDoctor', l('主治医（宛先）', 'Attending doctor (addressee)'), { required: true, maxLength: 100 }),
      // The station's 管理者 signs the official sheet under the closing statement.
      text('managerName', l('管理者氏名', 'Station manager'), { maxLength: 100 }),
    ],
  },
]);

const VISITING_NURSING_REPORT = form('VISITING_NURSING_REPORT', l('訪問看護報告書', 'Visiting nursing report'), NURSING, [
  {
    // What the official 別紙様式2 asks of the patient besides name and birth date; added after the first forms were written.
    key: 'patient',
    title: l('利用者', 'Patient'),
    fields: [choice('careLevel', l('要介護認定の状況', 'Long-term care certification'), CARE_LEVEL_CHOICES), text('patientAddress', l('住所', 'Address'))],
  },
  {
    key: 'visits',
    title: l('訪問日', 'Visits'),
    fields: [
      dateRange('reportPeriod', l('報告期間', 'Reporting period'), { required: true }),
      visitCalendar('visitDates', l('訪問日', 'Visit dates'), {
        required: true,
        hint: l(
          '○ 訪問、◎ 1日2回以上、□ 長時間訪問、◇ 理学療法士等、△ 特別訪問看護指示書に基づく訪問、× 緊急時訪問',
          '○ visit, ◎ twice or more a day, □ long visit, ◇ therapist, △ under a special instruction, × emergency',
        ),
      }),
    ],
  },
  {
    key: 'course',
    title: l('病状の経過と看護の内容', 'Course and care'),
    fields: [
      multiline('courseAndAdl', l('病状の経過（ADLを含む）', 'Course of the condition (including ADL)'), { required: true }),
      multiline('careGiven', l('看護・リハビリテーションの内容', 'Nursing and rehabilitation given'), { required: true }),
      multiline('familySituation', l('家庭での介護の状況', 'Care at home by the family')),
      multiline('suppliesUsage', l('衛生材料等の使用量および使用状況', 'Use of medical supplies'), { maxLength: 1000 }),
      choice('suppliesChangeNeeded', l('衛生材料等の変更の必要性', 'Supplies need changing'), YES_NO),
      multiline('specialNotes', l('特記すべき事項', 'Special notes')),
    ],
  },
  {
    key: 'authors',
    title: l('報告者・宛先', 'Reporter and addressee'),
    fields: [
      date('reportedOn', l('報告日', 'Date of report'), { required: true }),
      text('stationName', l('訪問看護ステーション名', 'Visiting nurse station'), { required: true }),
      text('reporterName', l('報告者', 'Reporter'), { required: true, maxLength: 100 }),
      text('addresseeDoctor', l('主治医（宛先）', 'Attending doctor (addressee)'), { required: true, maxLength: 100 }),
      text('managerName', l('管理者氏名', 'Station manager'), { maxLength: 100 }),
    ],
  },
]);

const ADHERENCE: readonly TemplateChoice[] = [
  { value: 'GOOD', label: l('良好', 'Good') },
  { value: 'SOMETIMES_MISSED', label: l('時々飲み忘れあり', 'Doses sometimes missed') },
  { value: 'OFTEN_MISSED', label: l('飲み忘れが多い', 'Doses often missed') },
  { value: 'REFUSED', label: l('服薬拒否あり', 'Refuses medication') },
  { value: 'MANAGED_BY_OTHERS', label: l('家族・介護者が管理', 'Managed by family or carers') },
];

const STORAGE: readonly TemplateChoice[] = [
  { value: 'APPROPRIATE', label: l('適切', 'Appropriate') },
  { value: 'NEEDS_IMPROVEMENT', label: l('要改善', 'Needs improvement') },
];

const HOME_MEDICAL_MANAGEMENT_REPORT = form('HOME_MEDICAL_MANAGEMENT_REPORT', l('居宅療養管理指導報告書', 'Home medical management report'), PHARMACIST, [
  {
    // What the printed report names of the patient besides name and birth date (the care manager
    // plans by the care level); added after the first reports were written.
    key: 'patient',
    title: l('利用者', 'Patient'),
    fields: [choice('careLevel', l('要介護認定の状況', 'Long-term care certification'), CARE_LEVEL_CHOICES), text('patientAddress', l('住所', 'Address'))],
  },
  {
    key: 'visit',
    title: l('訪問と宛先', 'Visit and addressees'),
    fields: [
      date('visitedOn', l('訪問日', 'Date of visit'), { required: true }),
      text('addresseeDoctor', l('主治医（宛先）', 'Attending doctor (addressee)'), { required: true, maxLength: 100 }),
      text('addresseeCareManager', l('介護支援専門員（宛先）', 'Care manager (addressee)'), { maxLength: 100 }),
    ],
  },
  {
    key: 'prescription',
    title: l('処方', 'Prescription'),
    fields: [
      text('prescriber', l('処方医・医療機関', 'Prescriber and facility'), { required: true }),
      date('prescribedOn', l('処方日', 'Date prescribed')),
      multiline('prescription', l('処方内容', 'Prescription'), { required: true }),
    ],
  },
  {
    key: 'findings',
    title: l('服薬状況と指導', 'Adherence and guidance'),
    fields: [
      choice('adherence', l('服薬状況', 'Adherence'), ADHERENCE, { required: true }),
      multiline('adherenceNotes', l('服薬状況の詳細・残薬', 'Adherence details and leftover drugs'), { maxLength: 2000 }),
      choice('storage', l('薬剤の保管状況', 'Storage of drugs'), STORAGE),
      multiline('storageNotes', l('保管状況の詳細', 'Storage details'), { maxLength: 1000 }),
      multiline('sideEffects', l('副作用・体調の変化', 'Side effects and changes in condition'), { maxLength: 2000 }),
      multiline('guidance', l('指導内容', 'Guidance given'), { required: true }),
      multiline('proposals', l('医師・介護支援専門員への情報提供・提案', 'Information and proposals for the doctor and care manager')),
      date('nextVisitOn', l('次回訪問予定日', 'Next visit')),
    ],
  },
  {
    key: 'pharmacy',
    title: l('薬局', 'Pharmacy'),
    fields: [
      text('pharmacyName', l('薬局名', 'Pharmacy'), { required: true }),
      text('pharmacyPhone', l('電話', 'Phone'), { maxLength: 50 }),
      text('pharmacistName', l('薬剤師氏名', 'Pharmacist'), { required: true, maxLength: 100 }),
    ],
  },
]);

const REFERRAL_LETTER = form('REFERRAL_LETTER', l('診療情報提供書', 'Referral letter'), DOCTORS, [
  {
    key: 'addressee',
    title: l('紹介先', 'To'),
    fields: [
      text('toFacility', l('紹介先医療機関', 'Facility'), { required: true }),
      text('toDepartment', l('診療科', 'Department'), { maxLength: 100 }),
      text('toDoctor', l('担当医', 'Doctor'), { maxLength: 100, hint: l('例: 〇〇 〇〇 先生', 'e.g. Dr. ...') }),
      // JP-CLINS names the receiving office by its number: an office that is not on Renkei has none
      // on record, so the letter carries it (added after the first letters were written).
      text('toInstitutionNumber', l('紹介先の医療機関コード', 'Institution number of the facility'), {
        maxLength: 20,
        format: 'institutionNumber',
        hint: l(
          '保険医療機関番号（10桁）。FHIR（JP-CLINS）で送るときに使います。Renkeiの事業所宛てなら空欄で構いません。',
          'The 10-digit medical institution number, used when the letter is sent as FHIR (JP-CLINS). May be left empty for an office on Renkei.',
        ),
      }),
    ],
  },
  {
    key: 'sender',
    title: l('紹介元', 'From'),
    fields: [
      date('writtenOn', l('記載日', 'Date written'), { required: true }),
      text('fromFacility', l('医療機関名', 'Facility'), { required: true }),
      text('fromAddress', l('所在地', 'Address')),
      text('fromPhone', l('電話', 'Phone'), { maxLength: 50 }),
      text('fromDoctor', l('医師氏名', 'Doctor'), { required: true, maxLength: 100 }),
    ],
  },
  {
    key: 'clinical',
    title: l('診療情報', 'Clinical information'),
    fields: [
      // The official 別紙様式11 names the patient's address and phone; added after the first letters were written.
      text('patientAddress', l('患者住所', 'Patient address')),
      text('patientPhone', l('患者電話番号', 'Patient phone'), { maxLength: 50 }),
      multiline('diagnosis', l('傷病名', 'Diagnoses'), { required: true, maxLength: 2000 }),
      multiline('purpose', l('紹介目的', 'Purpose of referral'), { required: true, maxLength: 2000 }),
      multiline('history', l('既往歴及び家族歴', 'Past and family history')),
      text('allergies', l('アレルギー・副作用歴', 'Allergies and adverse reactions')),
      multiline('findings', l('症状・検査所見', 'Symptoms and findings')),
      multiline('course', l('治療経過', 'Course of treatment')),
      multiline('prescription', l('現在の処方', 'Current prescription')),
      multiline('remarks', l('備考', 'Remarks'), { maxLength: 2000 }),
    ],
  },
]);

export const TEMPLATE_FORMS: Record<TemplateKind, TemplateForm> = {
  VISITING_NURSING_INSTRUCTION,
  VISITING_NURSING_PLAN,
  VISITING_NURSING_REPORT,
  HOME_MEDICAL_MANAGEMENT_REPORT,
  REFERRAL_LETTER,
};

/** The fields of a form in reading order. */
export function templateFields(kind: TemplateKind): TemplateField[] {
  return TEMPLATE_FORMS[kind].sections.flatMap((section) => section.fields);
}

const FIELD_MAPS = new Map<TemplateKind, ReadonlyMap<string, TemplateField>>(
  TEMPLATE_KINDS.map((kind) => [kind, new Map(templateFields(kind).map((f) => [f.key, f]))]),
);

/** A field of a form by key; a Map lookup, so keys like "__proto__" are simply unknown. */
export function templateField(kind: TemplateKind, key: string): TemplateField | undefined {
  return FIELD_MAPS.get(kind)?.get(key);
}
