// The people and places of the demo region: a home-care network in Miyazaki City, as in the
// pilot the project started from. Names are invented; family names are common in Miyazaki.
import type { CareTeamRoleName, FacilityKindName, ProfessionName } from '@renkei/proto';

interface DemoFacility {
  key: string;
  name: string;
  kana: string;
  kind: FacilityKindName;
  postalCode: string;
  address: string;
  phone: string;
  fax: string;
  /**
   * 保険医療機関番号: fictional (医療機関コード 99xxxx, with a valid 検証番号) but well formed for
   * Miyazaki (45), so the demo's 診療情報提供書 export as JP-CLINS documents. Offices outside
   * health insurance (care management, care services, the regional office) have none.
   */
  institutionNumber?: string;
}

export const DEMO_FACILITIES: DemoFacility[] = [
  {
    key: 'clinic',
    name: 'みやざき在宅クリニック',
    kana: 'ミヤザキザイタククリニック',
    kind: 'FACILITY_KIND_CLINIC',
    postalCode: '880-0805',
    address: '宮崎市橘通東3丁目1-11',
    phone: '0985-20-1001',
    fax: '0985-20-2001',
    institutionNumber: '4519900106',
  },
  {
    key: 'oyodo',
    name: '大淀内科医院',
    kana: 'オオヨドナイカイイン',
    kind: 'FACILITY_KIND_CLINIC',
    postalCode: '880-0901',
    address: '宮崎市東大淀2丁目4-8',
    phone: '0985-20-1002',
    fax: '0985-20-2002',
    institutionNumber: '4519900205',
  },
  {
    key: 'derma',
    name: '宮崎ひふ科クリニック',
    kana: 'ミヤザキヒフカクリニック',
    kind: 'FACILITY_KIND_CLINIC',
    postalCode: '880-0812',
    address: '宮崎市高千穂通1丁目6-3',
    phone: '0985-20-1003',
    fax: '0985-20-2003',
    institutionNumber: '4519900304',
  },
  {
    key: 'nursing',
    name: '訪問看護ステーションひむか',
    kana: 'ホウモンカンゴステーションヒムカ',
    kind: 'FACILITY_KIND_VISITING_NURSE_STATION',
    postalCode: '880-0834',
    address: '宮崎市新別府町前浜1401',
    phone: '0985-20-1004',
    fax: '0985-20-2004',
    institutionNumber: '4569900402',
  },
  {
    key: 'pharmacy',
    name: 'たちばな調剤薬局',
    kana: 'タチバナチョウザイヤッキョク',
    kind: 'FACILITY_KIND_PHARMACY',
    postalCode: '880-0805',
    address: '宮崎市橘通東2丁目7-18',
    phone: '0985-20-1005',
    fax: '0985-20-2005',
    institutionNumber: '4549900506',
  },
  {
    key: 'caremgmt',
    name: '居宅介護支援事業所あおぞら',
    kana: 'キョタクカイゴシエンジギョウショアオゾラ',
    kind: 'FACILITY_KIND_CARE_MANAGEMENT_OFFICE',
    postalCode: '880-2105',
    address: '宮崎市大塚台西1丁目22',
    phone: '0985-20-1006',
    fax: '0985-20-2006',
  },
  {
    key: 'helper',
    name: 'ヘルパーステーションみらい',
    kana: 'ヘルパーステーションミライ',
    kind: 'FACILITY_KIND_CARE_SERVICE',
    postalCode: '880-0036',
    address: '宮崎市花ヶ島町大原',
    phone: '0985-20-1007',
    fax: '0985-20-2007',
  },
  {
    key: 'hospital',
    name: '宮崎中央病院 地域連携室',
    kana: 'ミヤザキチュウオウビョウイン チイキレンケイシツ',
    kind: 'FACILITY_KIND_HOSPITAL',
    postalCode: '880-0001',
    address: '宮崎市橘通西5丁目2-1',
    phone: '0985-20-1008',
    fax: '0985-20-2008',
    institutionNumber: '4519900601',
  },
  {
    key: 'office',
    name: '宮崎市郡医師会 在宅医療連携室',
    kana: 'ミヤザキシグンイシカイ ザイタクイリョウレンケイシツ',
    kind: 'FACILITY_KIND_REGIONAL_OFFICE',
    postalCode: '880-0834',
    address: '宮崎市新別府町船戸738-1',
    phone: '0985-20-1000',
    fax: '0985-20-2000',
  },
];

interface DemoUser {
  loginId: string;
  name: [string, string];
  kana: [string, string];
  profession: ProfessionName;
  facility: string;
  /** Their own number (PHS, work mobile), shown to their care teams beside the office's. */
  phone?: string;
}

