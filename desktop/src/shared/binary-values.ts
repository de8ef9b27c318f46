// Binary values (a document's bytes, a rendered PDF) across channels that carry only JSON: the
// development bridge and the demo's clinic host. Electron IPC needs none of this (structured
// clone carries Uint8Array as it is).
//
// Each Uint8Array in a result is replaced by its base64 text, and the envelope lists where those
// were (paths of keys from the result's root). The list is made by the sender from the value's
// actual types, so data that merely looks like base64, or like a tag (a form value written by a
// user), is never mistaken for bytes. Pure: runs in Node and in the page.

type BinaryPath = (string | number)[];

/** A copy of `value` with every Uint8Array as base64 text, and the paths where they were. */
export function extractBinary(value: unknown, toBase64: (bytes: Uint8Array) => string): { value: unknown; binary: BinaryPath[] } {
  const binary: BinaryPath[] = [];
  const walk = (item: unknown, path: BinaryPath): unknown => {
    if (item instanceof Uint8Array) {
      binary.push(path);
      return toBase64(item);
    }
    if (Array.isArray(item)) return item.map((element, index) => walk(element, [...path, index]));
    if (typeof item === 'object' && item !== null) {
      return Object.fromEntries(Object.entries(item).map(([key, element]) => [key, walk(element, [...path, key])]));
    }
    return item;
  };
  return { value: walk(value, []), binary };
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** Puts the bytes back where `binary` says they were; a path that does not lead to a string is refused. */
export function restoreBinary(value: unknown, binary: readonly BinaryPath[], fromBase64: (text: string) => Uint8Array = bytesFromBase64): unknown {
  let root = value;
  for (const path of binary) {
    if (path.length === 0) {
      if (typeof root !== 'string') throw new Error('binary value at the root is not base64 text');
      root = fromBase64(root);
      continue;
    }
    let parent: unknown = root;
    for (const key of path.slice(0, -1)) {
      if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) throw new Error(`binary path through ${key}`);
      parent = typeof parent === 'object' && parent !== null && Object.hasOwn(parent, key) ? (parent as Record<string | number, unknown>)[key] : undefined;
    }
    const last = path.at(-1)!;
    if (typeof last === 'string' && FORBIDDEN_KEYS.has(last)) throw new Error(`binary path through ${last}`);
    if (typeof parent !== 'object' || parent === null || !Object.hasOwn(parent, last)) throw new Error('binary path leads nowhere');
    const holder = parent as Record<string | number, unknown>;
    const text = holder[last];
    if (typeof text !== 'string') throw new Error('binary value is not base64 text');
    holder[last] = fromBase64(text);
  }
  return root;
}

export function isBinaryPaths(value: unknown): value is BinaryPath[] {
  return Array.isArray(value) && value.every((path) => Array.isArray(path) && path.every((key) => typeof key === 'string' || typeof key === 'number'));
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Standard base64 (with or without padding) to bytes; throws on any other character. */
export function bytesFromBase64(text: string): Uint8Array {
  const clean = text.endsWith('==') ? text.slice(0, -2) : text.endsWith('=') ? text.slice(0, -1) : text;
  if (clean.length % 4 === 1) throw new Error('not base64');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const sextet = code < 128 ? DECODE[code]! : -1;
    if (sextet < 0) throw new Error('not base64');
    buffer = (buffer << 6) | sextet;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}
