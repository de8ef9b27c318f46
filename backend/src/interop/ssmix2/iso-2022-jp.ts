// SS-MIX2 files are ISO-2022-JP: ASCII, with JIS X 0208 kanji and kana between escape sequences
// (MSH-18 "~ISO IR87"). They must be decoded before HL7 is split, because the two bytes of a JIS
// X 0208 character are themselves ASCII codes, '|', '^', '~', '&' and '\' among them.
//
// The decoder is the WHATWG Encoding Standard's iso-2022-jp, built into Node (ICU; official Node
// builds carry full ICU) and used with fatal: true, so a malformed escape sequence or an undefined
// code is an error rather than a silent U+FFFD. iconv-lite (0.6/0.7) has no ISO-2022-JP at all, and
// encoding-japanese converts whatever it is given without reporting errors; neither can refuse a
// file, which is what an importer of medical records must be able to do.

import { refuse } from './refusal';

const ESC = 0x1b;

/** Decodes one file, or throws a wrong_encoding refusal naming the first offending byte. */
export function decodeIso2022Jp(bytes: Uint8Array): string {
  const eightBit = bytes.findIndex((byte) => byte >= 0x80);
  if (eightBit >= 0) {
    const hex = bytes[eightBit]!.toString(16).toUpperCase();
    throw refuse.wrongEncoding({
      ja: `${eightBit} バイト目に 0x${hex} があります（ISO-2022-JP は 7 ビットです。Shift_JIS や UTF-8 で書かれたファイルと思われます）`,
      en: `byte ${eightBit} is 0x${hex} (ISO-2022-JP is 7-bit; the file looks like Shift_JIS or UTF-8)`,
    });
  }
  for (let i = 0; i + 2 < bytes.length; i++) {
    // ESC ( I switches to JIS X 0201 half-width katakana, which JAHIS (and MSH-18 ISO IR87) does not allow.
    if (bytes[i] === ESC && bytes[i + 1] === 0x28 && bytes[i + 2] === 0x49) {
      throw refuse.wrongEncoding({
        ja: `${i} バイト目から半角カタカナ（JIS X 0201 片仮名）に切り替えています（SS-MIX2 では使えません）`,
        en: `byte ${i} switches to JIS X 0201 half-width katakana, which SS-MIX2 does not allow`,
      });
    }
  }
  try {
    return new TextDecoder('iso-2022-jp', { fatal: true }).decode(bytes);
  } catch {
    throw refuse.wrongEncoding({
      ja: 'エスケープシーケンスか JIS X 0208 の文字コードが正しくありません',
      en: 'an escape sequence or a JIS X 0208 character code is invalid',
    });
  }
}
