// The chart's tabs (概要 | 連絡帳 | 経過記録 | 文書 | 書類 | 同意), keyboard-first as WAI-ARIA tabs are: ←/→
// move between them, Home/End to the ends. A tab once opened stays mounted while hidden, so a
// form being written survives a look at the notes to copy from. A tab that fails to render says so
// in its own panel; the other tabs, the patient header and the alerts stay usable.
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { PaneErrorBoundary } from '../../components/PaneErrorBoundary';
import { useMessages } from '../../i18n/locale-context';
import './chart.css';

export type ChartTabId = 'overview' | 'timeline' | 'notes' | 'documents' | 'forms' | 'consent';

export const CHART_TABS: readonly ChartTabId[] = ['overview', 'timeline', 'notes', 'documents', 'forms', 'consent'];

interface ChartTabsProps {
  active: ChartTabId;
  onChange(tab: ChartTabId): void;
  panels: Record<ChartTabId, () => ReactNode>;
  era: boolean;
  onEraChange(era: boolean): void;
  /** Files waiting in the watched folder, shown on the 文書 tab. */
  watchedFileCount: number;
  /** Posts by others not yet shown to the user, on the 連絡帳 tab. */
  unreadPostCount: number;
  /** Reads the patient's data again before a tab that failed to render is drawn again (再読み込み). */
  onPanelRetry(): Promise<unknown>;
}

export function ChartTabs({ active, onChange, panels, era, onEraChange, watchedFileCount, unreadPostCount, onPanelRetry }: ChartTabsProps) {
  const t = useMessages();
  const [visited, setVisited] = useState<ReadonlySet<ChartTabId>>(() => new Set([active]));
  const tabs = useRef<Partial<Record<ChartTabId, HTMLButtonElement | null>>>({});

  if (!visited.has(active)) setVisited(new Set([...visited, active]));

  const labels: Record<ChartTabId, string> = {
    overview: t('tabOverview'),
    timeline: t('tabTimeline'),
    notes: t('tabNotes'),
    documents: t('tabDocuments'),
    forms: t('tabForms'),
    consent: t('tabConsent'),
  };

  const move = (to: ChartTabId) => {
    onChange(to);
    tabs.current[to]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = CHART_TABS.indexOf(active);
    const last = CHART_TABS.length - 1;
    const target: Record<string, number> = {
      ArrowRight: index === last ? 0 : index + 1,
      ArrowLeft: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    };
    const next = target[event.key];
    if (next === undefined) return;
    event.preventDefault();
    move(CHART_TABS[next]!);
  };

  return (
    <>
      <div className="chart-tabs">
        <div role="tablist" aria-label={t('chartTabsLabel')} className="chart-tabs__list">
          {CHART_TABS.map((id) => (
            <button
              key={id}
              ref={(element) => {
                tabs.current[id] = element;
              }}
              type="button"
              role="tab"
              id={`chart-tab-${id}`}
              aria-controls={`chart-panel-${id}`}
              aria-selected={active === id}
              tabIndex={active === id ? 0 : -1}
              className="chart-tabs__tab"
              onClick={() => onChange(id)}
              onKeyDown={onKeyDown}
            >
              {labels[id]}
              {id === 'timeline' && unreadPostCount > 0 ? (
                <span
                  className="chart-tabs__badge"
                  title={t('timelineUnreadBadge', { count: unreadPostCount })}
                  aria-label={t('timelineUnreadBadge', { count: unreadPostCount })}
                >
                  {unreadPostCount}
                </span>
              ) : null}
              {id === 'documents' && watchedFileCount > 0 ? (
                <span
                  className="chart-tabs__badge"
                  title={t('watchedFilesWaiting', { count: watchedFileCount })}
                  aria-label={t('watchedFilesWaiting', { count: watchedFileCount })}
                >
                  {watchedFileCount}
                </span>
              ) : null}
            </button>
          ))}
        </div>
        <label className="chart-tabs__era">
          <input type="checkbox" checked={era} onChange={(event) => onEraChange(event.currentTarget.checked)} />
          {t('showEraDates')}
        </label>
      </div>
      {CHART_TABS.filter((id) => visited.has(id) || id === active).map((id) => (
        <div key={id} role="tabpanel" id={`chart-panel-${id}`} aria-labelledby={`chart-tab-${id}`} hidden={id !== active} className="chart-panel">
          <PaneErrorBoundary onRetry={onPanelRetry}>{panels[id]()}</PaneErrorBoundary>
        </div>
      ))}
    </>
  );
}
