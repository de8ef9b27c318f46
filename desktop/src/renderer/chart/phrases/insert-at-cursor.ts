// Putting a phrase where the cursor is: the selection (if any) is replaced, as typing would, and
// the cursor lands after the inserted words so the user types on.
export interface Inserted {
  value: string;
  cursor: number;
}

export function insertAtCursor(value: string, selectionStart: number, selectionEnd: number, text: string): Inserted {
  const start = Math.max(0, Math.min(selectionStart, value.length));
  const end = Math.max(start, Math.min(selectionEnd, value.length));
  return { value: value.slice(0, start) + text + value.slice(end), cursor: start + text.length };
}
