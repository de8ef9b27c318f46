// Every word the screens show in English: the same keys as Japanese, each feature checked key for key.
import { app } from './app';
import { enrollment } from './enrollment';
import { login } from './login';
import { twoFactor } from './two-factor';
import { patients } from './patients';
import { chart } from './chart';
import { overview } from './overview';
import { notes } from './notes';
import { documents } from './documents';
import { forms } from './forms';
import { consent } from './consent';
import { settings } from './settings';
import { status } from './status';
import { viewer } from './viewer';
import { timeline } from './timeline';
import { safety } from './safety';
import { coverage } from './coverage';
import { medications } from './medications';
import { hospitalData } from './hospital-data';
import { versions } from './versions';
import { careTeam } from './care-team';
import { phrases } from './phrases';
import { accessLog } from './access-log';
import { screenLock } from './screen-lock';
import { account } from './account';

export const en = {
  ...app,
  ...enrollment,
  ...login,
  ...twoFactor,
  ...patients,
  ...chart,
  ...overview,
  ...notes,
  ...documents,
  ...forms,
  ...consent,
  ...settings,
  ...status,
  ...viewer,
  ...timeline,
  ...safety,
  ...coverage,
  ...medications,
  ...hospitalData,
  ...versions,
  ...careTeam,
  ...phrases,
  ...accessLog,
  ...screenLock,
  ...account,
};
