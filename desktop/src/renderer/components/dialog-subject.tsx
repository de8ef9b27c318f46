// Which patient a dialog is about. A modal dialog covers the chart and its patient header, so the
// chart screen provides the patient's identity here and every dialog (components/Dialog) repeats
// it under its title: a note corrected or a form signed in a dialog never loses whose it is.
import { createContext, useContext, type ReactNode } from 'react';

export const DialogSubjectContext = createContext<ReactNode>(null);

export function useDialogSubject(): ReactNode {
  return useContext(DialogSubjectContext);
}
