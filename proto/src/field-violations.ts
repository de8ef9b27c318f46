// Why one input field was refused, as a stable reason with parameters: TOO_LONG with max=200. The
// server sends the reason and its parameters; each client says it in its user's language from this
// catalogue (「200文字以内で入力してください。」 / "Use at most 200 characters."), so an English screen
// never shows a Japanese sentence the server wrote. Messages are ICU MessageFormat (FormatJS), with
// real plural rules. Browser-safe.
import { IntlMessageFormat } from 'intl-messageformat';
import type { Locale } from './labels';

interface ViolationText {
  ja: string;
  en: string;
}

export const FIELD_VIOLATIONS = {
  // Any field
  INVALID: { ja: 'この値は受け付けられません。内容を確認してください。', en: 'This value is not accepted. Check it.' },
  REQUIRED: { ja: '入力してください。', en: 'Enter a value.' },
  TOO_LONG: { ja: '{max, number}文字以内で入力してください。', en: 'Use at most {max, plural, one {# character} other {# characters}}.' },
  TOO_MANY: { ja: '指定できるのは{max, number}件までです。', en: 'Give at most {max, plural, one {# item} other {# items}}.' },
  TOO_LARGE: { ja: '{max, number}以下を指定してください。', en: 'Give {max, number} or less.' },
  TOO_SMALL: { ja: '{min, number}以上を指定してください。', en: 'Give {min, number} or more.' },
  NOT_A_CHOICE: { ja: '選択肢から選んでください。', en: 'Choose one of the options.' },
  NOT_AN_ID: { ja: 'IDの形式が正しくありません。', en: 'This is not a valid ID.' },
  CONTROL_CHARACTERS: { ja: '改行や制御文字は使えません。', en: 'Line breaks and control characters are not allowed.' },
  TEXT_CONTROL_CHARACTERS: {
    ja: '表示されない制御文字が含まれています。取り除いてから送ってください。',
    en: 'This contains invisible control characters. Remove them and send again.',
  },
  TEXT_DIRECTION_CONTROLS: {
    ja: '文字の並び順を変える制御文字（U+202E など）が含まれています。取り除いてから送ってください。',
    en: 'This contains characters that reorder the text (such as U+202E). Remove them and send again.',
  },
  TEXT_NOT_UNICODE: {
    ja: '読めない文字（文字化け）が含まれています。元の文章から入力し直してください。',
    en: 'This contains unreadable characters (garbled text). Enter it again from the original.',
  },
  WRONG_TYPE: { ja: '値の種類が正しくありません。', en: 'This value has the wrong type.' },
  // Days and times
  NOT_A_DAY: { ja: '存在する日付を YYYY-MM-DD の形式で入力してください（例: 2026-11-20）。', en: 'Enter a real date as YYYY-MM-DD (e.g. 2026-11-20).' },
  DAY_AFTER_TODAY: { ja: '今日までの日付を入力してください（未来の日付は指定できません）。', en: 'Enter a date no later than today.' },
  DAY_TOO_EARLY: { ja: '{earliest}以降の日付を入力してください。', en: 'Enter a date on or after {earliest}.' },
  END_BEFORE_START: { ja: '終了日は開始日以降の日付にしてください。', en: 'The end date must not be before the start date.' },
  NOT_A_TIME: { ja: '日時は 2026-11-24T14:30:00+09:00 の形式で入力してください。', en: 'Enter the time as 2026-11-24T14:30:00+09:00.' },
  TIME_IN_FUTURE: {
    ja: '未来の日時は指定できません。観察・訪問した日時を入力してください。',
    en: 'The time cannot be in the future. Enter when you observed or visited.',
  },
  TIME_TOO_EARLY: { ja: '{year}年以降の日時を入力してください。', en: 'Enter a time in {year} or later.' },
  // People and offices
  NOT_KANA: { ja: 'ふりがなは、ひらがなかカタカナで入力してください。', en: 'Enter the reading in hiragana or katakana.' },
  NOT_A_POSTAL_CODE: { ja: '郵便番号は 123-4567 の形式で入力してください。', en: 'Enter the postal code as 123-4567.' },
  NOT_A_PHONE_NUMBER: { ja: '電話番号は数字とハイフンで入力してください。', en: 'Enter the phone number in digits and hyphens.' },
  NOT_A_LOGIN_ID: { ja: 'ユーザーIDは半角英数字（. _ - も可）3〜64文字です。', en: 'A user ID is 3 to 64 letters, digits, dots, underscores or hyphens.' },
  PASSWORD_TOO_SHORT: { ja: 'パスワードは{min, number}文字以上にしてください。', en: 'The password must have at least {min, number} characters.' },
  // Passwords (proto/src/password-rule.ts)
  PASSWORD_NEEDS_LETTER: { ja: '英字（a〜z、A〜Z）を1文字以上含めてください。', en: 'Include at least one letter (a-z, A-Z).' },
  PASSWORD_NEEDS_DIGIT: { ja: '数字（0〜9）を1文字以上含めてください。', en: 'Include at least one digit (0-9).' },
  PASSWORD_NEEDS_SYMBOL: { ja: '記号（- _ ! # など）を1文字以上含めてください。', en: 'Include at least one symbol (- _ ! # ...).' },
  PASSWORD_NOT_HALF_WIDTH: {
    ja: 'パスワードには半角の英数字と記号だけを使ってください（全角文字や日本語は使えません）。',
    en: 'Use only half-width letters, digits and symbols (no full-width or Japanese characters).',
  },
  PASSWORD_IS_LOGIN_ID: { ja: 'ユーザーIDと同じパスワードは使えません。', en: 'The password cannot be the same as the user ID.' },
  PASSWORD_UNCHANGED: { ja: '現在のパスワードと同じです。新しいパスワードを入力してください。', en: 'This is the current password. Enter a new one.' },
  BELOW_GUIDELINE: {
    ja: '厚生労働省のガイドラインの下限（{min, number}文字）より短くはできません。{min, number}以上を指定してください。',
    en: "It cannot be below the MHLW guideline's minimum of {min, number} characters. Give {min, number} or more.",
  },
  LOGIN_ID_TAKEN: { ja: 'ユーザーID「{loginId}」はすでに使われています。', en: 'The user ID "{loginId}" is already in use.' },
  NOT_AN_ICD10_CODE: { ja: 'ICD-10コードは I50.0 のような形式です。', en: 'An ICD-10 code looks like I50.0.' },
  UNKNOWN_PATIENT: { ja: '患者ID {patientId} は登録されていません。', en: 'No patient {patientId} is registered.' },
  UNKNOWN_USER: { ja: 'ユーザーID「{loginId}」は登録されていません。', en: 'No user "{loginId}" is registered.' },
  USER_DISABLED: { ja: 'ユーザーID「{loginId}」は利用停止されています。', en: 'The user "{loginId}" is disabled.' },
  UNKNOWN_FORM: { ja: '書類ID {formId} は登録されていません。', en: 'No form {formId} is registered.' },
  UNKNOWN_FACILITY: { ja: '「{name}」という事業所は登録されていません。', en: 'No office "{name}" is registered.' },
  FACILITY_LINK_SAME: {
    ja: '同じ事業所どうしは連携登録できません（自分の事業所の端末には連携なしでログインできます）。別の事業所を指定してください。',
    en: 'A facility cannot be linked to itself (its users already log in on its own PCs). Name another facility.',
  },
  FACILITY_NOT_LINKED: {
    ja: '「{facility}」から「{host}」への連携は登録されていません。`renkei-admin facility links` で確認してください。',
    en: 'No link lets "{facility}" use the PCs of "{host}". Check with `renkei-admin facility links`.',
  },
  UNKNOWN_FACILITIES: { ja: '登録されていない事業所が含まれています（{ids}）。', en: 'Some offices are not registered ({ids}).' },
  UNKNOWN_DEVICE: { ja: '「{prefix}」に該当する端末はありません。', en: 'No device matches "{prefix}".' },
  AMBIGUOUS_DEVICE: {
    ja: '「{prefix}」に該当する端末が複数あります。もっと長く入力してください。',
    en: 'Several devices match "{prefix}". Type more of the ID.',
  },
  ALREADY_ARCHIVED: {
    ja: 'この患者はすでにアーカイブされています（{archivedAt}）。',
    en: 'This patient is already archived ({archivedAt}).',
  },
  NOT_ARCHIVED: { ja: 'この患者はアーカイブされていません。', en: 'This patient is not archived.' },
  ARCHIVE_REASON_REQUIRED: {
    ja: 'アーカイブする理由を --reason で入力してください（例: 「死亡により訪問終了」「施設入所」）。',
    en: 'Give the reason for archiving with --reason (e.g. "care ended: died", "moved to a care home").',
  },
  NOT_ON_CARE_TEAM: { ja: 'このユーザーはこの患者のケアチームに登録されていません。', en: "This user is not on this patient's care team." },
  // Hospital data (renkei-admin hospital / import ssmix2)
  NOT_A_HOSPITAL: {
    ja: '「{name}」は病院ではありません（種別が病院の事業所だけが SS-MIX2 の取り込み元になれます）。',
    en: '"{name}" is not a hospital (only an office of kind hospital can be the source of an SS-MIX2 import).',
  },
  NOT_A_HOSPITAL_PATIENT_ID: {
    ja: '病院の患者ID「{value}」は使えません（空、「_」「/」「\\」を含む値、空白や制御文字は指定できません）。病院の患者IDをそのまま指定してください。',
    en: 'The hospital patient ID "{value}" cannot be used (it may not be empty or contain "_", "/", "\\", spaces or control characters). Give the hospital\'s patient ID as it is.',
  },
  HOSPITAL_PATIENT_ALREADY_LINKED: {
    ja: '「{hospital}」の患者ID {hospitalPatientId} はすでに患者 {patientId} に紐づいています。付け替えるときは先に `renkei-admin hospital unlink` で外してください。',
    en: 'Patient ID {hospitalPatientId} of "{hospital}" is already linked to patient {patientId}. To link it to another, unlink it first (`renkei-admin hospital unlink`).',
  },
  HOSPITAL_LINK_NOT_FOUND: {
    ja: '「{hospital}」の患者ID {hospitalPatientId} はどの患者にも紐づいていません。`renkei-admin hospital links` で確認してください。',
    en: 'Patient ID {hospitalPatientId} of "{hospital}" is linked to no patient. Check with `renkei-admin hospital links`.',
  },
  STORAGE_ROOT_NOT_FOUND: {
    ja: 'SS-MIX2 ストレージ「{root}」が見つかりません（フォルダではないか、存在しません）。標準化ストレージのルート（患者IDの先頭 3 文字のフォルダが並ぶ場所）を指定してください。',
    en: 'The SS-MIX2 storage "{root}" was not found (it does not exist or is not a folder). Give the root of the standardized storage (where the folders named by the first 3 characters of patient IDs are).',
  },
  IMPORTED_ONLY: {
    ja: 'この種類（検査結果など）は病院からの取り込みだけで記録されます。書き込みは許可できません。',
    en: 'This kind (such as lab results) is recorded only by imports from hospitals; writing cannot be allowed.',
  },
  // Requests
  REQUEST_MISSING: { ja: '送信内容が届きませんでした。', en: 'No request arrived.' },
  PAGE_TOKEN: { ja: '前回の応答の値をそのまま指定してください。', en: 'Give the page token exactly as the last answer sent it.' },
  REQUEST_ID_REUSED: {
    ja: 'この要求IDは別の記録ですでに使われています。新しい要求IDで送り直してください。',
    en: 'This request ID was used for another record. Send again with a new one.',
  },
  // Vital signs and medications (proto/src/chart-rules/vital-signs.ts)
  VITAL_OUT_OF_RANGE: {
    ja: '{min, number}〜{max, number}{unit}の範囲で入力してください。桁や小数点の位置を確認してください。',
    en: 'Enter a value from {min, number} to {max, number} {unit}. Check the digits and the decimal point.',
  },
  VITAL_TOO_PRECISE: {
    ja: '小数点以下は{decimals, number}桁までで入力してください。',
    en: 'Use at most {decimals, plural, one {# decimal} other {# decimals}}.',
  },
  DIASTOLIC_NOT_BELOW_SYSTOLIC: {
    ja: '拡張期血圧（下）は収縮期血圧（上）より低い値です。上下が逆でないか確認してください。',
    en: 'The diastolic pressure must be below the systolic. Check they are not swapped.',
  },
  BLOOD_PRESSURE_HALF: {
    ja: '血圧は上（収縮期）と下（拡張期）の両方を入力してください。',
    en: 'Enter both the systolic and the diastolic pressure.',
  },
  VITALS_EMPTY: { ja: 'バイタルを1つ以上入力してください。', en: 'Enter at least one vital sign.' },
  DRUG_NAME_REQUIRED: { ja: '薬剤名を入力してください（例: フロセミド錠20mg）。', en: 'Enter the drug name (e.g. Furosemide 20 mg tablets).' },
  STOP_BEFORE_START: { ja: '中止日は開始日以降の日付にしてください。', en: 'The stop date must not be before the start date.' },
  // The shared chart
  SOAP_EMPTY: { ja: 'S（主観）・O（客観）・A（評価）・P（計画）のいずれかを入力してください。', en: 'Write at least one of S, O, A and P.' },
  NOTE_ENTERED_IN_ERROR: {
    ja: 'この経過記録は記載誤りとして取り消されているため、修正・取り消しできません。',
    en: 'This note was marked entered in error; it cannot be corrected or marked again.',
  },
  // The contact timeline (連絡帳)
  POST_EMPTY: { ja: '本文を入力するか、写真・PDFを添付してください。', en: 'Write something or attach a photo or PDF.' },
  MENTION_NOT_MEMBER: {
    ja: 'この連絡帳のメンバーではない人が宛先（@）に含まれています。宛先を選び直してください。',
    en: 'Someone mentioned (@) is not a member of this timeline. Choose the mentions again.',
  },
  REPLY_NOT_IN_TIMELINE: {
    ja: '返信先の投稿がこの連絡帳にありません。画面を更新してから返信してください。',
    en: 'The post replied to is not on this timeline. Refresh and reply again.',
  },
  REPLY_TO_REPLY: {
    ja: '返信への返信はできません。元の投稿に返信してください。',
    en: 'A reply cannot be replied to. Reply to the original post.',
  },
  ATTACHMENT_UNKNOWN: {
    ja: '添付ファイルが見つからないか、すでに別の投稿で使われています。ファイルを添付し直してください。',
    en: 'An attachment was not found or is already on another post. Attach the file again.',
  },
  POST_RETRACTED: { ja: 'この投稿は取り消されているため、変更できません。', en: 'This post was retracted; it cannot be changed.' },
  CONFIRMATION_NOT_ASKED: {
    ja: 'この投稿は確認依頼ではありません。',
    en: 'This post does not ask for confirmation.',
  },
  OWN_POST: { ja: '自分の投稿には確認できません。', en: 'You cannot confirm your own post.' },
  READ_MARKER_AHEAD: {
    ja: 'まだ存在しない投稿を既読にはできません。画面を更新してください。',
    en: 'A post that does not exist yet cannot be marked read. Refresh the screen.',
  },
  POST_ALREADY_PROMOTED: {
    ja: 'この投稿はすでに別の経過記録に転記されています。',
    en: 'This post has already been copied into another progress note.',
  },
  NOT_A_PATIENT_POST: {
    ja: '経過記録に転記できるのは、この患者の連絡帳の投稿だけです。',
    en: "Only posts on this patient's timeline can be copied into a progress note.",
  },
  NOT_A_USER: { ja: '登録されていないユーザーです。', en: 'This user is not registered.' },
  GROUP_OWNER_STAYS: {
    ja: 'グループの管理者は外せません。',
    en: "The group's owner cannot be removed.",
  },
  HEADER_FIRST: { ja: '最初にヘッダー（header）を送ってください。', en: 'Send the header first.' },
  CHUNK_TOO_LARGE: { ja: '{maxKib, number} KiB 以下に分けて送ってください。', en: 'Send the file in chunks of at most {maxKib, number} KiB.' },
  HEADER_TWICE: { ja: 'ヘッダーは最初に一度だけ送ってください。', en: 'Send the header once, first.' },
  NOT_A_SHA256: { ja: 'ファイル全体の SHA-256 を16進数64文字で指定してください。', en: 'Give the SHA-256 of the whole file as 64 hexadecimal digits.' },
  SHA256_MISSING: {
    ja: 'ヘッダーに SHA-256 がないときは、最後に trailer で送ってください。',
    en: 'Without a SHA-256 in the header, send it in a trailer as the last message.',
  },
  SHA256_TWICE: { ja: 'SHA-256 はヘッダーか trailer のどちらか一方で送ってください。', en: 'Send the SHA-256 in the header or in a trailer, not both.' },
  TRAILER_NOT_LAST: { ja: 'trailer の後には何も送らないでください。', en: 'Send nothing after the trailer.' },
  UPLOAD_ID_REUSED: {
    ja: 'このIDは別のファイルの登録に使われています。新しいIDで送ってください。',
    en: 'This upload ID was used for another file. Send it with a new ID.',
  },
  NEW_VERSION_OTHER_TYPE: { ja: '新しい版は、同じ種類の書類にだけ登録できます。', en: 'A new version must be of the same document type.' },
  INSTRUCTION_PERIOD_REQUIRED: { ja: '指示書には指示期間を入力してください。', en: 'An instruction needs its period.' },
  INSTRUCTION_NEEDS_PERIOD: {
    ja: '訪問看護指示書は、指示期間を入力して「書類」から登録してください。添付ファイルは、ほかの種類の書類として保存できます。',
    en: 'File a nursing instruction from Documents, with its period. An attachment can be filed as any other type of document.',
  },
  INSTRUCTION_PERIOD_TOO_LONG: {
    ja: '指示期間は{months, number}か月以内にしてください。',
    en: 'The instruction period may be at most {months, plural, one {# month} other {# months}}.',
  },
  VALUES_TOO_LARGE: { ja: '入力内容が大きすぎます（上限 {maxKb, number} KB）。', en: 'The values are too large (at most {maxKb, number} KB).' },
  VALUES_NOT_JSON: { ja: '入力内容を読み取れません（JSONの形式が正しくありません）。', en: 'The values cannot be read (not valid JSON).' },
  // A rule of a shared form: the form's own words, from the same definitions on both ends.
  FORM_RULE: { ja: '{ja}', en: '{en}' },
  WRITE_NEEDS_READ: { ja: '書き込みを許可する場合は、読み取りも許可してください。', en: 'Allow reading when you allow writing.' },
  // Consent
  CONSENT_OFFICES_REQUIRED: { ja: '同意の対象とする事業所を1つ以上指定してください。', en: 'Name at least one office the consent covers.' },
  CONSENT_OFFICES_NOT_ALLOWED: { ja: '「ケアチームの全事業所」への同意では事業所を指定しません。', en: 'A consent for the whole care team names no offices.' },
  NOT_A_CONSENT_FORM: { ja: 'この患者の「患者同意書」として登録された文書を指定してください。', en: "Choose a document filed as this patient's consent form." },
  NO_CONSENT_IN_FORCE: { ja: 'この患者には、撤回できる有効な同意が記録されていません。', en: 'This patient has no consent in force to withdraw.' },
  BEFORE_CONSENT: {
    ja: '同意を取得した日（{obtainedOn}）以降の日付を入力してください。',
    en: 'Enter a date on or after the day the consent was obtained ({obtainedOn}).',
  },
  // Emergency information (緊急時情報)
  INFECTION_NOTE_REQUIRED: { ja: '「その他」の感染症は、病名を入力してください。', en: 'Name the infection when you choose "Other".' },
  INFECTION_REPEATED: { ja: '同じ感染症が2回指定されています。1つにまとめてください。', en: 'The same infection is given twice. Keep one.' },
  KEY_PERSON_PHONE_REQUIRED: {
    ja: 'キーパーソンの電話番号を入力してください。緊急時に連絡できる番号が必要です。',
    en: "Enter the key person's phone number: the team must be able to call them in an emergency.",
  },
  // Insurance and certification (保険・認定)
  // {number} says which card number: medicalInsurer, publicPayer, publicRecipient, careInsurer, careInsured.
  INSURANCE_NUMBER_NOT_DIGITS: {
    ja: '{number, select, medicalInsurer {保険者番号} publicPayer {公費負担者番号} publicRecipient {受給者番号} careInsurer {介護保険の保険者番号} careInsured {介護保険の被保険者番号} other {番号}}は数字だけで入力してください。',
    en: 'Enter the {number, select, medicalInsurer {insurer number} publicPayer {public payer number} publicRecipient {recipient number} careInsurer {long-term care insurer number} careInsured {long-term care insured number} other {number}} in digits only.',
  },
  INSURANCE_NUMBER_LENGTH: {
    ja: '{number, select, medicalInsurer {保険者番号は8桁（国民健康保険は6桁）} publicPayer {公費負担者番号は8桁} publicRecipient {受給者番号は7桁} careInsurer {介護保険の保険者番号は6桁} careInsured {介護保険の被保険者番号は10桁} other {桁数が違います}}です。保険証の記載を確認してください。',
    en: 'The {number, select, medicalInsurer {insurer number has 8 digits (6 for National Health Insurance)} publicPayer {public payer number has 8 digits} publicRecipient {recipient number has 7 digits} careInsurer {long-term care insurer number has 6 digits} careInsured {long-term care insured number has 10 digits} other {number has the wrong length}}. Check the card.',
  },
  INSURANCE_NUMBER_CHECK_DIGIT: {
    ja: '{number, select, medicalInsurer {保険者番号} publicPayer {公費負担者番号} publicRecipient {受給者番号} careInsurer {介護保険の保険者番号} careInsured {介護保険の被保険者番号} other {番号}}の検証番号（最後の1桁）が合いません。保険証の番号を1桁ずつ確かめて入力し直してください。',
    en: 'The check digit (last digit) of the {number, select, medicalInsurer {insurer number} publicPayer {public payer number} publicRecipient {recipient number} careInsurer {long-term care insurer number} careInsured {long-term care insured number} other {number}} does not match. Check the number on the card digit by digit.',
  },
  // 保険医療機関番号 (facility set-institution-number, a 診療情報提供書's 紹介先; chart-rules/institution-number.ts)
  INSTITUTION_NUMBER_FORMAT: {
    ja: '保険医療機関番号は10桁の数字です（都道府県番号2桁＋点数表番号1桁＋医療機関コード7桁）。',
    en: 'A medical institution number has 10 digits (prefecture 2, fee schedule 1, institution code 7).',
  },
  INSTITUTION_NUMBER_PREFECTURE: {
    ja: '保険医療機関番号の最初の2桁（都道府県番号）は01〜47です。',
    en: 'The first 2 digits of a medical institution number (the prefecture) are 01 to 47.',
  },
  INSTITUTION_NUMBER_FEE_SCHEDULE: {
    ja: '保険医療機関番号の3桁目（点数表番号）は1（医科）・3（歯科）・4（調剤）・6（訪問看護）のいずれかです。',
    en: 'The 3rd digit of a medical institution number (the fee schedule) is 1 (medical), 3 (dental), 4 (pharmacy) or 6 (home nursing).',
  },
  INSTITUTION_NUMBER_CHECK_DIGIT: {
    ja: '保険医療機関番号の検証番号（最後の1桁）が合いません。番号を1桁ずつ確かめて入力し直してください。',
    en: 'The check digit (last digit) of the medical institution number does not match. Check the number digit by digit and enter it again.',
  },
  NOT_A_COPAY: { ja: '負担割合は1割・2割・3割から選んでください。', en: 'Choose a co-payment of 10%, 20% or 30%.' },
  CERTIFICATION_NEEDS_PERIOD: {
    ja: '要介護・要支援の認定には、有効期間（開始日と終了日）を入力してください。',
    en: 'A care-need certification needs its valid period (start and end).',
  },
  CERTIFICATION_PERIOD_TOO_LONG: {
    ja: '認定の有効期間は{months, number}か月以内です。認定通知書の期間を確認してください。',
    en: 'A certification is valid for at most {months, plural, one {# month} other {# months}}. Check the notice.',
  },
  COVERAGE_EMPTY: {
    ja: '医療保険・介護保険・要介護認定・日常生活自立度のいずれかを入力してください。',
    en: 'Enter at least one of medical insurance, long-term care insurance, certification or independence levels.',
  },
  // Forms prefilled by the server
  ADDRESSEE_NOT_ON_CARE_TEAM: {
    ja: '宛先には、この患者のケアチームの事業所から選んでください。',
    en: "Choose the addressee from the offices on this patient's care team.",
  },
  // 定型文
  PHRASE_EMPTY: { ja: '定型文の本文を入力してください。', en: 'Write the text of the phrase.' },
  TOO_MANY_PHRASES: {
    ja: '定型文は{max, number}件まで登録できます。使わないものを削除してから登録してください。',
    en: 'At most {max, number} phrases can be kept. Delete ones you no longer use, then add this one.',
  },
  // Vital signs entered in error (入力誤り)
  VITAL_SIGNS_ENTERED_IN_ERROR: {
    ja: 'このバイタルはすでに入力誤りとして取り消されています。画面を更新して確認してください。',
    en: 'These vital signs were already marked entered in error. Refresh to see who marked them.',
  },
} as const satisfies Record<string, ViolationText>;

