// The chart's アクセス記録: who viewed or changed this patient's record, for the attending doctor and
// the registering office (a patient's 開示請求, a check after an incident).
export const accessLog = {
  accessLogOpen: 'アクセス記録',
  accessLogTitle: 'アクセス記録 — {patient}',
  accessLogIntro:
    'この患者の記録を、いつ・誰が・どの事業所の端末から閲覧・変更したかの記録です（日本時間）。表示できるのは主治医と患者を登録した事業所の職員だけで、表示したこと自体も記録されます。',
  accessLogFrom: '開始日',
  accessLogTo: '終了日',
  accessLogShow: '表示',
  accessLogMore: 'さらに表示',
  accessLogCount: '{count, number}件を表示しています',
  accessLogCountMore: '{count, number}件を表示しています（続きがあります）',
  accessLogEmpty: 'この期間の記録はありません。',
  accessLogOffline: 'アクセス記録はサーバーに接続しているときだけ表示できます。接続が戻ってから開いてください。',
  accessLogColumnTime: '日時',
  accessLogColumnActor: '操作者',
  accessLogColumnProfession: '職種',
  accessLogColumnFacility: '所属事業所',
  accessLogColumnDevice: '端末',
  accessLogColumnAction: '操作',
  accessLogColumnOutcome: '結果',
  accessLogDeviceElsewhere: '{device}（{facility}）',
  accessLogTableLabel: 'アクセス記録の一覧',
} as const;
