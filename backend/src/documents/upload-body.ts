// The body of a client-streaming upload after its header (a document or a timeline attachment):
// the file in chunks, then — when the header left its SHA-256 empty — a trailer with the hash as
// the last message. The trailer lets a client read the file once, hashing while it sends, instead
// of reading it twice (hash first, then send); the server checks the hash against the bytes it
// received before anything is kept (documents/checked-upload.ts). A header that declares the hash
// is still accepted, and then no trailer may come.
import { z } from 'zod';
import { fieldViolation, invalidRequest } from '../validation';

/** Lower-case hex SHA-256, or '' in a header whose trailer will carry it. */
export const declaredSha256 = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^([0-9a-f]{64})?$/, 'NOT_A_SHA256');

/** A message after the header, as grpc-js decodes the oneof of either upload. */
interface UploadMessage {
  part?: string;
  chunk?: Buffer;
  trailer?: { sha256?: string } | null;
}

export interface UploadBody {
  /** The file's bytes in the order sent; pulled one at a time. */
  chunks: AsyncIterable<Uint8Array>;
  /** The hash the client declared, in its header or its trailer; asked once every chunk is in. */
  sha256(): string;
}

export function uploadBody(messages: AsyncIterable<UploadMessage>, headerSha256: string): UploadBody {
  let trailerSha256: string | undefined;
  async function* chunks(): AsyncIterable<Uint8Array> {
    for await (const message of messages) {
      if (trailerSha256 !== undefined) throw invalidRequest([fieldViolation('trailer', 'TRAILER_NOT_LAST')]);
      if (message.part === 'trailer') {
        if (headerSha256 !== '') throw invalidRequest([fieldViolation('trailer', 'SHA256_TWICE')]);
        const parsed = declaredSha256.safeParse(message.trailer?.sha256 ?? '');
        if (!parsed.success || parsed.data === '') throw invalidRequest([fieldViolation('trailer.sha256', 'NOT_A_SHA256')]);
        trailerSha256 = parsed.data;
        continue;
      }
      if (message.part !== 'chunk' || !message.chunk) throw invalidRequest([fieldViolation('header', 'HEADER_TWICE')]);
      if (message.chunk.byteLength > 0) yield message.chunk;
    }
  }
  return {
    chunks: chunks(),
    sha256() {
      const sha256 = headerSha256 || trailerSha256;
      if (!sha256) throw invalidRequest([fieldViolation('trailer', 'SHA256_MISSING')]);
      return sha256;
    },
  };
}
