// Shared templates (共有テンプレート): the structured home-care documents several professions fill in
// together — instructions, plans, reports, referral letters. They are forms with text fields rather
// than uploaded PDFs precisely because more than one person edits them, so the server (which stores
// and validates them) and the app's screens (which render, check and merge them) must read the same
// definition; it lives here once. Browser-safe: no Node imports.
//
// Values are a flat record keyed by field key. Keys are stable: they are stored in the database and
// sent over the API, so a key is never renamed or reused for a different meaning; labels may change.
// Dates are calendar days written YYYY-MM-DD (a day is the same day in every time zone).
import { CARE_LEVEL_LABELS, CARE_LEVELS, type CareTeamRoleName, type Label } from './labels';

export const TEMPLATE_KINDS = [
  'VISITING_NURSING_INSTRUCTION',
  'VISITING_NURSING_PLAN',
  'VISITING_NURSING_REPORT',
  'HOME_MEDICAL_MANAGEMENT_REPORT',
  'REFERRAL_LETTER',
] as const;

export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export function isTemplateKind(value: string): value is TemplateKind {
  return (TEMPLATE_KINDS as readonly string[]).includes(value);
}

export type TemplateFieldType = 'text' | 'multiline' | 'date' | 'dateRange' | 'choice' | 'visitCalendar';

export interface TemplateChoice {
  /** Stored value; stable. */
  value: string;
  label: Label;
}

export interface TemplateField {
  /** camelCase, stable: stored and sent over the API. Unique within its form. */
  key: string;
  label: Label;
  type: TemplateFieldType;
  /** Only for 'choice'. An empty string means "not chosen yet". */
  choices?: readonly TemplateChoice[];
  /** Enforced only when the document is finalised (drafts may be incomplete). */
  required: boolean;
  /** Characters (Unicode code points) for 'text' and 'multiline'. */
  maxLength?: number;
  /** The care-team roles who typically write this field; the screen offers it to them first. */
  filledBy: readonly CareTeamRoleName[];
  /** Help shown by the input: what to write, with examples. */
  hint?: Label;
}

export interface TemplateSection {
  key: string;
  title: Label;
  fields: readonly TemplateField[];
}

export interface TemplateForm {
  kind: TemplateKind;
  title: Label;
  /** Who usually writes (and finalises) the document as a whole. */
  filledBy: readonly CareTeamRoleName[];
  sections: readonly TemplateSection[];
}

export interface DateRangeValue {
  from: string;
  to: string;
}

export interface VisitMarkEntry {
  date: string;
  mark: string;
}

export type TemplateFieldValue = string | DateRangeValue | VisitMarkEntry[];
export type TemplateValues = Record<string, TemplateFieldValue>;

/** A problem with a form's values, in both languages; `field` is the field key ('' for the whole). */
export interface TemplateViolation {
  field: string;
  ja: string;
  en: string;
}

export const MAX_TEXT_LENGTH = 200;
export const MAX_MULTILINE_LENGTH = 4000;
/** Two months of daily visits with several marks a day is far below this. */
export const MAX_VISIT_ENTRIES = 200;
/** Dates before Japan adopted the Gregorian calendar cannot be written in 和暦 correctly. */
const EARLIEST_YEAR = 1873;

// ---------------------------------------------------------------------------------------------
// Instruction kinds and their period limits (訪問看護指示書)

export const INSTRUCTION_KIND_FIELD = 'instructionKind';
export const INSTRUCTION_PERIOD_FIELD = 'instructionPeriod';

export type InstructionKind = 'NORMAL' | 'SPECIAL' | 'DRIP_INFUSION';

export interface InstructionPeriodLimit {
  label: Label;
  /** The period may last this many calendar months, counted as the civil code counts months. */
  months?: number;
  /** The period may last this many days, both the first and the last day counted. */
  days?: number;
  /** How the limit is written in a message. */
  limit: Label;
}

