// What each action of the access log means, in the words a patient or an office reads: the CSV the
// regional office exports (renkei-admin audit export) and the chart's アクセス記録 show these, not
// the stored codes. A code not listed here (a refused call is recorded under its RPC path) is shown
// as it is stored, so nothing recorded is ever hidden behind a missing label.
import type { Label, Locale } from './labels';

export const AUDIT_ACTION_LABELS: Readonly<Record<string, Label>> = {
  'auth.login': { ja: 'ログイン', en: 'Signed in' },
  'auth.logout': { ja: 'ログアウト', en: 'Signed out' },
  'auth.password.change': { ja: 'パスワードの変更', en: 'Changed their password' },
  'auth.second-factor.setup': { ja: '2段階認証の設定', en: 'Set up two-factor login' },
  'auth.second-factor.recovery-codes': { ja: '回復コードの再発行', en: 'Issued new recovery codes' },
  'patient.search': { ja: '患者検索', en: 'Searched patients' },
  'patient.overview.read': { ja: '患者基本情報の閲覧', en: 'Viewed patient overview' },
  'patient.fhir.export': { ja: 'FHIR形式での出力', en: 'Exported as FHIR' },
  'sync.pull': { ja: '端末への同期', en: 'Synced to the device' },
  'consent.read': { ja: '同意情報の閲覧', en: 'Viewed consent' },
  'consent.record': { ja: '同意の登録', en: 'Recorded consent' },
  'consent.withdraw': { ja: '同意の撤回', en: 'Withdrew consent' },
  'coverage.read': { ja: '保険・認定情報の閲覧', en: 'Viewed insurance and certification' },
  'coverage.record': { ja: '保険・認定情報の登録', en: 'Recorded insurance and certification' },
  'emergency-info.read': { ja: '緊急時情報の閲覧', en: 'Viewed emergency information' },
  'emergency-info.record': { ja: '緊急時情報の登録', en: 'Recorded emergency information' },
  'emergency-info.history': { ja: '緊急時情報の履歴の閲覧', en: 'Viewed emergency information history' },
  'note.list': { ja: '経過記録の閲覧', en: 'Viewed progress notes' },
  'note.history': { ja: '経過記録の履歴の閲覧', en: 'Viewed progress note history' },
  'note.write': { ja: '経過記録の記入', en: 'Wrote a progress note' },
  'note.correct': { ja: '経過記録の訂正', en: 'Corrected a progress note' },
  'note.entered-in-error': { ja: '経過記録の入力誤り取消', en: 'Marked a progress note entered in error' },
  'document.list': { ja: '文書一覧の閲覧', en: 'Viewed documents' },
  'document.history': { ja: '文書の版の閲覧', en: 'Viewed document versions' },
  'document.download': { ja: '文書のダウンロード', en: 'Downloaded a document' },
  'document.upload': { ja: '文書の登録', en: 'Uploaded a document' },
  'form.list': { ja: '様式一覧の閲覧', en: 'Viewed forms' },
  'form.read': { ja: '様式の閲覧', en: 'Viewed a form' },
  'form.versions': { ja: '様式の版の閲覧', en: 'Viewed form versions' },
  'form.render': { ja: '様式の印刷用出力', en: 'Printed a form' },
  'form.create': { ja: '様式の作成', en: 'Created a form' },
  'form.save': { ja: '様式の保存', en: 'Saved a form' },
  'form.finalise': { ja: '様式の確定', en: 'Finalised a form' },
  'medication.list': { ja: '服薬情報の閲覧', en: 'Viewed medications' },
  'medication.history': { ja: '服薬情報の履歴の閲覧', en: 'Viewed medication history' },
  'medication.add': { ja: '服薬情報の登録', en: 'Added a medication' },
  'medication.change': { ja: '服薬情報の変更', en: 'Changed a medication' },
  'vitals.list': { ja: 'バイタルの閲覧', en: 'Viewed vital signs' },
  'vitals.record': { ja: 'バイタルの記録', en: 'Recorded vital signs' },
  'vitals.entered-in-error': { ja: 'バイタルの入力誤り取消', en: 'Marked vital signs entered in error' },
  'timeline.list': { ja: '連絡帳一覧の閲覧', en: 'Viewed timelines' },
  'timeline.read': { ja: '連絡帳の閲覧', en: 'Read a timeline' },
  'timeline.post': { ja: '連絡帳への投稿', en: 'Posted to a timeline' },
  'timeline.edit': { ja: '連絡帳投稿の編集', en: 'Edited a timeline post' },
  'timeline.retract': { ja: '連絡帳投稿の取消', en: 'Retracted a timeline post' },
  'timeline.confirm': { ja: '連絡帳投稿の確認', en: 'Confirmed a timeline post' },
  'timeline.readers': { ja: '既読者の閲覧', en: 'Viewed who read a post' },
  'timeline.promote': { ja: '連絡帳から経過記録への転記', en: 'Copied posts into a progress note' },
  'timeline.attachment.upload': { ja: '添付ファイルの送信', en: 'Uploaded an attachment' },
  'timeline.attachment.download': { ja: '添付ファイルのダウンロード', en: 'Downloaded an attachment' },
  'timeline.attachment.file': { ja: '添付ファイルの文書登録', en: 'Filed an attachment as a document' },
  'timeline.group.create': { ja: 'グループの作成', en: 'Created a group' },
  'timeline.group.add': { ja: 'グループへのメンバー追加', en: 'Added a group member' },
  'timeline.group.remove': { ja: 'グループからのメンバー削除', en: 'Removed a group member' },
  'phrase.list': { ja: '定型文の閲覧', en: 'Viewed phrases' },
  'phrase.create': { ja: '定型文の作成', en: 'Created a phrase' },
  'phrase.update': { ja: '定型文の変更', en: 'Changed a phrase' },
  'phrase.delete': { ja: '定型文の削除', en: 'Deleted a phrase' },
  'policy.show': { ja: '閲覧権限表の閲覧', en: 'Viewed the chart policy' },
  'policy.set': { ja: '閲覧権限表の変更', en: 'Changed the chart policy' },
  'policy.password': { ja: 'パスワードの決まりの変更', en: 'Changed the password rule' },
  'user.password.change-required': { ja: 'パスワード変更の依頼', en: 'Asked for a password change' },
  'device.enroll': { ja: '端末の登録申請', en: 'Enrolled a device' },
  'device.approve': { ja: '端末の承認', en: 'Approved a device' },
  'device.revoke': { ja: '端末の無効化', en: 'Revoked a device' },
  'enrollment-code.issue': { ja: '登録コードの発行', en: 'Issued an enrollment code' },
  'rpc.refused': { ja: '不正な要求の拒否', en: 'Refused a call' },
  'rpc.refused.repeated': { ja: '不正な要求の拒否（繰り返し）', en: 'Refused repeated calls' },
  'audit.export': { ja: 'アクセス記録の出力', en: 'Exported the access log' },
  'audit.patient.read': { ja: 'アクセス記録の閲覧', en: 'Viewed the access log' },
  'audit.patient.export': { ja: 'アクセス記録のCSV保存', en: 'Saved the access log as CSV' },
  'patient.archive': { ja: '患者のアーカイブ', en: 'Archived the patient' },
  'patient.unarchive': { ja: '患者のアーカイブ解除', en: 'Restored the patient from the archive' },
  'hospital.link': { ja: '病院の患者IDの紐づけ', en: "Linked a hospital's patient ID" },
  'hospital.unlink': { ja: '病院の患者IDの紐づけ解除', en: "Unlinked a hospital's patient ID" },
  'hospital.import': { ja: '病院データの取り込み', en: 'Imported hospital data' },
  'hospital.import.run': { ja: 'SS-MIX2 取り込みの実行', en: 'Ran an SS-MIX2 import' },
  'hospital.import.patient-created': { ja: '病院データからの患者登録', en: 'Registered a patient from hospital data' },
};

