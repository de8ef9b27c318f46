// The care-team table on the overview: who is on the team and how to reach them.
import type { careTeam as ja } from '../ja/care-team';

export const careTeam = {
  columnMemberPhone: 'Own phone',
} satisfies Record<keyof typeof ja, string>;
