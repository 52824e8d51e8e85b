/**
 * Documents as evidence: stored with their full text, cut into passages for search, and read by the
 * figure extractor, whose proposals wait in the review queue (evidence_fact). Re-indexing a document
 * replaces its passages and adds only figures not proposed before (natural key: document + offsets).
 */
import { createHash } from 'node:crypto';
import type { GazetteerEntry } from '../../domain/figures/entities.ts';
import { extractFigures } from '../../domain/figures/extract.ts';
import { detectLanguage, sentenceLanguage } from '../../domain/figures/language.ts';
import type { Language } from '../../domain/figures/numerals.ts';
import { inferDocumentYear } from '../../domain/figures/periods.ts';
import type { Queryable } from '../../store/db.ts';
import { chainGazetteer, glossary } from './glossary.ts';
import { searchForm } from './search-form.ts';

export const LANGUAGES: readonly Language[] = ['zh', 'en', 'fr', 'ar', 'bg'];

export interface NewDocument {
  code?: string;
  title: string;
  body: string;
  language?: Language;
  publisher?: string | null;
  publishedOn?: string | null;
  url?: string | null;
  fileName?: string | null;
  regionCode?: string | null;
  format?: string | null;
  addedBy?: string | null;
}

export class DocumentError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** Stores a document and indexes it; returns its id, code and how many figures were proposed. */
export async function addDocument(db: Queryable, doc: NewDocument) {
  if (!doc.body.trim())
    throw new DocumentError(`${doc.fileName ?? doc.title}: the document has no text`, 'body');
  const language = doc.language ?? detectLanguage(doc.body);
  if (!language)
    throw new DocumentError(
      `${doc.fileName ?? doc.title}: cannot tell the language; pass --lang`,
      'language',
    );
  if (!LANGUAGES.includes(language))
    throw new DocumentError(`language ${language}: expected one of ${LANGUAGES.join(', ')}`, 'language');
  if (doc.publishedOn && !/^\d{4}-\d{2}-\d{2}$/.test(doc.publishedOn))
    throw new DocumentError(`date ${doc.publishedOn}: expected YYYY-MM-DD`, 'publishedOn');
  let regionId: number | null = null;
  if (doc.regionCode) {
    const [region] = await db.query<{ id: number }>('select id from region where code = $1', [
      doc.regionCode,
    ]);
    if (!region) throw new DocumentError(`region ${doc.regionCode}: no such region`, 'region');
    regionId = region.id;
  }
  const code = doc.code ?? `doc-${createHash('sha256').update(doc.body).digest('hex').slice(0, 12)}`;
  const [row] = await db.query<{ id: number }>(
    `insert into document (code, title, language, publisher, published_on, url, file_name, body, region_id,
       source_format, language_detected, added_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     on conflict (code) do update set title = excluded.title, language = excluded.language,
       publisher = excluded.publisher, published_on = excluded.published_on, url = excluded.url,
       file_name = excluded.file_name, body = excluded.body, region_id = excluded.region_id,
       source_format = excluded.source_format, language_detected = excluded.language_detected
     returning id`,
    [
      code,
      doc.title,
      language,
      doc.publisher ?? null,
      doc.publishedOn ?? null,
      doc.url ?? null,
      doc.fileName ?? null,
      doc.body,
      regionId,
      doc.format ?? null,
      !doc.language,
      doc.addedBy ?? null,
    ],
  );
  const id = row!.id;
  const proposed = await indexDocument(db, id);
  return { id, code, language, proposed };
}

/** The names of the workspace's regions, parks, clusters and chains, plus the glossary's other forms. */
export async function loadGazetteer(db: Queryable): Promise<GazetteerEntry[]> {
  const rows = await db.query<{
    kind: GazetteerEntry['kind'];
    code: string;
    name_zh: string;
    name_en: string | null;
  }>(
    `select 'region' as kind, code, name_zh, name_en from region where level <> 'country'
     union all select 'park', code, name_zh, name_en from park
     union all select 'cluster', code, name_zh, name_en from cluster
     union all select 'chain', code, name_zh, name_en from chain`,
  );
  const names = (r: (typeof rows)[number]) => [r.name_zh, r.name_en].filter((n): n is string => !!n);
  const entries = rows
    .filter((r) => r.kind !== 'chain')
    .map((r) => ({ kind: r.kind, code: r.code, names: names(r) }));
  // Chains by name in any language: their names plus the glossary's five-language chain phrases.
  const chains = chainGazetteer(
    rows.filter((r) => r.kind === 'chain').map((r) => ({ code: r.code, names: names(r) })),
  );
  return [...glossary().places, ...entries, ...chains];
}

