// The demo region's shared chart: the consent every demo patient signed (kept by the regional
// office, as in the pilot), and, with `renkei-admin demo --chart`, a few progress notes by the
// attending doctor and the visiting nurse, written from their offices' registered PCs.
//
// Notes need a device (every chart record says which PC it was written on), so --chart enrolls
// and approves one PC at the clinic and one at the nursing station. That is why it is not the
// default: tools that enroll "the" demo device and expect it to be the only one stay as they are.
import { dayText, japanDayOf } from '@renkei/proto/calendar';
import type { SoapText } from '@renkei/proto/generated/renkei/v1/SoapText';
import { generateKeyPair } from '@renkei/wireguard';
import { openUserScope } from '../../access/call-scope';
import { recordConsent } from '../../consent/consents';
import type { Store } from '../../db/database';
import type { DeviceRow, UserRow } from '../../db/schema';
import { approveDevice } from '../../devices/devices';
import { enrollDevice, issueEnrollmentCode } from '../../devices/enrollment';
import { writeNote } from '../../progress-notes/progress-notes';
import type { TunnelSubnet } from '../../tunnel/tunnel-subnet';

export interface DemoChartDevices {
  caPin: Buffer;
  subnet: TunnelSubnet;
}

const DAY = 86_400_000;

/** The consent of one demo patient: signed at the first home visit, kept by the regional office. */
export async function recordDemoConsent(
  store: Store,
  patientId: string,
  attendingFamilyName: string,
  daysAgo: number,
  actorLabel: string,
  now: Date,
): Promise<void> {
  await recordConsent(
    store,
    { kind: 'regional-office', label: actorLabel },
    {
      patientId,
      obtainedOn: dayText(japanDayOf(now).subtract({ days: daysAgo })),
      obtainedBy: `主治医 ${attendingFamilyName}`,
      scope: 'CONSENT_SCOPE_CARE_TEAM',
      note: '初回訪問時に本人・家族へ説明し署名を得た。原本は事務局で保管。',
    },
    now,
  );
}

/** Enrolls and approves an office PC for the demo's records. */
export async function enrollDemoPc(
  store: Store,
  devices: DemoChartDevices,
  facilityId: string,
  name: string,
  hostname: string,
  actorLabel: string,
  now: Date,
): Promise<DeviceRow> {
  const code = await issueEnrollmentCode(store, { facilityId, label: `デモ: ${name}`, createdBy: actorLabel, caPin: devices.caPin, validHours: 1 }, now);
  const enrolled = await enrollDevice(
    store,
    { enrollmentCode: code.code, wireguardPublicKey: generateKeyPair().publicKey, deviceName: name, hostname, platform: 'win32' },
    { caPin: devices.caPin, subnet: devices.subnet },
    now,
  );
  return approveDevice(store, enrolled.device.id, actorLabel, now);
}

// SOAP as written in home-care charts: the patient's words in 「」, measured values, a short
// assessment and what happens next.
const DOCTOR_NOTES: Record<string, SoapText> = {
  慢性心不全: {
    subjective: '「息切れは前より楽。夜も横になって眠れている」',
    objective: 'BP 128/72、HR 78 整、SpO2 95%（室内気）。両下腿に軽度の圧痕性浮腫。体重 48.2kg（前回比 -0.8kg）。',
    assessment: '慢性心不全、代償期。利尿薬増量後、体液貯留は改善傾向。',
    plan: 'フロセミド 20mg 継続。1週間で2kg以上の体重増加、息切れ増悪時は連絡するよう家族に説明。次回訪問診療 2週間後。',
  },
  脳梗塞後遺症: {
    subjective: '「右手が少し動かしやすくなった」。妻より「むせることが減った」と。',
    objective: 'BP 138/80、HR 70 整。右上下肢不全麻痺は著変なし。構音障害軽度。水分とろみ付きで摂取良好。',
    assessment: '脳梗塞後遺症、状態安定。嚥下機能は維持。',
    plan: '抗血小板薬継続。血圧目標 130/80 未満。訪問リハビリ継続を依頼。',
  },
  アルツハイマー型認知症: {
    subjective: '長女より「夕方になると落ち着かず、家の中を歩き回る」と。',
    objective: '表情穏やか。見当識障害あり（日付不正確）。BP 122/68。食事摂取 8割。',
    assessment: 'アルツハイマー型認知症。夕暮れ症候群と考える。身体的誘因は認めない。',
    plan: '日中の活動（デイサービス）を増やす方向でケアマネジャーと相談。薬剤調整は行わず経過観察。',
  },
  慢性閉塞性肺疾患: {
    subjective: '「階段を上ると息が切れる。痰は白い」',
    objective: 'SpO2 92%（室内気）、労作後 88%。呼吸音 両側で減弱、wheeze なし。体温 36.5℃。',
    assessment: 'COPD、増悪なし。労作時低酸素あり。',
    plan: '在宅酸素 労作時 1L/分を継続。吸入手技を訪問看護で再確認。発熱・膿性痰時は早めに連絡。',
  },
};