export type FieldViolationReason = keyof typeof FIELD_VIOLATIONS;
export type ViolationParameters = Readonly<Record<string, string | number>>;

export function isFieldViolationReason(value: string): value is FieldViolationReason {
  return Object.hasOwn(FIELD_VIOLATIONS, value);
}

const formats = new Map<string, IntlMessageFormat>();

/** What a violation says, in `locale`. Parameters arrive as text on the wire; plural rules need numbers. */
export function describeViolation(reason: FieldViolationReason, parameters: ViolationParameters = {}, locale: Locale = 'ja'): string {
  const key = `${locale}\u0000${reason}`;
  let format = formats.get(key);
  if (!format) {
    format = new IntlMessageFormat(FIELD_VIOLATIONS[reason][locale], locale === 'ja' ? 'ja-JP' : 'en');
    formats.set(key, format);
  }
  const values = Object.fromEntries(
    Object.entries(parameters).map(([name, value]) => [name, typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value]),
  );
  try {
    return String(format.format(values));
  } catch {
    // A parameter missing (an older or foreign sender): the words without it beat no words.
    return FIELD_VIOLATIONS[reason][locale];
  }
}

/** A violation in both of the project's languages, as the app carries user-facing words. */
export function violationMessages(reason: FieldViolationReason, parameters: ViolationParameters = {}): { ja: string; en: string } {
  return { ja: describeViolation(reason, parameters, 'ja'), en: describeViolation(reason, parameters, 'en') };
}
