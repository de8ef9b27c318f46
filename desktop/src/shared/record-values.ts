// The plain values both halves of the screens' API use (desktop-api.ts, the chart's and the app's;
// timeline-views.ts, the contact timeline's): who someone is, who did something, a file's kind,
// and a failure the user can act on. Kept apart so neither half imports the other's module.

/** One refused input field: the server's reason for it, and what it means in each language. */
export interface FieldProblem {
  field: string;
  reason: string;
  message: { ja: string; en: string };
}

/** A failure the user can act on: a stable reason and the words for it in both languages. */
export interface UserFacingError {
  reason: string;
  message: { ja: string; en: string };
  /** Which input fields were wrong, when the server said so: each with its reason, said in both languages. */
  fields?: FieldProblem[];
}

export interface PersonName {
  family: string;
  given: string;
  familyKana: string;
  givenKana: string;
}

export interface RecordAuthorView {
  userId: string;
  name: PersonName;
  /** PROFESSION_* */
  profession: string;
  facilityName: string;
}

export type DocumentMediaType = 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/tiff';
