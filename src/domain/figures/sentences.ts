/**
 * Sentences with their character offsets in the document. A sentence ends at 。！？!?؟; or at a full
 * stop followed by a space or a line break (not "4.87", "No. 3" is rare in the seeds), or at a line break.
 * Offsets are UTF-16 indices into the original text, so text.slice(start, end) is the quote.
 */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

// A full stop after an abbreviation ("2025 г.", "Co.", "juil.") does not end the sentence.
const BOUNDARY =
  /[。！？!?؟;；]+|(?<!(?:^|[^\p{L}])(?:г|Co|No|Mr|Dr|St|Ltd|Inc|juil|janv|févr|avr|sept|oct|nov|déc|хил|млрд|млн))\.(?=\s|$)|\n+/gu;

export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let from = 0;
  const push = (to: number) => {
    const raw = text.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) out.push({ text: trimmed, start: from + lead, end: from + lead + trimmed.length });
  };
  for (const m of text.matchAll(BOUNDARY)) {
    const to = m.index + m[0].length;
    push(m[0].startsWith('\n') ? m.index : to);
    from = to;
  }
  push(text.length);
  return out;
}
