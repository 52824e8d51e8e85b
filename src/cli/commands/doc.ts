/**
 * `chainatlas doc add|search|facts|accept|reject|conflicts`: documents as evidence (docs/evidence.md),
 * through the running owner's API when one holds the embedded store, else on the store directly.
 */
import { basename } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { Config } from '../../config.ts';
import type { Language } from '../../domain/figures/numerals.ts';
import { DocumentReadError, readDocumentFile } from '../../ingest/documents/read-document.ts';
import { addDocument, DocumentError, LANGUAGES } from '../../services/evidence/documents.ts';
import {
  type AcceptResult,
  acceptFact,
  type Conflict,
  type EvidenceFact,
  listConflicts,
  listFacts,
  ReviewError,
  rejectFact,
} from '../../services/evidence/review.ts';
import { markSnippet, type SearchHit, searchDocuments } from '../../services/evidence/search.ts';
import { EXIT } from '../exit-codes.ts';
import { remoteJson } from '../remote.ts';
import { accessStore, type StoreAccess } from '../store-access.ts';

interface Deps {
  config: () => Config;
  log: (line: string) => void;
  print: (json: boolean | undefined, value: unknown, text: string) => void;
}

const parseLanguage = (text: string) => {
  if (!(LANGUAGES as readonly string[]).includes(text))
    throw new InvalidArgumentError(`expected one of ${LANGUAGES.join(', ')}`);
  return text as Language;
};
const parseDate = (text: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new InvalidArgumentError('expected YYYY-MM-DD');
  return text;
};
const parseId = (text: string) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a fact id (a whole number)');
  return n;
};

/** Runs `local` on the store, or `remote` through the owner's API; user errors exit with EXIT.usage. */
async function run<T>(
  deps: Deps,
  local: (a: Extract<StoreAccess, { mode: 'local' }>) => Promise<T>,
  remote: (a: Extract<StoreAccess, { mode: 'remote' }>) => Promise<T>,
) {
  const access = await accessStore(deps.config(), deps.log);
  try {
    return access.mode === 'remote' ? await remote(access) : await local(access);
  } catch (error) {
    if (
      error instanceof ReviewError ||
      error instanceof DocumentError ||
      error instanceof DocumentReadError ||
      (access.mode === 'remote' && error instanceof Error)
    ) {
      deps.log(`chainatlas: ${error.message}`);
      process.exitCode = EXIT.usage;
      return undefined;
    }
    throw error;
  } finally {
    if (access.mode === 'local') await access.store.close();
  }
}

const figureLine = (f: EvidenceFact) =>
  `#${f.id} [${f.status}] ${f.figure_text} → ${f.value} ${f.unit}${f.change ? ` (${f.change}${f.change_base ? `, ${f.change_base}` : ''})` : ''} · ${f.period ?? '?'} · ${f.entity_kind ?? '?'} ${f.entity_code ?? '?'} · ${f.metric_code ?? 'metric?'}${f.proposed_as === 'target' ? ' · target' : ''}\n    ${f.document_code} @${f.start_offset}–${f.end_offset}: ${f.sentence}`;

