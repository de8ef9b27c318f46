// 定型文 (phrases.proto) in the shapes the screens use. The list is read from the server when it can
// be reached (and after every sync) and kept in the user's encrypted cache, so the pickers of the
// SOAP editor and of the forms work offline; adding, changing and deleting need the server. Pure
// types: every layer may import it.

/** PHRASE_OWNER_USER (自分) or PHRASE_OWNER_FACILITY (事業所). */
export type PhraseOwnerName = 'PHRASE_OWNER_USER' | 'PHRASE_OWNER_FACILITY';

/** PHRASE_TARGET_* names: where the picker offers the phrase. */
export type PhraseTargetName =
  'PHRASE_TARGET_ANY' | 'PHRASE_TARGET_SOAP_S' | 'PHRASE_TARGET_SOAP_O' | 'PHRASE_TARGET_SOAP_A' | 'PHRASE_TARGET_SOAP_P' | 'PHRASE_TARGET_FORM';

export interface PhraseView {
  phraseId: string;
  owner: PhraseOwnerName;
  target: PhraseTargetName;
  title: string;
  body: string;
  facilityName: string;
  /** The server's rule: the screen offers 編集/削除 only when true. */
  callerMayEdit: boolean;
  updatedAt: string | null;
}

export interface PhraseListView {
  /** Deleted phrases are left out. */
  phrases: PhraseView[];
  /** 'cache' when the server could not be reached and the list is the one last read on this PC. */
  source: 'server' | 'cache';
}

export interface CreatePhraseInput {
  owner: PhraseOwnerName;
  target: PhraseTargetName;
  title: string;
  body: string;
}

export interface UpdatePhraseInput {
  phraseId: string;
  target: PhraseTargetName;
  title: string;
  body: string;
}

export interface PhraseApi {
  /** From the server when reachable (and then kept on this PC), else the list last kept. */
  listPhrases(): Promise<PhraseListView>;
  createPhrase(input: CreatePhraseInput): Promise<PhraseView>;
  updatePhrase(input: UpdatePhraseInput): Promise<PhraseView>;
  deletePhrase(phraseId: string): Promise<void>;
}

/** The phrases a picker offers for the field it serves (a SOAP part, or a form's text field): its own target's and the ANY ones. */
export function phrasesFor(phrases: readonly PhraseView[], target: PhraseTargetName): PhraseView[] {
  return phrases.filter((p) => p.target === target || p.target === 'PHRASE_TARGET_ANY');
}
