// The care-team table on the overview: who is on the team and how to reach them.
// ICU MessageFormat; Japanese is the source of the key set and of each message's arguments.
export const careTeam = {
  columnMemberPhone: '本人の連絡先',
} as const;
