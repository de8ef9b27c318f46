// The list of the user’s patients.
// ICU MessageFormat; Japanese is the source of the key set and of each message's arguments.
export const patients = {
  patientListTitle: '担当患者',
  searchLabel: '患者を検索',
  searchPlaceholder: '氏名・ふりがな・地域患者番号（例: やまだ、ヤマダ、山田、No. 000123）',
  searchKeyboardHint: '↓ で一覧へ移動、Enter で開く',
  columnName: '氏名',
  columnAge: '年齢',
  columnSex: '性別',
  columnCareLevel: '要介護度',
  columnMyRoles: 'あなたの役割',
  patientCount: '{count}名',
  asOfTime: '{time}時点',
  ageYears: '{years}歳',
  noPatientsMatch: '「{query}」に該当する患者はいません。',
  archivedSearch: 'アーカイブ済みの患者も探す',
  archivedSearchHint:
    'アーカイブ済みの患者は一覧に出ず、この端末にも保存されません。サーバーに接続しているときに、あなたの事業所が登録した患者だけを探せます（検索は記録されます）。',
  archivedResultsTitle: 'アーカイブ済み（「{query}」）',
  archivedNoneMatch: '「{query}」に該当するアーカイブ済みの患者はいません。',
  archivedTag: 'アーカイブ済み',
  archivedSearchAgain: 'もう一度探す',
  archivedNotice:
    '{date}に事務局がアーカイブしました。記録は閲覧のみで、この端末には保存されません。記録を追加するには、事務局にアーカイブの解除を依頼してください。',
  noPatientsYet: 'あなたが担当している患者はまだ表示できません。同期中の場合は、終わるまでお待ちください。',
} as const;
