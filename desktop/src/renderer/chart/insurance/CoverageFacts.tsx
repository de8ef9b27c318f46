// What one version of the insurance and certification (保険・認定) says: the 要介護認定 and its
// period, the 医療保険 and 介護保険 numbers with 負担割合 and 公費, and the 日常生活自立度. Shown on 概要's
// card (the current version) and in the history (each version), so both read the same.
import { DEMENTIA_INDEPENDENCE_LABELS, DISABILITY_INDEPENDENCE_LABELS, type Label } from '@renkei/proto/labels';
import type { CoverageView, Locale } from '../../../shared/desktop-api';
import { careLevelLabel } from '../../format/record-labels';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { formatRecordDay } from '../shared/chart-dates';

export function enumLabel(table: Readonly<Record<string, Label>>, value: string, locale: Locale): string {
  return Object.hasOwn(table, value) ? table[value]![locale] : value;
}

export function CoverageFacts({ coverage }: { coverage: CoverageView }) {
  const chart = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  const day = (text: string) => formatRecordDay(text, locale, chart.era);
  const { medical, longTermCare, certification } = coverage;
  const none = <span className="muted">{t('notRecordedShort')}</span>;
  return (
    <dl className="facts coverage__facts">
      <dt>{t('certificationLabel')}</dt>
      <dd>
        {certification ? (
          <>
            <strong>{careLevelLabel(certification.careLevel, locale)}</strong>
            {certification.validUntil !== '' ? (
              <span className="coverage__period">{t('certificationPeriod', { from: day(certification.validFrom), to: day(certification.validUntil) })}</span>
            ) : null}
          </>
        ) : (
          none
        )}
      </dd>
      <dt>{t('medicalInsuranceLabel')}</dt>
      <dd>
        {medical ? (
          <ul className="coverage__numbers">
            <li>
              {t('insurerNumberLabel')} <span className="code">{medical.insurerNumber}</span>
            </li>
            <li>
              {t('insuredSymbolNumberLabel')}{' '}
              <span className="code">
                {[medical.symbol, medical.number].filter((part) => part !== '').join(' ・ ')}
                {medical.branch !== '' ? t('insuredBranch', { branch: medical.branch }) : ''}
              </span>
            </li>
            <li>
              {t('copayLabel')} <strong>{t('copayTenths', { tenths: medical.copayTenths })}</strong>
            </li>
            {medical.publicExpenses.map((p, index) => (
              <li key={index}>
                {t('publicExpenseLabel')}{' '}
                <span className="code">
                  {t('publicExpenseEntry', { name: p.name, payer: p.payerNumber })}
                  {p.recipientNumber !== '' ? t('publicExpenseRecipient', { recipient: p.recipientNumber }) : ''}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          none
        )}
      </dd>
      <dt>{t('longTermCareLabel')}</dt>
      <dd>
        {longTermCare ? (
          <ul className="coverage__numbers">
            <li>
              {t('insurerNumberLabel')} <span className="code">{longTermCare.insurerNumber}</span>
            </li>
            <li>
              {t('insuredNumberLabel')} <span className="code">{longTermCare.insuredNumber}</span>
            </li>
            <li>
              {t('copayLabel')} <strong>{t('copayTenths', { tenths: longTermCare.copayTenths })}</strong>
            </li>
          </ul>
        ) : (
          none
        )}
      </dd>
      <dt>{t('independenceLabel')}</dt>
      <dd>
        {t('disabilityIndependenceLabel')} <strong>{enumLabel(DISABILITY_INDEPENDENCE_LABELS, coverage.disabilityIndependence, locale)}</strong> ／{' '}
        {t('dementiaIndependenceLabel')} <strong>{enumLabel(DEMENTIA_INDEPENDENCE_LABELS, coverage.dementiaIndependence, locale)}</strong>
      </dd>
    </dl>
  );
}
