// The pilot's cost-effectiveness estimate, computed from a month's real counts. The pilot
// (宮崎市 在宅医療介護連携 実証モデル, 考察 ②「費用対効果の試算」) reasoned: without a shared record an
// office tells each partner office separately, by phone and by FAX, about 2 minutes each; with
// Renkei it shares once with all of them (1対1 → 1対n). It assumed each home-care doctor's office
// works with 4 partner offices (訪問看護ステーション, 居宅介護支援事業所, 介護サービス事業所 …), so one
// piece of news costs 4 min × 4 = 16 min by phone and FAX and 4 min once shared: −75 %. It valued the
// time at a care worker's wage, 月給 20.8万円 ÷ 174 時間 ≈ 1,200 円/時 (日経ヘルスケア 2018年2月,
// 常勤介護職員), deliberately low rather than a doctor's or nurse's. The pilot multiplied assumed
// events (25 patients × 3 visits a month); here the events are the month's actual shared items:
// timeline posts and chart actions (notes, documents, forms), each of which the team sees at once.
// And the partner offices are counted too: each item reached the other offices on the patient's
// care team (or the group) at that moment (partner-reach.ts). The pilot's 4 offices are kept as the
// comparison, so a region sees how its teams differ from the pilot's assumption.
import { chartActionsOf, type MonthlyUsage } from './usage-counts';

export const PILOT_ASSUMPTIONS = {
  /** Phone call and FAX to one partner office: 2 min each. */
  minutesPerPartnerContact: 4,
  /** Partner offices an office informs about one patient (the pilot's assumption; now only the comparison). */
  partnerOffices: 4,
  /** Yen per hour of staff time (a care worker's wage). */
  yenPerHour: 1200,
} as const;

export interface CostEstimate {
  /** Items shared with the team at once: posts and chart actions. */
  sharedItems: number;
  /** Other offices an item reached, on average over the shared items (0 when none). */
  averagePartnerOffices: number;
  /** Minutes the same news would take told office by office (1対1) to the offices it really reached. */
  oneToOneMinutes: number;
  /** Minutes it takes shared once (1対n): the items that reached another office. */
  oneToManyMinutes: number;
  savedMinutes: number;
  /** The saved minutes at the assumed wage, in yen (rounded down). */
  savedYen: number;
  /** The same with the pilot's 4 partner offices for every item, for comparison. */
  pilot: { oneToOneMinutes: number; oneToManyMinutes: number; savedMinutes: number; savedYen: number };
}

const yen = (minutes: number) => Math.floor((minutes * PILOT_ASSUMPTIONS.yenPerHour) / 60);

export function estimateCost(usage: MonthlyUsage): CostEstimate {
  const { minutesPerPartnerContact, partnerOffices } = PILOT_ASSUMPTIONS;
  const sharedItems = usage.posts + chartActionsOf(usage);
  // An item no other office saw replaced no call either way: it counts on neither side.
  const oneToOneMinutes = usage.partnerContacts * minutesPerPartnerContact;
  const oneToManyMinutes = usage.itemsReachingPartners * minutesPerPartnerContact;
  const savedMinutes = oneToOneMinutes - oneToManyMinutes;
  const pilotOneToOne = sharedItems * minutesPerPartnerContact * partnerOffices;
  const pilotOneToMany = sharedItems * minutesPerPartnerContact;
  return {
    sharedItems,
    averagePartnerOffices: sharedItems === 0 ? 0 : Math.round((usage.partnerContacts / sharedItems) * 100) / 100,
    oneToOneMinutes,
    oneToManyMinutes,
    savedMinutes,
    savedYen: yen(savedMinutes),
    pilot: {
      oneToOneMinutes: pilotOneToOne,
      oneToManyMinutes: pilotOneToMany,
      savedMinutes: pilotOneToOne - pilotOneToMany,
      savedYen: yen(pilotOneToOne - pilotOneToMany),
    },
  };
}

/** The assumptions in words, printed with the estimate so a reader can judge it. */
export const ASSUMPTION_LINES: readonly string[] = [
  '試算の方法は宮崎市 在宅医療介護連携 実証モデル報告書「費用対効果の試算」に従う。',
  '共有件数: その月の連絡帳・グループへの投稿と記録操作（経過記録・文書・様式）の件数。1件はチーム全員に一度に共有される（1対n）。',
  '連携先の数は実測: 各共有の時点でその患者のケアチーム（グループの投稿はグループ）にいた、書いた人の事業所以外の事業所の数を数える。平均連携先数 = その合計 ÷ 共有件数。',
  `1対1の想定: 同じ内容を実際に届いた連携先の各事業所へ個別に電話（約2分）とFAX（約2分）で伝える = 連携先1事業所あたり ${PILOT_ASSUMPTIONS.minutesPerPartnerContact} 分。`,
  `1対nの想定: 他の事業所に届いた共有1件あたり ${PILOT_ASSUMPTIONS.minutesPerPartnerContact} 分 × 1 回。他の事業所に届かなかった共有は両方から除く。`,
  `比較: 実証モデルの仮定（連携先 ${PILOT_ASSUMPTIONS.partnerOffices} 事業所、1件あたり ${PILOT_ASSUMPTIONS.minutesPerPartnerContact} 分 × ${PILOT_ASSUMPTIONS.partnerOffices} 回、削減率 ${Math.round((1 - 1 / PILOT_ASSUMPTIONS.partnerOffices) * 100)}%）による削減時間と効果額も併記する。`,
  `時給: ${PILOT_ASSUMPTIONS.yenPerHour.toLocaleString('ja-JP')} 円（常勤介護職員の月給 20.8万円 ÷ 174 時間、日経ヘルスケア 2018年2月）。医師・看護師の時給より低く、効果額を少なめに見積もる。`,
  '所要時間は実測ではなく実証モデルの仮定。導入・運用経費との比較は地域の経費で行うこと。',
];
