// Who recorded a consent, as the team should read it. The server keeps a clinician's action under
// their user, which reaches the screen as their name; an action of the regional office (renkei-admin
// on the server, and the demo region it seeds) is kept under the administrator's account label,
// "admin:<account>@<host>" (backend/src/cli/admin-context.ts). That label is for the audit log: on
// the chart such a record is simply the office's, and the account and host are nobody's business.
import type { Translate } from '../../i18n/messages';

const OFFICE_ACCOUNT_PREFIX = 'admin:';

export function isRegionalOfficeActor(recordedBy: string): boolean {
  return recordedBy.startsWith(OFFICE_ACCOUNT_PREFIX);
}

/** 「事務局」 / "Regional office" for the office's actions; a clinician's name as it is. */
export function consentActorText(recordedBy: string, t: Translate): string {
  return isRegionalOfficeActor(recordedBy) ? t('consentRecordedByOffice') : recordedBy;
}