const DOCTOR_NOTE_DEFAULT: SoapText = {
  subjective: '「食欲はまずまず。腰が少し痛む」',
  objective: 'BP 134/76、HR 72 整、SpO2 97%、体温 36.4℃。腹部 平坦・軟。腰部に圧痛なし。',
  assessment: '全身状態は安定。腰痛は姿勢によるものと考える。',
  plan: '現行処方を継続。湿布を追加処方。次回訪問診療 2週間後。',
};

const NURSE_NOTES: SoapText[] = [
  {
    subjective: '「昨日から便が出ていない」',
    objective: '体温 36.6℃、BP 122/70、HR 74。腹部やや膨満、腸蠕動音やや減弱。水分摂取 約700mL/日（家族記録）。',
    assessment: '便秘傾向。水分摂取量の低下が一因と考える。',
    plan: '水分 1日1,000mL を目標に家族へ指導。明日まで排便がなければ坐薬使用について主治医に相談する。',
  },
  {
    subjective: '「お風呂に入れてさっぱりした」',
    objective: '訪問入浴介助後、BP 126/74、SpO2 96%。皮膚の発赤・剥離なし。仙骨部 異常なし。',
    assessment: '入浴による循環動態の変化なし。皮膚状態良好。',
    plan: '週2回の入浴介助を継続。体位変換の方法を家族と再確認した。',
  },
  {
    subjective: '長男の妻より「薬を飲み忘れることがある」と。',
    objective: '残薬確認：朝食後薬が3日分残っている。服薬カレンダーは未使用。',
    assessment: '服薬アドヒアランス低下。',
    plan: '服薬カレンダーを導入し、家族と使い方を確認。薬剤師に一包化の検討を依頼する。',
  },
];

/**
 * A few notes on the patient's chart: one by the attending doctor, one or two by the visiting
 * nurse, each written in their own scope on the patient as through the API (the chart policy and
 * the patient's consent apply).
 */
export async function writeDemoNotes(
  store: Store,
  patient: { id: string; primaryDiagnosis: string },
  doctor: { user: UserRow; device: DeviceRow },
  nurse: { user: UserRow; device: DeviceRow },
  seed: number,
  now: Date,
): Promise<void> {
  const daysAgo = (days: number, hour: number) => {
    const at = new Date(now.getTime() - days * DAY);
    // Visits happen in the daytime in Japan.
    at.setUTCHours(hour - 9, (seed * 7) % 60, 0, 0);
    return at.toISOString();
  };
  const asDoctor = await openUserScope(store, doctor, now).openPatient(patient.id, 'note.write');
  const asNurse = await openUserScope(store, nurse, now).openPatient(patient.id, 'note.write');
  const first = NURSE_NOTES[seed % NURSE_NOTES.length]!;
  await writeNote(asNurse, { soap: first, observedAt: daysAgo(9, 14) });
  await writeNote(asDoctor, { soap: DOCTOR_NOTES[patient.primaryDiagnosis] ?? DOCTOR_NOTE_DEFAULT, observedAt: daysAgo(5, 10) });
  if (seed % 2 === 0) {
    const second = NURSE_NOTES[(seed + 1) % NURSE_NOTES.length]!;
    await writeNote(asNurse, { soap: second, observedAt: daysAgo(2, 15) });
  }
}
