// Whether a patient's chart is shared (患者同意書). Without a consent in force the patient is seen
// only by the office that registered them; the screens say so in those words, because "同意未取得"
// alone does not tell a nurse why she cannot see a colleague's notes.
import type { CareTeamMemberView, ConsentRecordView, ConsentView } from '../../../shared/desktop-api';

export type ConsentState = 'in-force' | 'withdrawn' | 'none' | 'unknown';

export function consentState(view: ConsentView | null): ConsentState {
  if (view === null) return 'unknown';
  if (view.shared && view.current !== null) return 'in-force';
  const latest = latestConsent(view);
  return latest !== null && latest.withdrawnOn !== '' ? 'withdrawn' : 'none';
}

/** The most recently recorded consent (history is newest first, but do not rely on it). */
export function latestConsent(view: ConsentView): ConsentRecordView | null {
  const all = view.current !== null ? [view.current, ...view.history] : [...view.history];
  return all.reduce<ConsentRecordView | null>((latest, c) => (latest === null || c.recordedAt > latest.recordedAt ? c : latest), null);
}

export interface CareTeamOffice {
  /** '' for a member whose office is unknown (e.g. a cache written before office ids were kept). */
  id: string;
  name: string;
}

/** The offices on the care team, each once, in the order the team lists them. */
export function careTeamOffices(team: readonly CareTeamMemberView[]): CareTeamOffice[] {
  const seen = new Map<string, CareTeamOffice>();
  for (const member of team) {
    const id = member.facilityId;
    const key = id !== '' ? id : member.facilityName;
    if (member.facilityName === '' || seen.has(key)) continue;
    seen.set(key, { id, name: member.facilityName });
  }
  return [...seen.values()];
}
