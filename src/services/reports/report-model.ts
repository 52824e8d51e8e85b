/**
 * A report before it is written in a language: sections of tables, facts, problems and suggestions whose
 * words are dictionary keys (dictionary.ts) and whose figures are raw numbers with a kind, each carrying
 * the footnotes of the rows it was computed from. One model, four renderers (HTML/PDF, XLSX, Markdown),
 * so every format states the same numbers.
 */

/** How a number is read and formatted: money in yuan, areas in mu, shares 0–1, percentages as stated. */
export type FigureKind = 'count' | 'yuan' | 'mu' | 'ha' | 'share' | 'percent' | 'plain';

/** A phrase in the report's language: a dictionary key with its parameters (already formatted or keys). */
export interface Phrase {
  key: string;
  params?: Record<string, Param>;
}

/** A phrase parameter: plain text, a number, a nested phrase, a figure to format, or a list to join. */
export type Param =
  | string
  | number
  | Phrase
  | Name
  | { fig: number; kind: FigureKind }
  | { join: string; items: Param[] };

/** A name in the store's two languages; Chinese output takes name_zh, the others name_en when there is one. */
export interface Name {
  name_zh: string;
  name_en: string | null;
}

export type Cell =
  | { type: 'text'; text: string }
  | { type: 'phrase'; phrase: Phrase }
  | { type: 'name'; name: Name; prefix?: string }
  | { type: 'number'; value: number | null; kind: FigureKind; unit?: string; notes?: number[] }
  | { type: 'date'; value: string | null };

export interface Table {
  /** Stable id: the XLSX sheet name and the HTML anchor. */
  id: string;
  title: Phrase;
  columns: Phrase[];
  rows: Cell[][];
  /** Row indexes that are totals (rendered bold; the XLSX keeps them as rows too). */
  totalRows?: number[];
  chart?: Chart;
  /** Further charts, each with its caption (one node strip per diagnosed park × chain). */
  captionedCharts?: { caption: Phrase; chart: Chart }[];
  note?: Phrase;
}

/** A bar chart drawn server-side as inline SVG: one bar per label, one series per colour. */
export interface Chart {
  kind: 'bars' | 'node-strip';
  labels: (string | Phrase)[];
  series: { name: Phrase; values: (number | null)[]; kind: FigureKind }[];
  /** node-strip: one status per label (strong, present, weak, missing). */
  statuses?: string[];
}

/** A headline figure stated in a sentence ("The scope has 4 provincial-level parks"). */
export interface Fact {
  phrase: Phrase;
  notes: number[];
}

export type ProblemKind =
  | 'missing_downstream'
  | 'missing_upstream'
  | 'weak_nodes'
  | 'single_product'
  | 'concentrated'
  | 'idle_land'
  | 'overdue_tasks'
  | 'late_requests'
  | 'target_off_track'
  | 'stalled_projects';

export interface Problem {
  kind: ProblemKind;
  /** Where: a park or region name. */
  where: Name;
  statement: Phrase;
  /** The evidence, in the diagnostics' own words and figures. */
  evidence: (string | Phrase)[];
  notes: number[];
}

export interface NextStep {
  statement: Phrase;
  /** What the suggestion is drawn from (a problem kind, or the opportunities service). */
  basis: Phrase;
  notes: number[];
}

export interface Footnote {
  n: number;
  /** Document code (seed-003), or the import file and row, or "computed". */
  source: string;
  title: string | null;
  quote: string | null;
  note: string | null;
}

export interface ReportScope {
  kind: 'region' | 'park' | 'cluster' | 'chain';
  code: string;
  name_zh: string;
  name_en: string | null;
}

export interface Report {
  scope: ReportScope;
  period: number;
  generated_on: string;
  facts: Fact[];
  progress: Table[];
  problems: Problem[];
  next_steps: NextStep[];
  /** Where the suggestions came from: the diagnostics alone, or the opportunities service as well. */
  next_steps_sources: ('diagnostics' | 'opportunities')[];
  footnotes: Footnote[];
}

/** Numbers the footnotes, one number per distinct source + quote, in order of first use. */
export class FootnoteBook {
  readonly notes: Footnote[] = [];
  private readonly index = new Map<string, number>();

  cite(p: { source?: string | null; title?: string | null; quote?: string | null; note?: string | null }) {
    const source = p.source ?? 'computed';
    const key = `${source}\u0000${p.quote ?? ''}\u0000${p.quote ? '' : (p.note ?? '')}`;
    const known = this.index.get(key);
    if (known) return known;
    const n = this.notes.length + 1;
    this.notes.push({ n, source, title: p.title ?? null, quote: p.quote ?? null, note: p.note ?? null });
    this.index.set(key, n);
    return n;
  }

  /** Several rows behind one figure: every distinct source, once. */
  citeAll(
    rows: { source?: string | null; title?: string | null; quote?: string | null; note?: string | null }[],
  ) {
    return [...new Set(rows.map((r) => this.cite(r)))];
  }
}
