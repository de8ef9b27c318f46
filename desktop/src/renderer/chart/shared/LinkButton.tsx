// A record's title that opens it (a document in the viewer, a form in the editor): a button, since
// it acts rather than navigates, drawn as a link so a table of records reads as one.
import type { ReactNode } from 'react';

export function LinkButton({ onClick, children, label }: { onClick(): void; children: ReactNode; label?: string }) {
  return (
    <button type="button" className="link-button" onClick={onClick} aria-label={label}>
      {children}
    </button>
  );
}
