// Japanese and English names of the insurance record's enumerations (coverage.proto).
import type { DementiaIndependence } from '../generated/renkei/v1/DementiaIndependence';
import type { DisabilityIndependence } from '../generated/renkei/v1/DisabilityIndependence';
import type { Label } from './labels';

export type DisabilityIndependenceName = keyof typeof DisabilityIndependence;
export type DementiaIndependenceName = keyof typeof DementiaIndependence;

/** 障害高齢者の日常生活自立度（寝たきり度）: J (生活自立), A (準寝たきり), B and C (寝たきり). */
export const DISABILITY_INDEPENDENCE_LABELS: Record<DisabilityIndependenceName, Label> = {
  DISABILITY_INDEPENDENCE_UNSPECIFIED: { ja: '未記載', en: 'Not recorded' },
  DISABILITY_INDEPENDENCE_NORMAL: { ja: '自立', en: 'Independent' },
  DISABILITY_INDEPENDENCE_J1: { ja: 'J1', en: 'J1' },
  DISABILITY_INDEPENDENCE_J2: { ja: 'J2', en: 'J2' },
  DISABILITY_INDEPENDENCE_A1: { ja: 'A1', en: 'A1' },
  DISABILITY_INDEPENDENCE_A2: { ja: 'A2', en: 'A2' },
  DISABILITY_INDEPENDENCE_B1: { ja: 'B1', en: 'B1' },
  DISABILITY_INDEPENDENCE_B2: { ja: 'B2', en: 'B2' },
  DISABILITY_INDEPENDENCE_C1: { ja: 'C1', en: 'C1' },
  DISABILITY_INDEPENDENCE_C2: { ja: 'C2', en: 'C2' },
};

/** 認知症高齢者の日常生活自立度: 自立, Ⅰ, Ⅱa…Ⅳ, M. */
export const DEMENTIA_INDEPENDENCE_LABELS: Record<DementiaIndependenceName, Label> = {
  DEMENTIA_INDEPENDENCE_UNSPECIFIED: { ja: '未記載', en: 'Not recorded' },
  DEMENTIA_INDEPENDENCE_INDEPENDENT: { ja: '自立', en: 'Independent' },
  DEMENTIA_INDEPENDENCE_I: { ja: 'Ⅰ', en: 'I' },
  DEMENTIA_INDEPENDENCE_IIA: { ja: 'Ⅱa', en: 'IIa' },
  DEMENTIA_INDEPENDENCE_IIB: { ja: 'Ⅱb', en: 'IIb' },
  DEMENTIA_INDEPENDENCE_IIIA: { ja: 'Ⅲa', en: 'IIIa' },
  DEMENTIA_INDEPENDENCE_IIIB: { ja: 'Ⅲb', en: 'IIIb' },
  DEMENTIA_INDEPENDENCE_IV: { ja: 'Ⅳ', en: 'IV' },
  DEMENTIA_INDEPENDENCE_M: { ja: 'M', en: 'M' },
};