/** Paragraphs (split at line breaks), long ones cut at sentence ends near 600 characters. */
export function passages(body: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const m of body.matchAll(/[^\n]+/g)) {
    let start = m.index;
    const end = m.index + m[0].length;
    while (end - start > 600) {
      const window = body.slice(start + 300, start + 600);
      const cut = window.search(/[.。!?！？؟](?=\s|$)(?!.*[.。!?！？؟](?=\s|$))/su);
      const at = cut >= 0 ? start + 300 + cut + 1 : start + 600;
      out.push({ start, end: at });
      start = at;
    }
    if (body.slice(start, end).trim()) out.push({ start, end });
  }
  return out;
}

export async function indexDocument(db: Queryable, documentId: number): Promise<number> {
  const [doc] = await db.query<{
    body: string | null;
    language: Language;
    published_on: string | null;
    region_code: string | null;
  }>(
    `select d.body, d.language, d.published_on, r.code as region_code
     from document d left join region r on r.id = d.region_id where d.id = $1`,
    [documentId],
  );
  if (!doc?.body) return 0;
  const body = doc.body;
  await db.query('delete from document_passage where document_id = $1', [documentId]);
  const parts = passages(body);
  await db.query(
    `insert into document_passage (document_id, seq, start_offset, end_offset, language, text, search_text)
     select $1, r.seq, r.s, r.e, r.lang, r.t, r.f
     from unnest($2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[]) as r(seq, s, e, lang, t, f)`,
    [
      documentId,
      parts.map((_, i) => i),
      parts.map((p) => p.start),
      parts.map((p) => p.end),
      parts.map((p) => sentenceLanguage(body.slice(p.start, p.end), doc.language)),
      parts.map((p) => body.slice(p.start, p.end)),
      parts.map((p) => searchForm(body.slice(p.start, p.end))),
    ],
  );
  const facts = extractFigures(body, {
    language: doc.language,
    gazetteer: await loadGazetteer(db),
    metricCues: glossary().metricCues,
    defaultEntity: doc.region_code ? { kind: 'region', code: doc.region_code } : null,
    documentMonth: doc.published_on ? doc.published_on.slice(0, 7) : null,
    documentYear: doc.published_on ? Number(doc.published_on.slice(0, 4)) : inferDocumentYear(body),
  });
  if (facts.length === 0) return 0;
  const col = <T>(f: (x: (typeof facts)[number]) => T) => facts.map(f);
  const inserted = await db.query<{ id: number }>(
    `insert into evidence_fact (document_id, start_offset, end_offset, figure_text, value, unit, figure_kind, change,
       change_base, period, entity_kind, entity_code, metric_code, sentence, sentence_start, sentence_end)
     select $1, r.* from unnest($2::int[], $3::int[], $4::text[], $5::float8[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::int[], $16::int[])
       as r(s, e, t, v, u, k, c, cb, p, ek, ec, m, sen, ss, se)
     on conflict (document_id, start_offset, end_offset) do nothing
     returning id`,
    [
      documentId,
      col((f) => f.start),
      col((f) => f.end),
      col((f) => f.text),
      col((f) => f.value),
      col((f) => f.unit),
      col((f) => f.kind),
      col((f) => f.change),
      col((f) => f.changeBase),
      col((f) => f.period),
      col((f) => f.entity?.kind ?? null),
      col((f) => f.entity?.code ?? null),
      col((f) => f.metric),
      col((f) => f.sentence),
      col((f) => f.sentenceStart),
      col((f) => f.sentenceEnd),
    ],
  );
  return inserted.length;
}

/** Indexes every stored document that has text but no passages yet (the demo's seeds after loading). */
export async function indexPendingDocuments(db: Queryable): Promise<number> {
  const docs = await db.query<{ id: number }>(
    `select id from document d where body is not null
       and not exists (select 1 from document_passage p where p.document_id = d.id) order by id`,
  );
  for (const d of docs) await indexDocument(db, d.id);
  return docs.length;
}
