/**
 * Text files (CSV, JSON, YAML) are read as UTF-8, with or without a byte-order mark; UTF-16 is accepted
 * when its byte-order mark says so. Anything else (GBK, Latin-1 …) is refused at the line of its first
 * byte that is not UTF-8, instead of being imported as replacement characters.
 */
import { Transform } from 'node:stream';
import { FileFormatError } from './structured-source.ts';

const NOT_UTF8 =
  'not UTF-8 text (GBK or another legacy encoding?); save the file as "CSV UTF-8" or UTF-8 and import it again';

function encodingOf(head: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** The whole file's text; throws FileFormatError naming the line where the text stops being UTF-8. */
export function decodeText(name: string, bytes: Buffer): string {
  const decoder = new TextDecoder(encodingOf(bytes), { fatal: true, ignoreBOM: false });
  try {
    return decoder.decode(bytes);
  } catch {
    throw notUtf8(name, bytes);
  }
}

function notUtf8(name: string, bytes: Buffer, linesBefore = 0): FileFormatError {
  // The first byte a strict decoder rejects: decode growing prefixes is too slow, so scan for it.
  const bad = firstInvalidUtf8(bytes);
  let line = linesBefore + 1;
  for (let i = 0; i < bad; i++) if (bytes[i] === 0x0a) line++;
  return new FileFormatError(`${name}, line ${line}: ${NOT_UTF8}`, line);
}

function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n =
      c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return b.length;
}

/** A stream that passes UTF-8 on (UTF-16 with a byte-order mark converted to it) and fails on anything else. */
export function utf8Text(name: string): Transform {
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let lines = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      decoder ??= new TextDecoder(encodingOf(chunk), { fatal: true, ignoreBOM: true });
      try {
        const text = decoder.decode(chunk, { stream: true });
        for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
        done(null, Buffer.from(text, 'utf8'));
      } catch {
        done(notUtf8(name, chunk, lines));
      }
    },
    flush(done) {
      try {
        done(null, Buffer.from(decoder?.decode() ?? '', 'utf8'));
      } catch {
        done(new FileFormatError(`${name}, line ${lines + 1}: ${NOT_UTF8}`, lines + 1));
      }
    },
  });
}