export const DEMO_USERS: DemoUser[] = [
  { loginId: 'dr.kuroki', name: ['黒木', '健一'], kana: ['クロキ', 'ケンイチ'], profession: 'PROFESSION_DOCTOR', facility: 'clinic', phone: '090-3301-0001' },
  { loginId: 'dr.hidaka', name: ['日高', '真理'], kana: ['ヒダカ', 'マリ'], profession: 'PROFESSION_DOCTOR', facility: 'clinic' },
  { loginId: 'dr.kawano', name: ['河野', '修'], kana: ['カワノ', 'オサム'], profession: 'PROFESSION_DOCTOR', facility: 'oyodo' },
  { loginId: 'dr.shiiba', name: ['椎葉', '彩'], kana: ['シイバ', 'アヤ'], profession: 'PROFESSION_DOCTOR', facility: 'derma' },
  { loginId: 'ns.kai', name: ['甲斐', '由美'], kana: ['カイ', 'ユミ'], profession: 'PROFESSION_NURSE', facility: 'nursing', phone: '080-3301-0002' },
  { loginId: 'ns.nagatomo', name: ['長友', '聡子'], kana: ['ナガトモ', 'サトコ'], profession: 'PROFESSION_NURSE', facility: 'nursing' },
  { loginId: 'pt.oshikawa', name: ['押川', '大輔'], kana: ['オシカワ', 'ダイスケ'], profession: 'PROFESSION_PHYSICAL_THERAPIST', facility: 'nursing' },
  { loginId: 'ph.kodama', name: ['児玉', '恵'], kana: ['コダマ', 'メグミ'], profession: 'PROFESSION_PHARMACIST', facility: 'pharmacy' },
  {
    loginId: 'cm.iwakiri',
    name: ['岩切', '千春'],
    kana: ['イワキリ', 'チハル'],
    profession: 'PROFESSION_CARE_MANAGER',
    facility: 'caremgmt',
    phone: '070-3301-0003',
  },
  { loginId: 'cm.korogi', name: ['興梠', '明'], kana: ['コウロギ', 'アキラ'], profession: 'PROFESSION_CARE_MANAGER', facility: 'caremgmt' },
  { loginId: 'cw.yano', name: ['矢野', 'さくら'], kana: ['ヤノ', 'サクラ'], profession: 'PROFESSION_CARE_WORKER', facility: 'helper' },
  { loginId: 'msw.tanaka', name: ['田中', '直子'], kana: ['タナカ', 'ナオコ'], profession: 'PROFESSION_MEDICAL_SOCIAL_WORKER', facility: 'hospital' },
  { loginId: 'office.sato', name: ['佐藤', '恭子'], kana: ['サトウ', 'キョウコ'], profession: 'PROFESSION_CLERK', facility: 'office' },
];

/** Family names with readings; a few in old forms (髙, 﨑, 邊) as registered on insurance cards. */
export const FAMILY_NAMES: [string, string][] = [
  ['黒木', 'クロキ'],
  ['甲斐', 'カイ'],
  ['日高', 'ヒダカ'],
  ['河野', 'カワノ'],
  ['長友', 'ナガトモ'],
  ['児玉', 'コダマ'],
  ['岩切', 'イワキリ'],
  ['押川', 'オシカワ'],
  ['興梠', 'コウロギ'],
  ['椎葉', 'シイバ'],
  ['那須', 'ナス'],
  ['戸高', 'トダカ'],
  ['佐藤', 'サトウ'],
  ['鈴木', 'スズキ'],
  ['髙橋', 'タカハシ'],
  ['田中', 'タナカ'],
  ['渡邊', 'ワタナベ'],
  ['山本', 'ヤマモト'],
  ['中村', 'ナカムラ'],
  ['山﨑', 'ヤマサキ'],
  ['松田', 'マツダ'],
  ['井上', 'イノウエ'],
  ['横山', 'ヨコヤマ'],
  ['坂元', 'サカモト'],
  ['川越', 'カワゴエ'],
  ['外山', 'トヤマ'],
  ['柏田', 'カシワダ'],
  ['染矢', 'ソメヤ'],
  ['矢野', 'ヤノ'],
  ['宮田', 'ミヤタ'],
  ['新名', 'ニイナ'],
  ['図師', 'ズシ'],
  ['米良', 'メラ'],
  ['東', 'ヒガシ'],
  ['小八重', 'コバエ'],
  ['長曽我部', 'チョウソカベ'],
];

export const WOMEN_GIVEN: [string, string][] = [
  ['ハル', 'ハル'],
  ['キヨ', 'キヨ'],
  ['千代子', 'チヨコ'],
  ['久子', 'ヒサコ'],
  ['節子', 'セツコ'],
  ['和子', 'カズコ'],
  ['幸子', 'サチコ'],
  ['文子', 'フミコ'],
  ['静江', 'シズエ'],
  ['トメ', 'トメ'],
  ['ミツ子', 'ミツコ'],
  ['美代子', 'ミヨコ'],
  ['信子', 'ノブコ'],
  ['絹代', 'キヌヨ'],
  ['ヨシ子', 'ヨシコ'],
  ['昭子', 'アキコ'],
];