// 訪問看護指示書 may cover up to 6 months; a 特別訪問看護指示 (acute worsening, after discharge) up to
// 14 days; a 在宅患者訪問点滴注射指示 up to 7 days. A longer period is not a valid instruction.
export const INSTRUCTION_PERIOD_LIMITS: Record<InstructionKind, InstructionPeriodLimit> = {
  NORMAL: { label: { ja: '訪問看護指示', en: 'Visiting nursing instruction' }, months: 6, limit: { ja: '6か月', en: '6 months' } },
  SPECIAL: { label: { ja: '特別訪問看護指示', en: 'Special visiting nursing instruction' }, days: 14, limit: { ja: '14日', en: '14 days' } },
  DRIP_INFUSION: { label: { ja: '在宅患者訪問点滴注射指示', en: 'Home drip infusion instruction' }, days: 7, limit: { ja: '7日', en: '7 days' } },
};

function isInstructionKind(value: string): value is InstructionKind {
  return Object.hasOwn(INSTRUCTION_PERIOD_LIMITS, value);
}

// ---------------------------------------------------------------------------------------------
// Visit marks of the 訪問看護報告書 calendar

/** The marks written on visit days of a 訪問看護報告書. The mark itself is the stored value. */
export const VISIT_MARKS: readonly { mark: string; label: Label }[] = [
  { mark: '○', label: { ja: '訪問', en: 'Visit' } },
  { mark: '◎', label: { ja: '1日2回以上の訪問', en: 'Two or more visits in a day' } },
  { mark: '□', label: { ja: '長時間訪問', en: 'Long visit' } },
  { mark: '◇', label: { ja: '理学療法士等による訪問', en: 'Visit by a therapist' } },
  { mark: '△', label: { ja: '特別訪問看護指示書に基づく訪問', en: 'Visit under a special instruction' } },
  { mark: '×', label: { ja: '緊急時訪問', en: 'Emergency visit' } },
];

const VISIT_MARK_ORDER = new Map(VISIT_MARKS.map((m, index) => [m.mark, index]));

// ---------------------------------------------------------------------------------------------
// Form definitions

type FieldOptions = Partial<Pick<TemplateField, 'required' | 'maxLength' | 'filledBy' | 'hint'>>;
type FieldDraft = Omit<TemplateField, 'filledBy'> & { filledBy?: readonly CareTeamRoleName[] };

const l = (ja: string, en: string): Label => ({ ja, en });

function field(key: string, label: Label, type: TemplateFieldType, options: FieldOptions = {}): FieldDraft {
  const draft: FieldDraft = { key, label, type, required: options.required ?? false };
  if (type === 'text') draft.maxLength = options.maxLength ?? MAX_TEXT_LENGTH;
  if (type === 'multiline') draft.maxLength = options.maxLength ?? MAX_MULTILINE_LENGTH;
  if (options.filledBy) draft.filledBy = options.filledBy;
  if (options.hint) draft.hint = options.hint;
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

const DOCTORS: readonly CareTeamRoleName[] = [
  'CARE_TEAM_ROLE_ATTENDING_DOCTOR',
  'CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR',
  'CARE_TEAM_ROLE_COOPERATING_DOCTOR',
];
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
      ],
    },
    {
      key: 'condition',
      title: l('患者の状態', 'Condition'),
      fields: [
        text('mainDiagnosis', l('主たる傷病名', 'Main diagnosis'), { required: true }),
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
      ],
    },
    {
      key: 'doctor',
      title: l('指示医・宛先', 'Doctor and addressee'),
      fields: [
        text('facilityName', l('医療機関名', 'Medical facility'), { required: true }),
        text('facilityAddress', l('住所', 'Address')),
        text('facilityPhone', l('電話', 'Phone'), { maxLength: 50 }),
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
    ],
  },
]);

