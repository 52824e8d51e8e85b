/**
 * Reads a document file to plain text: .txt/.md as UTF-8, .html/.htm without markup (block elements
 * become line breaks, so paragraphs stay passages), .pdf from its text layer (unpdf; a scanned PDF
 * without one is refused, not guessed), .docx through mammoth's raw text.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';

export interface ReadDocument {
  text: string;
  format: 'text' | 'html' | 'pdf' | 'docx';
  /** The title the file states (<title>), if any. */
  title: string | null;
}

export class DocumentReadError extends Error {}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function htmlToText(html: string): { text: string; title: string | null } {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]?.trim() ?? null;
  const text = html
    .replace(/<(script|style|noscript|head)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|tr|section|article|blockquote)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e: string) => {
      if (e.startsWith('#x') || e.startsWith('#X'))
        return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
      if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, title: title ? htmlToText(title).text : null };
}

export async function readDocumentFile(path: string): Promise<ReadDocument> {
  const ext = extname(path).toLowerCase();
  const bytes = await readFile(path);
  if (ext === '.html' || ext === '.htm') {
    const { text, title } = htmlToText(bytes.toString('utf8'));
    return { text, title, format: 'html' };
  }
  if (ext === '.pdf') {
    const { extractText, getDocumentProxy } = await import('unpdf');
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { text } = await extractText(pdf, { mergePages: true });
    const merged = Array.isArray(text) ? text.join('\n') : text;
    if (!merged.trim())
      throw new DocumentReadError(`${basename(path)}: the PDF has no text layer (a scan?); OCR it first`);
    return { text: merged, title: null, format: 'pdf' };
  }
  if (ext === '.docx') {
    const mammoth = (await import('mammoth')).default;
    const { value } = await mammoth.extractRawText({ buffer: bytes });
    return { text: value.replace(/\n{3,}/g, '\n\n').trim(), title: null, format: 'docx' };
  }
  if (ext === '.txt' || ext === '.md' || ext === '') {
    return { text: bytes.toString('utf8').replace(/^\uFEFF/, ''), title: null, format: 'text' };
  }
  throw new DocumentReadError(
    `${basename(path)}: unsupported file type ${ext}; expected .txt, .html, .pdf or .docx`,
  );
}