export function addDocCommands(program: Command, deps: Deps) {
  const doc = program
    .command('doc')
    .description('documents as evidence: import, search, review figures (docs/evidence.md)');

  doc
    .command('add <file>')
    .description(
      'import a .txt, .html, .pdf (text layer) or .docx document and propose its figures for review',
    )
    .option('--title <title>', "title (default: the file's own title or name)")
    .option('--publisher <name>', 'publisher')
    .option('--date <YYYY-MM-DD>', 'publication date', parseDate)
    .option(
      '--lang <language>',
      `language, one of ${LANGUAGES.join(', ')} (default: detected)`,
      parseLanguage,
    )
    .option('--url <url>', 'source address')
    .option('--region <code>', 'region the document is about (the default entity of its figures)')
    .option('--code <code>', "document code (default: from its text's hash)")
    .option('--json', 'machine-readable output')
    .action(
      async (
        file: string,
        opts: {
          title?: string;
          publisher?: string;
          date?: string;
          lang?: Language;
          url?: string;
          region?: string;
          code?: string;
          json?: boolean;
        },
      ) => {
        const read = await readDocumentFile(file).catch((error: Error) => {
          deps.log(`chainatlas: ${error.message}`);
          process.exitCode = EXIT.usage;
          return null;
        });
        if (!read) return;
        const input = {
          code: opts.code,
          title: opts.title ?? read.title ?? basename(file),
          body: read.text,
          language: opts.lang,
          publisher: opts.publisher,
          publishedOn: opts.date,
          url: opts.url,
          fileName: basename(file),
          regionCode: opts.region,
          format: read.format,
        };
        const result = await run(
          deps,
          (a) => addDocument(a.store.db, { ...input, addedBy: process.env.USER ?? 'cli' }),
          (a) =>
            remoteJson<{ id: number; code: string; language: string; proposed: number }>(
              a.remote,
              '/api/documents',
              'POST',
              {
                code: input.code,
                title: input.title,
                body: input.body,
                language: input.language,
                publisher: input.publisher,
                published_on: input.publishedOn,
                url: input.url,
                file_name: input.fileName,
                region_code: input.regionCode,
              },
            ),
        );
        if (result)
          deps.print(
            opts.json,
            result,
            `${result.code}: ${read.format}, ${result.language}, ${read.text.length} characters; ${result.proposed} figures proposed for review (chainatlas doc facts --document ${result.code})`,
          );
      },
    );

  doc
    .command('search <query...>')
    .description(
      'search all documents in the five languages, best first (docs/evidence.md "Search relevance"); glossary terms find their translations',
    )
    .option('--lang <language>', 'only passages in this language', parseLanguage)
    .option('--region <code>', 'only documents about this region or below it')
    .option('--from <YYYY-MM-DD>', 'published on or after', parseDate)
    .option('--to <YYYY-MM-DD>', 'published on or before', parseDate)
    .option('--limit <n>', 'most passages to show (default 20)', parseId)
    .option('--json', 'machine-readable output')
    .action(
      async (
        words: string[],
        opts: { lang?: string; region?: string; from?: string; to?: string; limit?: number; json?: boolean },
      ) => {
        const query = words.join(' ');
        const result = await run(
          deps,
          (a) =>
            searchDocuments(a.store.db, {
              query,
              language: opts.lang,
              regionCode: opts.region,
              from: opts.from,
              to: opts.to,
              limit: opts.limit,
            }),
          (a) => {
            const p = new URLSearchParams({ q: query });
            for (const [k, v] of Object.entries({
              language: opts.lang,
              region: opts.region,
              from: opts.from,
              to: opts.to,
              limit: opts.limit,
            }))
              if (v !== undefined) p.set(k, String(v));
            return remoteJson<{ terms: string[]; hits: SearchHit[] }>(a.remote, `/api/documents/search?${p}`);
          },
        );
        if (!result) return;
        const text = [
          `terms: ${result.terms.join(' | ')}`,
          `${result.hits.length} passages`,
          ...result.hits.map(
            (h) =>
              `${h.documentCode} (${h.language}${h.publishedOn ? `, ${h.publishedOn}` : ''}) @${h.passageStart}–${h.passageEnd} · relevance ${h.score.toFixed(2)} (terms ${h.scoreParts.terms} + trigrams ${h.scoreParts.similarity} + recency ${h.scoreParts.recency})\n    ${markSnippet(h)}`,
          ),
        ].join('\n');
        deps.print(opts.json, result, text);
      },
    );

  doc
    .command('facts')
    .description('the review queue: figures proposed from documents')
    .option('--status <status>', 'proposed, accepted, rejected or conflict (default: all)')
    .option('--document <code>', "only this document's figures")
    .option('--json', 'machine-readable output')
    .action(async (opts: { status?: string; document?: string; json?: boolean }) => {
      const facts = await run(
        deps,
        (a) => listFacts(a.store.db, { status: opts.status, documentCode: opts.document }),
        (a) => {
          const p = new URLSearchParams();
          if (opts.status) p.set('status', opts.status);
          if (opts.document) p.set('document', opts.document);
          return remoteJson<EvidenceFact[]>(a.remote, `/api/evidence/facts?${p}`);
        },
      );
      if (facts) deps.print(opts.json, facts, facts.length ? facts.map(figureLine).join('\n') : 'no figures');
    });

  doc
    .command('accept <id>')
    .description(
      'accept a proposed figure as an indicator or target (with corrections); twice does not duplicate; a different stored value is flagged as a conflict',
    )
    .option(
      '--as <kind>',
      'indicator or target (default: as proposed; a goal "by 2027 …" is a target)',
      (t) => {
        if (t !== 'indicator' && t !== 'target')
          throw new InvalidArgumentError('expected indicator or target');
        return t as 'indicator' | 'target';
      },
    )
    .option('--region <code>', "the region a chain's figure is for (default: the document's region)")
    .option('--value <n>', 'corrected value (in --unit)', Number)
    .option('--unit <unit>', 'corrected unit (data/reference/units.csv)')
    .option('--period <period>', 'corrected period (2025, 2025-YTD05, 2023..2025 …)')
    .option(
      '--entity <kind:code>',
      'corrected entity, e.g. park:LJ-JINSHAN, region:530700, chain:hydrogen-energy',
    )
    .option('--metric <code>', 'corrected metric code')
    .option('--json', 'machine-readable output')
    .action(
      async (
        idText: string,
        opts: {
          value?: number;
          unit?: string;
          period?: string;
          entity?: string;
          metric?: string;
          as?: 'indicator' | 'target';
          region?: string;
          json?: boolean;
        },
      ) => {
        const id = parseId(idText);
        const [entityKind, entityCode] = opts.entity ? opts.entity.split(':') : [];
        const correction = {
          value: opts.value,
          unit: opts.unit,
          period: opts.period,
          entityKind: entityKind as EvidenceFact['entity_kind'],
          entityCode,
          metricCode: opts.metric,
          as: opts.as,
          regionCode: opts.region,
        };
        const result = await run(
          deps,
          (a) => acceptFact(a.store.db, id, process.env.USER ?? 'cli', correction),
          (a) =>
            remoteJson<AcceptResult>(a.remote, `/api/evidence/facts/${id}/accept`, 'POST', {
              value: opts.value,
              unit: opts.unit,
              period: opts.period,
              entity_kind: entityKind,
              entity_code: entityCode,
              metric: opts.metric,
              as: opts.as,
              region_code: opts.region,
            }),
        );
        if (result)
          deps.print(
            opts.json,
            result,
            `${result.outcome}${result.indicatorId ? ` (indicator ${result.indicatorId})` : ''}${result.targetId ? ` (target ${result.targetId})` : ''}\n${figureLine(result.fact)}`,
          );
      },
    );

  doc
    .command('reject <id>')
    .description('reject a proposed figure')
    .option('--note <text>', 'why')
    .option('--json', 'machine-readable output')
    .action(async (idText: string, opts: { note?: string; json?: boolean }) => {
      const id = parseId(idText);
      const fact = await run(
        deps,
        (a) => rejectFact(a.store.db, id, process.env.USER ?? 'cli', opts.note),
        (a) =>
          remoteJson<EvidenceFact>(a.remote, `/api/evidence/facts/${id}/reject`, 'POST', { note: opts.note }),
      );
      if (fact) deps.print(opts.json, fact, figureLine(fact));
    });

  doc
    .command('conflicts')
    .description('figures from documents that disagree with stored figures, with both sentences')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const conflicts = await run(
        deps,
        (a) => listConflicts(a.store.db),
        (a) => remoteJson<Conflict[]>(a.remote, '/api/evidence/conflicts'),
      );
      if (!conflicts) return;
      const text = conflicts.length
        ? conflicts
            .map(
              (c) =>
                `#${c.factId} ${c.entityKind} ${c.entityCode} ${c.metricCode} ${c.period}: ${c.proposed.value} ${c.proposed.unit} (${c.proposed.document}) ≠ stored ${c.stored.value} ${c.stored.unit} (${c.stored.source ?? '?'})\n    new: ${c.proposed.sentence}\n    stored: ${c.stored.sentence ?? '(no quote)'}`,
            )
            .join('\n')
        : 'no conflicts';
      deps.print(opts.json, conflicts, text);
    });
}
