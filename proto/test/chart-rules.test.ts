import { describe, expect, it } from 'vitest';
import { instructionAlerts } from '../src/chart-rules';

const INSTRUCTION = 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION';

describe('instruction alerts', () => {
  it('count days in Japan time, whatever the server zone', () => {
    const documents = [{ documentId: 'd', documentType: INSTRUCTION, title: '指示書', validUntil: '2025-04-01' }];
    // 2025-04-01 00:30 in Tokyo is still March 31 in UTC: the instruction runs through today.
    expect(instructionAlerts(documents, [], new Date('2025-03-31T15:30:00Z'))).toEqual([
      { documentId: 'd', formId: '', title: '指示書', validUntil: '2025-04-01', expired: false, daysLeft: 0 },
    ]);
    // 2025-04-02 00:00 in Tokyo: it ended yesterday.
    expect(instructionAlerts(documents, [], new Date('2025-04-01T15:00:00Z'))[0]).toMatchObject({ expired: true, daysLeft: -1 });
    expect(instructionAlerts(documents, [], new Date('2025-03-16T15:00:00Z'))).toEqual([]);
    expect(instructionAlerts(documents, [], new Date('2025-03-17T15:00:00Z'))[0]).toMatchObject({ daysLeft: 14 });
  });

  it('take the latest end of the filed instructions and finalised instruction forms, one alert at most', () => {
    const now = new Date('2026-12-06T01:00:00Z');
    const filed = [{ documentId: 'd', documentType: INSTRUCTION, title: '紙の指示書', validUntil: '2026-12-16' }];
    const form = (to: string) => ({
      formId: 'f',
      documentType: INSTRUCTION,
      title: '指示書',
      values: { instructionKind: 'NORMAL', instructionPeriod: { from: '2026-09-01', to } },
    });
    expect(instructionAlerts(filed, [form('2026-12-09')], now)).toEqual([
      { documentId: 'd', formId: '', title: '紙の指示書', validUntil: '2026-12-16', expired: false, daysLeft: 10 },
    ]);
    // A newer form covering beyond the warning window: nothing to warn about.
    expect(instructionAlerts(filed, [form('2027-02-28')], now)).toEqual([]);
    // Other kinds of records never count.
    expect(instructionAlerts([{ ...filed[0]!, documentType: 'DOCUMENT_TYPE_CARE_PLAN' }], [], now)).toEqual([]);
  });
});
