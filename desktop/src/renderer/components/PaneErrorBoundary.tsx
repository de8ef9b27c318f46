// A pane (a chart tab, a document viewer, the screen below the header) that fails while rendering
// says so in its place, with a way to try again, and the rest of the window keeps working. Without
// a boundary React unmounts the whole tree on a render error, and the window goes blank. React
// itself reports the error to the console.
import { Component, type ReactNode } from 'react';
import { useMessages } from '../i18n/locale-context';

interface PaneErrorBoundaryProps {
  children: ReactNode;
  /**
   * Runs before the pane is drawn again: typically reads its data again, since drawing the same
   * data again would fail again. The pane is drawn once it settles.
   */
  onRetry?(): Promise<unknown>;
}

interface PaneErrorBoundaryState {
  failed: boolean;
  retrying: boolean;
}

export class PaneErrorBoundary extends Component<PaneErrorBoundaryProps, PaneErrorBoundaryState> {
  override state: PaneErrorBoundaryState = { failed: false, retrying: false };

  static getDerivedStateFromError(): Partial<PaneErrorBoundaryState> {
    return { failed: true, retrying: false };
  }

  private readonly retry = async () => {
    if (this.state.retrying) return;
    this.setState({ retrying: true });
    try {
      await this.props.onRetry?.();
    } finally {
      this.setState({ failed: false, retrying: false });
    }
  };

  override render(): ReactNode {
    return this.state.failed ? <PaneFailed retrying={this.state.retrying} onRetry={() => void this.retry()} /> : this.props.children;
  }
}

function PaneFailed({ retrying, onRetry }: { retrying: boolean; onRetry(): void }) {
  const t = useMessages();
  return (
    <div className="error-notice pane-failed" role="alert">
      <p className="pane-failed__text">{t('paneFailed')}</p>
      <button type="button" className="button" aria-disabled={retrying || undefined} onClick={onRetry}>
        {t('paneReload')}
      </button>
    </div>
  );
}
