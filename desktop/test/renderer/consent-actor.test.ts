import { describe, expect, it } from 'vitest';
import { consentActorText, isRegionalOfficeActor } from '../../src/renderer/chart/consent/consent-actor';
import { translatorFor } from '../../src/renderer/i18n/translate';

describe('who recorded a consent', () => {
  it('shows an action of the regional office as the office, never its administrator account', () => {
    // The label renkei-admin records (backend/src/cli/admin-context.ts): admin:<account>@<host>.
    expect(consentActorText('admin:root@vm', translatorFor('ja'))).toBe('事務局');
    expect(consentActorText('admin:renkei@renkei-server.local', translatorFor('en'))).toBe('Regional office');
  });

  it('shows a clinician by name, as before', () => {
    expect(isRegionalOfficeActor('田中 一郎')).toBe(false);
    expect(consentActorText('田中 一郎', translatorFor('ja'))).toBe('田中 一郎');
    expect(consentActorText('Tanaka Ichiro', translatorFor('en'))).toBe('Tanaka Ichiro');
  });
});
