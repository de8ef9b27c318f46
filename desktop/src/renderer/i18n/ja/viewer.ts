// The document viewer: pages, zoom, printing, files it cannot show.
// ICU MessageFormat; Japanese is the source of the key set and of each message's arguments.
export const viewer = {
  viewerToolbarLabel: '文書の操作',
  viewerPreviousPage: '前へ',
  viewerNextPage: '次へ',
  viewerPageStatus: '{page} / {total}',
  viewerGoToPage: 'ページ指定',
  viewerPageLabel: '{page}ページ',
  viewerZoomIn: '拡大',
  viewerZoomOut: '縮小',
  viewerZoomLevel: '{percent}%',
  viewerActualSize: '実寸で表示',
  viewerFitWidth: '幅に合わせる',
  viewerPrint: '印刷',
  viewerPreparingPrint: '印刷の準備中… {done} / {total}ページ',
  viewerPrintFailed: '印刷の準備ができませんでした。もう一度お試しください。',
  viewerLoading: '文書を読み込んでいます…',
  viewerPageFailed: '{page}ページ目を表示できませんでした。',
  viewerPdfPassword: 'このPDFはパスワードで保護されているため表示できません。パスワードのないPDFを送り直してもらうよう、送り主に依頼してください。',
  viewerPdfDamaged: 'このPDFファイルは壊れているため表示できません。送り主に送り直してもらうよう依頼してください。',
  viewerPdfFailed: 'このPDFを表示できませんでした。続く場合は事務局に連絡してください。',
  viewerTiffUnreadable: 'このTIFF画像は壊れているか、対応していない形式のため表示できません。送り主に送り直してもらうよう依頼してください。',
  viewerImageTooLarge:
    'この画像は {width}×{height} 画素と大きすぎるため、表示しません（開くとパソコンのメモリを使い果たすおそれがあります）。送り主に、300dpi 程度の解像度でスキャンし直して送ってもらうよう依頼してください。',
  viewerImageUnreadable: 'この画像ファイルは壊れているため表示できません。送り主に送り直してもらうよう依頼してください。',
  viewerUnsupported: 'この形式の文書（{mediaType}）は表示できません。',
} as const;