/**
 * Who acted, for an event without a user: the regional office's renkei-admin (recorded as
 * admin:<account>@<host>), a refused connection (peer:<address>), a PC enrolling itself. People
 * read 「事務局」; the stored label stays in the log and its CSV as the detail.
 */
export type AuditActorKind = 'user' | 'regional-office' | 'refused-peer' | 'enrollment' | 'other';

export const AUDIT_ACTOR_KIND_LABELS: Readonly<Record<Exclude<AuditActorKind, 'user' | 'other'>, Label>> = {
  'regional-office': { ja: '事務局', en: 'Regional office' },
  'refused-peer': { ja: '接続を拒否した相手', en: 'Refused connection' },
  enrollment: { ja: '端末の登録', en: 'PC enrollment' },
};

/** The kind of actor an event's stored label names (events with a user are 'user'). */
export function auditActorKind(hasUser: boolean, label: string): AuditActorKind {
  if (hasUser) return 'user';
  if (label === 'admin' || label.startsWith('admin:')) return 'regional-office';
  if (label.startsWith('peer:')) return 'refused-peer';
  if (label === 'enrollment') return 'enrollment';
  return 'other';
}

/**
 * A user's event the regional office ran in that user's name: `renkei-admin export fhir --for`
 * exports a referral letter as a named clinician's read. The event names the clinician (whose read
 * it is) and keeps the operator (admin:<account>@<host>) as its label; without saying so, the
 * patient's access log would show the clinician doing something they did not do themselves.
 */
export const AUDIT_ON_BEHALF_LABEL: Readonly<Label> = { ja: '事務局が代理で実行', en: 'Run by the regional office in their name' };

/** Whether a user's event was run by the regional office in their name (its label names the operator). */
export function auditRunOnBehalf(kind: string, label: string): boolean {
  return kind === 'user' && auditActorKind(false, label) === 'regional-office';
}

/** The actor as people read it: the user's name, 「事務局」, …; an unknown label as stored. */
export function auditActorText(kind: string, name: string, locale: Locale): string {
  return Object.hasOwn(AUDIT_ACTOR_KIND_LABELS, kind) ? AUDIT_ACTOR_KIND_LABELS[kind as keyof typeof AUDIT_ACTOR_KIND_LABELS][locale] : name;
}

export const AUDIT_OUTCOME_LABELS: Readonly<Record<'ok' | 'denied' | 'failed', Label>> = {
  ok: { ja: '成功', en: 'Done' },
  denied: { ja: '拒否', en: 'Refused' },
  failed: { ja: '失敗', en: 'Failed' },
};

/** The action in words; a code without a label (a refused RPC's path) as it is stored. */
export function auditActionText(action: string, locale: Locale): string {
  return Object.hasOwn(AUDIT_ACTION_LABELS, action) ? AUDIT_ACTION_LABELS[action]![locale] : action;
}

export function auditOutcomeText(outcome: string, locale: Locale): string {
  return Object.hasOwn(AUDIT_OUTCOME_LABELS, outcome) ? AUDIT_OUTCOME_LABELS[outcome as keyof typeof AUDIT_OUTCOME_LABELS][locale] : outcome;
}