const VISITING_NURSING_REPORT = form('VISITING_NURSING_REPORT', l('訪問看護報告書', 'Visiting nursing report'), NURSING, [
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

const HOME_MEDICAL_MANAGEMENT_REPORT = form(
  'HOME_MEDICAL_MANAGEMENT_REPORT',
  l('居宅療養管理指導報告書', 'Home medical management report'),
  PHARMACIST,
  [
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
  ],
);

const REFERRAL_LETTER = form('REFERRAL_LETTER', l('診療情報提供書', 'Referral letter'), DOCTORS, [
  {
    key: 'addressee',
    title: l('紹介先', 'To'),
    fields: [
      text('toFacility', l('紹介先医療機関', 'Facility'), { required: true }),
      text('toDepartment', l('診療科', 'Department'), { maxLength: 100 }),
      text('toDoctor', l('担当医', 'Doctor'), { maxLength: 100, hint: l('例: 〇〇 〇〇 先生', 'e.g. Dr. ...') }),
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

// ---------------------------------------------------------------------------------------------
// Calendar days (YYYY-MM-DD), computed in UTC so no time zone can shift them

interface Ymd {
  year: number;
  month: number;
  day: number;
}

function parseDay(text: string): Ymd | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < EARLIEST_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function dayNumber(date: Ymd): number {
  return Date.UTC(date.year, date.month - 1, date.day) / 86_400_000;
}

function fromDayNumber(days: number): Ymd {
  const d = new Date(days * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function isoDay(date: Ymd): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

function japaneseDay(date: Ymd): string {
  return `${date.year}年${date.month}月${date.day}日`;
}

/** Whether `text` is a real calendar day written YYYY-MM-DD (from 1873, when Japan took the Gregorian calendar). */
export function isTemplateDate(text: string): boolean {
  return parseDay(text) !== undefined;
}

/**
 * The last day an instruction of this kind starting on `from` may run to, or undefined when
 * `from` is not a date. The first day counts. Months are counted as the civil code counts them
 * (民法143条): the period ends the day before the same day of the month `months` later, or on the
 * last day of that month when it has no such day — 2024-08-31 + 6 months runs to 2025-02-28.
 */
export function latestInstructionEnd(instructionKind: InstructionKind, from: string): string | undefined {
  const start = parseDay(from);
  if (!start) return undefined;
  const limit = INSTRUCTION_PERIOD_LIMITS[instructionKind];
  if (limit.days !== undefined) return isoDay(fromDayNumber(dayNumber(start) + limit.days - 1));
  const monthIndex = start.month - 1 + (limit.months ?? 0);
  const year = start.year + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  if (start.day > daysInMonth(year, month)) return isoDay({ year, month, day: daysInMonth(year, month) });
  return isoDay(fromDayNumber(dayNumber({ year, month, day: start.day }) - 1));
}

// ---------------------------------------------------------------------------------------------
// Validation

function violation(field: string, ja: string, en: string): TemplateViolation {
  return { field, ja, en };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function hasExactlyKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((key) => Object.hasOwn(value, key));
}

function isDateRange(value: unknown): value is DateRangeValue {
  return isPlainObject(value) && hasExactlyKeys(value, ['from', 'to']) && typeof value.from === 'string' && typeof value.to === 'string';
}

function isVisitEntry(value: unknown): value is VisitMarkEntry {
  return isPlainObject(value) && hasExactlyKeys(value, ['date', 'mark']) && typeof value.date === 'string' && typeof value.mark === 'string';
}

/** Length as people count characters: 𠮷 is one character, not two UTF-16 units. */
function characterCount(text: string): number {
  return [...text].length;
}

const q = (label: Label) => ({ ja: `「${label.ja}」`, en: `"${label.en}"` });

function checkString(f: TemplateField, value: string, out: TemplateViolation[]): void {
  const name = q(f.label);
  switch (f.type) {
    case 'text':
    case 'multiline': {
      if (f.type === 'text' && /[\r\n]/.test(value)) {
        out.push(violation(f.key, `${name.ja}には改行を入力できません。`, `${name.en} must be a single line.`));
      }
      const length = characterCount(value);
      if (f.maxLength !== undefined && length > f.maxLength) {
        out.push(
          violation(
            f.key,
            `${name.ja}は${f.maxLength}文字以内で入力してください（現在${length}文字）。`,
            `${name.en} must be at most ${f.maxLength} characters (it has ${length}).`,
          ),
        );
      }
      return;
    }
    case 'date':
      if (value !== '' && !parseDay(value)) {
        out.push(badDate(f, value));
      }
      return;
    case 'choice':
      if (value !== '' && !(f.choices ?? []).some((c) => c.value === value)) {
        out.push(
          violation(f.key, `${name.ja}に「${value}」という選択肢はありません。`, `"${value}" is not one of the choices of ${name.en}.`),
        );
      }
      return;
    default:
      return;
  }
}

function badDate(f: TemplateField, value: string, part: Label = { ja: '日付', en: 'date' }): TemplateViolation {
  const name = q(f.label);
  return violation(
    f.key,
    `${name.ja}の${part.ja}「${value}」が正しくありません（例: 2024-04-01）。`,
    `${name.en}: the ${part.en} "${value}" is not a valid date (YYYY-MM-DD, e.g. 2024-04-01).`,
  );
}

function checkDateRange(kind: TemplateKind, f: TemplateField, value: DateRangeValue, values: Record<string, unknown>, out: TemplateViolation[]): void {
  const name = q(f.label);
  const from = value.from === '' ? undefined : parseDay(value.from);
  const to = value.to === '' ? undefined : parseDay(value.to);
  if (value.from !== '' && !from) out.push(badDate(f, value.from, { ja: '開始日', en: 'start date' }));
  if (value.to !== '' && !to) out.push(badDate(f, value.to, { ja: '終了日', en: 'end date' }));
  if (!from || !to) return;
  if (dayNumber(to) < dayNumber(from)) {
    out.push(violation(f.key, `${name.ja}の終了日が開始日より前です。`, `${name.en} ends before it starts.`));
    return;
  }
  if (kind === 'VISITING_NURSING_INSTRUCTION' && f.key === INSTRUCTION_PERIOD_FIELD) {
    // Until the kind is chosen the longest limit applies: no instruction may exceed 6 months.
    const chosen = values[INSTRUCTION_KIND_FIELD];
    const instructionKind: InstructionKind = typeof chosen === 'string' && isInstructionKind(chosen) ? chosen : 'NORMAL';
    const latest = latestInstructionEnd(instructionKind, value.from);
    const latestDay = latest === undefined ? undefined : parseDay(latest);
    if (latestDay && dayNumber(to) > dayNumber(latestDay)) {
      const limit = INSTRUCTION_PERIOD_LIMITS[instructionKind];
      out.push(
        violation(
          f.key,
          `${name.ja}が長すぎます。${limit.label.ja}の期間は${limit.limit.ja}以内です（この開始日では${japaneseDay(latestDay)}まで）。`,
          `${name.en} is too long: a ${limit.label.en.toLowerCase()} may last at most ${limit.limit.en} (from this start, until ${isoDay(latestDay)}).`,
        ),
      );
    }
  }
}

function checkVisitCalendar(f: TemplateField, entries: readonly unknown[], values: Record<string, unknown>, out: TemplateViolation[]): void {
  const name = q(f.label);
  if (entries.length > MAX_VISIT_ENTRIES) {
    out.push(
      violation(
        f.key,
        `${name.ja}は${MAX_VISIT_ENTRIES}件以内で入力してください（現在${entries.length}件）。`,
        `${name.en} may have at most ${MAX_VISIT_ENTRIES} entries (it has ${entries.length}).`,
      ),
    );
    return;
  }
  // A report's visits lie in its reporting period; a date outside it is a typing mistake.
  const period = values.reportPeriod;
  const periodFrom = isDateRange(period) ? parseDay(period.from) : undefined;
  const periodTo = isDateRange(period) ? parseDay(period.to) : undefined;
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const n = { ja: `${index + 1}件目`, en: `entry ${index + 1}` };
    if (!isVisitEntry(entry)) {
      out.push(
        violation(f.key, `${name.ja}の${n.ja}の形式が正しくありません（日付と記号が必要です）。`, `${name.en}: ${n.en} must have a date and a mark.`),
      );
      return;
    }
    const day = parseDay(entry.date);
    if (!day) out.push(badDate(f, entry.date, { ja: `${n.ja}の日付`, en: `date of ${n.en}` }));
    if (!VISIT_MARK_ORDER.has(entry.mark)) {
      const allowed = VISIT_MARKS.map((m) => m.mark).join(' ');
      out.push(
        violation(
          f.key,
          `${name.ja}の${n.ja}の記号「${entry.mark}」は使えません（${allowed}）。`,
          `${name.en}: ${n.en} has the mark "${entry.mark}", which is not one of ${allowed}.`,
        ),
      );
    }
    const pair = `${entry.date}\u0000${entry.mark}`;
    if (seen.has(pair)) {
      out.push(
        violation(f.key, `${name.ja}の${n.ja}は同じ日付と記号の重複です。`, `${name.en}: ${n.en} repeats a date and mark already entered.`),
      );
    }
    seen.add(pair);
    if (day && periodFrom && periodTo && (dayNumber(day) < dayNumber(periodFrom) || dayNumber(day) > dayNumber(periodTo))) {
      out.push(
        violation(
          f.key,
          `${name.ja}の${n.ja}（${japaneseDay(day)}）が報告期間の外です。`,
          `${name.en}: ${n.en} (${isoDay(day)}) is outside the reporting period.`,
        ),
      );
    }
  });
}

/**
 * Checks values against the form: unknown keys, wrong shapes, too long, bad dates, visit marks,
 * and an instruction period longer than its kind allows. Returns the violations in both
 * languages, empty when fine. Required fields are only enforced by `validateForFinalise`: a draft
 * is saved while it is being written.
 */
export function validateTemplateValues(kind: TemplateKind, values: unknown): TemplateViolation[] {
  const formTitle = TEMPLATE_FORMS[kind].title;
  if (!isPlainObject(values)) {
    return [
      violation('', '入力内容の形式が正しくありません（項目と値の組が必要です）。', 'The values must be an object of field keys and values.'),
    ];
  }
  const out: TemplateViolation[] = [];
  for (const [key, value] of Object.entries(values)) {
    const f = templateField(kind, key);
    if (!f) {
      out.push(
        violation(key, `「${key}」は${formTitle.ja}にない項目です。`, `"${key}" is not a field of the ${formTitle.en.toLowerCase()}.`),
      );
      continue;
    }
    const name = q(f.label);
    switch (f.type) {
      case 'text':
      case 'multiline':
      case 'date':
      case 'choice':
        if (typeof value !== 'string') {
          out.push(violation(key, `${name.ja}の値の形式が正しくありません（文字列が必要です）。`, `${name.en} must be a string.`));
        } else {
          checkString(f, value, out);
        }
        break;
      case 'dateRange':
        if (!isDateRange(value)) {
          out.push(
            violation(key, `${name.ja}の値の形式が正しくありません（開始日と終了日が必要です）。`, `${name.en} must have "from" and "to" dates.`),
          );
        } else {
          checkDateRange(kind, f, value, values, out);
        }
        break;
      case 'visitCalendar':
        if (!Array.isArray(value)) {
          out.push(
            violation(key, `${name.ja}の値の形式が正しくありません（訪問日と記号の一覧が必要です）。`, `${name.en} must be a list of dates and marks.`),
          );
        } else {
          checkVisitCalendar(f, value, values, out);
        }
        break;
    }
  }
  return out;
}

function isBlank(f: TemplateField, value: TemplateFieldValue | undefined): boolean {
  if (value === undefined) return true;
  switch (f.type) {
    case 'dateRange':
      return !isDateRange(value) || value.from === '' || value.to === '';
    case 'visitCalendar':
      return !Array.isArray(value) || value.length === 0;
    default:
      return typeof value !== 'string' || value.trim() === '';
  }
}

/** Everything `validateTemplateValues` checks, and that every required field is filled in. */
export function validateForFinalise(kind: TemplateKind, values: TemplateValues): TemplateViolation[] {
  const out = validateTemplateValues(kind, values);
  if (!isPlainObject(values)) return out;
  for (const f of templateFields(kind)) {
    if (!f.required) continue;
    const value = Object.hasOwn(values, f.key) ? values[f.key] : undefined;
    if (isBlank(f, value)) {
      const name = q(f.label);
      out.push(violation(f.key, `${name.ja}は確定の前に入力が必要です。`, `${name.en} must be filled in before finalising.`));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Three-way comparison and merge (two people edited the same version)

/**
 * How a field changed between the common base and the two edited versions:
 * - 'unchanged': neither side changed it;
 * - 'mine' / 'theirs': only that side changed it (taken automatically);
 * - 'same': both changed it to the same value;
 * - 'combined': both changed a visit calendar, on different days (the days are merged);
 * - 'conflict': both changed it differently; a person must choose.
 */
export type FieldChange = 'unchanged' | 'mine' | 'theirs' | 'same' | 'combined' | 'conflict';

export interface FieldComparison {
  field: string;
  base: TemplateFieldValue | undefined;
  mine: TemplateFieldValue | undefined;
  theirs: TemplateFieldValue | undefined;
  change: FieldChange;
  conflict: boolean;
  /** What the automatic merge takes; for a conflict, `mine` until a person decides. */
  merged: TemplateFieldValue | undefined;
}

// A field that is absent and a field that is present but empty mean the same thing on a form, so
// clearing a field nobody had filled in is not a change.
function isEmptyValue(value: TemplateFieldValue | undefined): boolean {
  if (value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return value.from === '' && value.to === '';
  return false;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** By day, then in the marks' order on the printed form. */
function sortedVisits(entries: readonly VisitMarkEntry[]): VisitMarkEntry[] {
  const rank = (mark: string) => VISIT_MARK_ORDER.get(mark) ?? VISIT_MARKS.length;
  return entries
    .map((e) => ({ date: e.date, mark: e.mark }))
    .sort((a, b) => compareText(a.date, b.date) || rank(a.mark) - rank(b.mark) || compareText(a.mark, b.mark));
}

function visitKey(entries: readonly VisitMarkEntry[]): string {
  return JSON.stringify(sortedVisits(entries).map((e) => [e.date, e.mark]));
}

/** Equal as field values: absent equals empty, and a visit calendar is a set of (day, mark). */
export function sameTemplateValue(a: TemplateFieldValue | undefined, b: TemplateFieldValue | undefined): boolean {
  if (isEmptyValue(a) || isEmptyValue(b)) return isEmptyValue(a) && isEmptyValue(b);
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && visitKey(a) === visitKey(b);
  return a !== undefined && b !== undefined && a.from === b.from && a.to === b.to;
}

function cloneValue(value: TemplateFieldValue | undefined): TemplateFieldValue | undefined {
  if (value === undefined || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((e) => ({ date: e.date, mark: e.mark }));
  return { from: value.from, to: value.to };
}

function marksByDay(value: TemplateFieldValue | undefined): Map<string, string> {
  const byDay = new Map<string, VisitMarkEntry[]>();
  if (Array.isArray(value)) {
    for (const entry of value) byDay.set(entry.date, [...(byDay.get(entry.date) ?? []), entry]);
  }
  return new Map([...byDay].map(([day, entries]) => [day, visitKey(entries)]));
}

/**
 * Two people marking visits on different days of the same report is the normal case (two nurses
 * of one station), not a conflict: the calendar is merged day by day. Only a day whose marks both
 * changed differently conflicts.
 */
function mergeVisitCalendars(
  base: TemplateFieldValue | undefined,
  mine: TemplateFieldValue | undefined,
  theirs: TemplateFieldValue | undefined,
): VisitMarkEntry[] | undefined {
  const isCalendar = (v: TemplateFieldValue | undefined) => v === undefined || Array.isArray(v);
  if (!isCalendar(base) || !isCalendar(mine) || !isCalendar(theirs)) return undefined;
  if (!Array.isArray(mine) && !Array.isArray(theirs)) return undefined;
  const b = marksByDay(base);
  const m = marksByDay(mine);
  const t = marksByDay(theirs);
  const merged: VisitMarkEntry[] = [];
  for (const day of new Set([...b.keys(), ...m.keys(), ...t.keys()])) {
    const bk = b.get(day) ?? '[]';
    const mk = m.get(day) ?? '[]';
    const tk = t.get(day) ?? '[]';
    let taken: string;
    if (mk === tk || tk === bk) taken = mk;
    else if (mk === bk) taken = tk;
    else return undefined;
    for (const [date, mark] of JSON.parse(taken) as [string, string][]) merged.push({ date, mark });
  }
  return sortedVisits(merged);
}

/**
 * Field-by-field three-way comparison for the merge screen: for each field present in any of the
 * three versions, the base/mine/theirs values and whether it conflicts (both changed it
 * differently) or can be taken automatically. With `kind`, fields come in the form's order.
 */
export function compareTemplateValues(
  base: TemplateValues,
  mine: TemplateValues,
  theirs: TemplateValues,
  kind?: TemplateKind,
): FieldComparison[] {
  const present = new Set([...Object.keys(base), ...Object.keys(mine), ...Object.keys(theirs)]);
  const ordered = kind ? templateFields(kind).map((f) => f.key).filter((key) => present.has(key)) : [];
  const keys = [...new Set([...ordered, ...present])];
  const get = (values: TemplateValues, key: string) => (Object.hasOwn(values, key) ? values[key] : undefined);
  return keys.map((key): FieldComparison => {
    const b = get(base, key);
    const m = get(mine, key);
    const t = get(theirs, key);
    const mineChanged = !sameTemplateValue(b, m);
    const theirsChanged = !sameTemplateValue(b, t);
    let change: FieldChange;
    let merged: TemplateFieldValue | undefined = m;
    if (!mineChanged && !theirsChanged) change = 'unchanged';
    else if (!theirsChanged) change = 'mine';
    else if (!mineChanged) {
      change = 'theirs';
      merged = t;
    } else if (sameTemplateValue(m, t)) change = 'same';
    else {
      const calendar = mergeVisitCalendars(b, m, t);
      if (calendar) {
        change = 'combined';
        merged = calendar;
      } else change = 'conflict';
    }
    return {
      field: key,
      base: cloneValue(b),
      mine: cloneValue(m),
      theirs: cloneValue(t),
      change,
      conflict: change === 'conflict',
      merged: cloneValue(merged),
    };
  });
}

/**
 * Applies the automatic part of a merge (fields only one side changed, both changed alike, visit
 * days changed on different days); conflicting fields are left as `mine` and listed. The merged
 * values should be validated again: two valid edits can combine into an invalid form (one person
 * shortens the instruction kind to 特別, the other lengthens the period).
 */
export function mergeTemplateValues(
  base: TemplateValues,
  mine: TemplateValues,
  theirs: TemplateValues,
  kind?: TemplateKind,
): { merged: TemplateValues; conflicts: string[] } {
  const merged: TemplateValues = {};
  const conflicts: string[] = [];
  for (const comparison of compareTemplateValues(base, mine, theirs, kind)) {
    if (comparison.conflict) conflicts.push(comparison.field);
    if (comparison.merged !== undefined) merged[comparison.field] = comparison.merged;
  }
  return { merged, conflicts };
}

/** The instruction validity period of a filled 訪問看護指示書, if any (for expiry flags). */
export function instructionPeriod(kind: TemplateKind, values: TemplateValues): { from: string; to: string } | undefined {
  if (kind !== 'VISITING_NURSING_INSTRUCTION' || !isPlainObject(values)) return undefined;
  const period = Object.hasOwn(values, INSTRUCTION_PERIOD_FIELD) ? values[INSTRUCTION_PERIOD_FIELD] : undefined;
  if (!isDateRange(period)) return undefined;
  const from = parseDay(period.from);
  const to = parseDay(period.to);
  if (!from || !to || dayNumber(to) < dayNumber(from)) return undefined;
  return { from: period.from, to: period.to };
}