export const MEN_GIVEN: [string, string][] = [
  ['茂', 'シゲル'],
  ['勇', 'イサム'],
  ['清', 'キヨシ'],
  ['正男', 'マサオ'],
  ['博', 'ヒロシ'],
  ['実', 'ミノル'],
  ['武', 'タケシ'],
  ['勝', 'マサル'],
  ['一郎', 'イチロウ'],
  ['三郎', 'サブロウ'],
  ['義雄', 'ヨシオ'],
  ['昭', 'アキラ'],
  ['孝', 'タカシ'],
  ['健次', 'ケンジ'],
  ['登', 'ノボル'],
  ['忠', 'タダシ'],
];

export const DIAGNOSES: [string, string][] = [
  ['慢性心不全', 'I50.0'],
  ['脳梗塞後遺症', 'I69.3'],
  ['アルツハイマー型認知症', 'G30.9'],
  ['慢性閉塞性肺疾患', 'J44.9'],
  ['パーキンソン病', 'G20'],
  ['2型糖尿病', 'E11.9'],
  ['高血圧症', 'I10'],
  ['仙骨部褥瘡', 'L89.1'],
  ['大腿骨頸部骨折術後', 'S72.0'],
  ['肺癌（終末期）', 'C34.9'],
  ['胃癌術後', 'C16.9'],
  ['慢性腎臓病', 'N18.9'],
  ['筋萎縮性側索硬化症', 'G12.2'],
  ['骨粗鬆症', 'M81.9'],
  ['誤嚥性肺炎後', 'J69.0'],
  ['廃用症候群', 'M62.3'],
];

export const ALLERGIES: [string, string, 'ALLERGY_SEVERITY_MILD' | 'ALLERGY_SEVERITY_MODERATE' | 'ALLERGY_SEVERITY_SEVERE'][] = [
  ['ペニシリン系抗菌薬', '蕁麻疹', 'ALLERGY_SEVERITY_MODERATE'],
  ['セフェム系抗菌薬', '薬疹', 'ALLERGY_SEVERITY_MODERATE'],
  ['ロキソプロフェン', '喘息発作', 'ALLERGY_SEVERITY_SEVERE'],
  ['ヨード造影剤', 'アナフィラキシー', 'ALLERGY_SEVERITY_SEVERE'],
  ['貼付剤（テープ類）', '接触皮膚炎', 'ALLERGY_SEVERITY_MILD'],
  ['卵', '下痢・嘔吐', 'ALLERGY_SEVERITY_MILD'],
  ['ラテックス', '発赤・かゆみ', 'ALLERGY_SEVERITY_MODERATE'],
];

export const ADDRESSES: [string, string][] = [
  ['880-0805', '宮崎市橘通東'],
  ['880-0901', '宮崎市東大淀'],
  ['880-0036', '宮崎市花ヶ島町'],
  ['889-1601', '宮崎市清武町加納'],
  ['880-0301', '宮崎市佐土原町下田島'],
  ['889-1701', '宮崎市田野町甲'],
  ['880-0951', '宮崎市大塚町'],
  ['880-2112', '宮崎市生目台西'],
  ['880-0841', '宮崎市吉村町'],
  ['880-0834', '宮崎市新別府町'],
  ['880-0121', '宮崎市島之内'],
  ['889-2155', '宮崎市学園木花台西'],
];

export const KEY_PERSONS = ['長女', '長男', '妻', '夫', '次女', '長男の妻', '姪'];

export const CARE_LEVELS_BY_WEIGHT = [
  'CARE_LEVEL_SUPPORT_2',
  'CARE_LEVEL_CARE_1',
  'CARE_LEVEL_CARE_2',
  'CARE_LEVEL_CARE_2',
  'CARE_LEVEL_CARE_3',
  'CARE_LEVEL_CARE_3',
  'CARE_LEVEL_CARE_4',
  'CARE_LEVEL_CARE_4',
  'CARE_LEVEL_CARE_5',
  'CARE_LEVEL_APPLYING',
] as const;

/** Who of the demo users usually serves a patient in which role. */
export const TEAM_ROLES: Record<string, CareTeamRoleName> = {
  'dr.kuroki': 'CARE_TEAM_ROLE_ATTENDING_DOCTOR',
  'dr.hidaka': 'CARE_TEAM_ROLE_ATTENDING_DOCTOR',
  'dr.kawano': 'CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR',
  'dr.shiiba': 'CARE_TEAM_ROLE_COOPERATING_DOCTOR',
  'ns.kai': 'CARE_TEAM_ROLE_VISITING_NURSE',
  'ns.nagatomo': 'CARE_TEAM_ROLE_VISITING_NURSE',
  'pt.oshikawa': 'CARE_TEAM_ROLE_THERAPIST',
  'ph.kodama': 'CARE_TEAM_ROLE_PHARMACIST',
  'cm.iwakiri': 'CARE_TEAM_ROLE_CARE_MANAGER',
  'cm.korogi': 'CARE_TEAM_ROLE_CARE_MANAGER',
  'cw.yano': 'CARE_TEAM_ROLE_CARE_WORKER',
  'msw.tanaka': 'CARE_TEAM_ROLE_HOSPITAL_LIAISON',
};
