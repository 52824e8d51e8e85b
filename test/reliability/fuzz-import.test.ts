/**
 * Fuzzed imports (issue 11, item 3): fast-check generates malformed files in every format (CSV, XLSX,
 * JSON, YAML), spread over every import kind, and each goes through the real import path into an
 * embedded store. Each file must be imported, or rejected with located errors (ImportFailed); never a
 * crash (any other error), a hang (per-file timeout), an unhandled rejection, or a partial write (the
 * store's table fingerprints are unchanged after a rejection).
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_KINDS, IMPORT_ROW_SCHEMAS, type ImportKind } from '../../src/domain/import-rows.ts';
import { formatIssue, ImportFailed } from '../../src/services/import/import-error.ts';
import { importFile } from '../../src/services/import/import-file.ts';
import { openWorkspace } from '../../src/services/workspace.ts';
import type { Store } from '../../src/store/open-store.ts';
import { tableFingerprint } from '../helpers/fingerprint.ts';

const FILES_PER_FORMAT = Number(process.env.FUZZ_FILES ?? 1000);
const PER_FILE_TIMEOUT_MS = 10_000;
type Format = 'csv' | 'xlsx' | 'json' | 'yaml';

/** Cells people and spreadsheets really produce, and the ones that break readers. */
const nastyCell = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '=SUM(A1:A9)',
    '+1+1',
    '-2+3',
    '@cmd',
    'NaN',
    'Infinity',
    '-Infinity',
    '1,234,567',
    '1,234.5',
    '１２３',
    '１２．５',
    '3亿',
    '5万',
    '2.5亿元',
    '1.2万吨',
    '2025年5月',
    '2025-05',
    '05/2025',
    '1–5月',
    '1-5月',
    '2025',
    '530700',
    '530000',
    'LJ-HUAPING',
    'employment',
    'region',
    'person',
    '0.5',
    '12.5',
    '"quoted"',
    'a\nb',
    'null',
    'true',
    '\u0000',
    '\uFEFFx',
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.integer({ min: 1, max: 40_000 }).map((n) => 'x'.repeat(n)),
  fc.double().map(String),
);

interface FuzzTable {
  kind: ImportKind;
  header: string[];
  rows: string[][];
}

/** A kind's columns, some dropped, some unknown, some repeated; rows of nasty cells, some ragged. */
const fuzzTable = (kind: ImportKind): fc.Arbitrary<FuzzTable> => {
  const columns = Object.keys(
    (IMPORT_ROW_SCHEMAS[kind] as unknown as { shape: Record<string, unknown> }).shape,
  );
  return fc
    .record({
      keep: fc.subarray(columns, { minLength: 0 }),
      extra: fc.array(fc.constantFrom('unknown_column', 'Revenue (万元)', '备注', '', 'code'), {
        maxLength: 2,
      }),
      rows: fc.array(fc.array(nastyCell, { minLength: 0, maxLength: columns.length + 2 }), {
        maxLength: 6,
      }),
    })
    .map(({ keep, extra, rows }) => ({ kind, header: [...keep, ...extra], rows }));
};

// --- encodings ---------------------------------------------------------------------------------------

/** GBK bytes for the Chinese characters the generator uses; other characters pass as UTF-8 bytes. */
const GBK: Record<string, number[]> = {
  亿: [0xd2, 0xda],
  万: [0xcd, 0xf2],
  年: [0xc4, 0xea],
  月: [0xd4, 0xc2],
  元: [0xd4, 0xaa],
  吨: [0xb6, 0xd6],
  备: [0xb1, 0xb8],
  注: [0xd7, 0xa2],
};
function encodeGbk(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text) bytes.push(...(GBK[ch] ?? [...Buffer.from(ch, 'utf8')]));
  return Buffer.from(bytes);
}
type Encoding = 'utf8' | 'utf8-bom' | 'utf16le-bom' | 'utf16le' | 'utf16be-bom' | 'gbk';
function encode(text: string, encoding: Encoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.from(text, 'utf16le');
    case 'utf16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be-bom':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    case 'gbk':
      return encodeGbk(text);
  }
}
const encodings = fc.constantFrom<Encoding>(
  'utf8',
  'utf8',
  'utf8-bom',
  'utf16le-bom',
  'utf16le',
  'utf16be-bom',
  'gbk',
);

// --- writers, one per format ----------------------------------------------------------------------------

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

const csvFile = (kind: ImportKind) =>
  fc
    .record({ table: fuzzTable(kind), encoding: encodings, broken: fc.constantFrom(0, 0, 0, 1, 2) })
    .map(({ table, encoding, broken }) => {
      let text = [table.header, ...table.rows].map((r) => r.map(csvCell).join(',')).join('\n');
      if (broken === 1) text += '\n"unterminated,quote';
      if (broken === 2) text = text.slice(0, Math.floor(text.length / 2));
      return { variant: `csv ${encoding}${broken ? ' broken' : ''}`, data: encode(text, encoding) };
    });

const objectsOf = (table: FuzzTable) =>
  table.rows.map((r) => Object.fromEntries(table.header.map((h, i) => [h, r[i]])));

/** A JSON value for a cell: the text, or the number/boolean/null a JSON writer would have produced. */
const jsonValue = (v: string | undefined) => {
  if (v === undefined) return undefined;
  const n = Number(v.replace(/,/g, ''));
  if (v !== '' && Number.isFinite(n) && v.length < 20) return n;
  return v;
};

const jsonFile = (kind: ImportKind) =>
  fc
    .record({
      table: fuzzTable(kind),
      shape: fc.constantFrom(
        'list',
        'wrapped',
        'wrapped-bad-kind',
        'duplicate-keys',
        'nested',
        'literals',
        'cut',
      ),
      depth: fc.integer({ min: 10, max: 200_000 }),
      encoding: fc.constantFrom<Encoding>('utf8', 'utf8', 'utf8-bom', 'utf16le-bom', 'gbk'),
    })
    .map(({ table, shape, depth, encoding }) => {
      const rows = objectsOf(table).map((o) =>
        Object.fromEntries(Object.entries(o).map(([k, v]) => [k, jsonValue(v)])),
      );
      let text: string;
      switch (shape) {
        case 'list':
          text = JSON.stringify(rows);
          break;
        case 'wrapped':
          text = JSON.stringify({ kind, rows });
          break;
        case 'wrapped-bad-kind':
          text = JSON.stringify({ kind: 'not_a_kind', rows });
          break;
        case 'duplicate-keys':
          text = `[${rows
            .map((r) => {
              const body = JSON.stringify(r).slice(1, -1);
              return `{${body}${body ? ',' : ''}${body}}`;
            })
            .join(',')}]`;
          break;
        case 'nested':
          // Deeply nested JSON: as a whole file, or as one cell of a row.
          text =
            depth > 5000
              ? `${'['.repeat(depth)}${']'.repeat(depth)}`
              : JSON.stringify([{ ...(rows[0] ?? {}), [table.header[0] ?? 'code']: nest(depth) }]);
          break;
        case 'literals':
          text = `[{"${table.header[0] ?? 'value'}": NaN, "value": Infinity, "x": 1e999}]`;
          break;
        default:
          text = JSON.stringify(rows).slice(0, Math.max(1, depth % 40));
      }
      return { variant: `json ${shape} ${encoding}`, data: encode(text, encoding) };
    });

function nest(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

const yamlScalar = (v: string | undefined) => (v === undefined ? '~' : JSON.stringify(v));

const yamlFile = (kind: ImportKind) =>
  fc
    .record({
      table: fuzzTable(kind),
      shape: fc.constantFrom('list', 'wrapped', 'plain', 'alias-bomb', 'duplicate-keys', 'specials', 'cut'),
      encoding: fc.constantFrom<Encoding>('utf8', 'utf8', 'utf8-bom', 'utf16le-bom', 'gbk'),
      cut: fc.nat(400),
    })
    .map(({ table, shape, encoding, cut }) => {
      const item = (r: string[], plain: boolean) =>
        `- ${table.header.map((h, i) => `${JSON.stringify(h)}: ${plain && r[i] !== undefined && /^[\w.,:+-]*$/.test(r[i]!) ? r[i] || "''" : yamlScalar(r[i])}`).join('\n  ') || '{}'}`;
      let text: string;
      switch (shape) {
        case 'list':
          text = table.rows.map((r) => item(r, false)).join('\n') || '[]';
          break;
        case 'plain':
          // Unquoted scalars: YAML reads 1,234 / .nan / 2025-05 / 05 its own way.
          text = table.rows.map((r) => item(r, true)).join('\n') || '[]';
          break;
        case 'wrapped':
          text = `kind: ${kind}\nrows:\n${table.rows.map((r) => item(r, false).replace(/^/gm, '  ')).join('\n') || '  []'}`;
          break;
        case 'alias-bomb': {
          // "Billion laughs": each level doubles ten times the one before.
          const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
          for (let i = 1; i < 9; i++) {
            const prev = String.fromCharCode(96 + i);
            const name = String.fromCharCode(97 + i);
            levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
          }
          text = `${levels.join('\n')}\nkind: ${kind}\nrows:\n  - code: *i\n    ${table.header[0] ?? 'name'}: *i\n`;
          break;
        }
        case 'duplicate-keys':
          text = `- code: A\n  code: B\n  ${table.header[0] ?? 'name'}: x\n  ${table.header[0] ?? 'name'}: y\n`;
          break;
        case 'specials':
          text = `- ${table.header[0] ?? 'value'}: .nan\n  value: .inf\n  period: 2025-05\n  year: 2025年5月\n  other: -.inf\n`;
          break;
        default:
          text = (table.rows.map((r) => item(r, false)).join('\n') || '- a: "b').slice(0, cut + 1);
      }
      return { variant: `yaml ${shape} ${encoding}`, data: encode(text, encoding) };
    });

/** An XLSX zip bomb: a workbook of a few hundred kilobytes that inflates to 320 MB. */
async function xlsxZipBomb(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Sheet1').addRow(['code', 'name_zh']);
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
  const padding = ' '.repeat(40 * 1024 * 1024);
  zip.file('xl/worksheets/sheet1.xml', sheet.replace('</sheetData>', `${padding}</sheetData>`));
  for (let i = 0; i < 7; i++) zip.file(`xl/media/padding${i}.xml`, padding);
  return Buffer.from(
    await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } }),
  );
}

let zipBomb: Buffer;

const xlsxFile = (kind: ImportKind) =>
  fc
    .record({
      table: fuzzTable(kind),
      variant: fc.constantFrom('cells', 'cells', 'typed', 'formulas', 'truncated', 'zip-bomb', 'not-a-zip'),
      cut: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
    })
    .map(({ table, variant, cut }) => ({ table, variant, cut }));

async function writeXlsx({ table, variant, cut }: { table: FuzzTable; variant: string; cut: number }) {
  if (variant === 'zip-bomb') return zipBomb;
  if (variant === 'not-a-zip') return Buffer.from('PK\u0003\u0004 this is not a workbook');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(table.header);
  for (const r of table.rows) {
    ws.addRow(
      r.map((v, i) => {
        if (variant === 'typed') {
          const n = Number(v);
          if (i % 3 === 0 && v !== '' && !Number.isNaN(n)) return n;
          if (i % 3 === 1) return new Date(Date.UTC(2025, 4, 1));
        }
        if (variant === 'formulas' && i % 2 === 0)
          return { formula: `A1&"${v.slice(0, 20).replace(/"/g, '')}"`, result: v };
        return v.slice(0, 32_000);
      }),
    );
  }
  const data = Buffer.from(await wb.xlsx.writeBuffer());
  return variant === 'truncated' ? data.subarray(0, Math.floor(data.length * cut)) : data;
}

// --- the run ------------------------------------------------------------------------------------------

interface Outcomes {
  files: number;
  imported: number;
  rejected: number;
  crashes: number;
  hangs: number;
  partialWrites: number;
  variants: Map<string, number>;
  kinds: Map<string, number>;
  failures: string[];
}

let store: Store;
let unhandled = 0;
const onUnhandled = () => {
  unhandled++;
};
const results = new Map<Format, Outcomes>();

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  store = await openWorkspace({ dataDir: null });
  zipBomb = await xlsxZipBomb();
}, 120_000);
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await store?.close();
  for (const [format, o] of results) {
    console.log(
      `fuzz ${format}: ${o.files} files — ${o.imported} imported, ${o.rejected} rejected with located errors, ${o.crashes} crashes, ${o.hangs} hangs, ${o.partialWrites} partial writes`,
    );
    const list = (m: Map<string, number>) => [...m].map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(`  by variant: ${list(o.variants)}`);
    console.log(`  by kind: ${list(o.kinds)}`);
  }
  console.log(`fuzz: ${unhandled} unhandled rejections`);
});

/** The tables an import of `kind` may change when it lands. */
function mayLandIn(kind: ImportKind, table: string): boolean {
  const singular = kind.replace(/s$/, '');
  return table === 'import_run' || table === 'audit_log' || table.startsWith(singular);
}

async function run(format: Format, files: { kind: ImportKind; variant: string; data: Buffer }[]) {
  const outcomes: Outcomes = {
    files: 0,
    imported: 0,
    rejected: 0,
    crashes: 0,
    hangs: 0,
    partialWrites: 0,
    variants: new Map(),
    kinds: new Map(),
    failures: [],
  };
  results.set(format, outcomes);
  // A fingerprint per file would cost more than the imports: the store is fingerprinted every 25 files,
  // and between two fingerprints only the tables of the files that landed may change. A rejected file
  // that committed anything would show there (the reference tables are counted, not checksummed).
  const fingerprintOptions = { countOnly: ['region', 'industry', 'region_industry', 'indicator'] };
  let before = await tableFingerprint(store.db, fingerprintOptions);
  let landed: ImportKind[] = [];
  let recent: string[] = [];
  const check = async () => {
    const after = await tableFingerprint(store.db, fingerprintOptions);
    const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
    const stray = changed.filter((t) => !landed.some((kind) => mayLandIn(kind, t)));
    if (stray.length > 0) {
      outcomes.partialWrites++;
      outcomes.failures.push(`tables ${stray.join(', ')} changed among files ${recent.join('; ')}`);
    }
    before = after;
    landed = [];
    recent = [];
  };
  for (const [i, file] of files.entries()) {
    if (recent.length >= 25) await check();
    recent.push(`${i} ${file.variant} ${file.kind}`);
    outcomes.kinds.set(file.kind, (outcomes.kinds.get(file.kind) ?? 0) + 1);
    outcomes.files++;
    outcomes.variants.set(file.variant, (outcomes.variants.get(file.variant) ?? 0) + 1);
    const name = i % 2 ? `${file.kind}.${format}` : `fuzz-${i}.${format}`;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'hang'>((resolve) => {
      timer = setTimeout(() => resolve('hang'), PER_FILE_TIMEOUT_MS);
    });
    try {
      const result = await Promise.race([
        importFile(store.db, { name, data: file.data }, { kind: i % 2 ? undefined : file.kind }),
        timeout,
      ]);
      if (result === 'hang') {
        outcomes.hangs++;
        outcomes.failures.push(`hang: ${file.variant} ${file.kind}`);
        continue;
      }
      outcomes.imported++;
      landed.push(file.kind);
      // Imported correctly means no mojibake: text that is not UTF-8 must be refused, not replaced.
      if (/gbk/.test(file.variant) && file.data.some((b) => b >= 0x80)) {
        outcomes.failures.push(`imported GBK text as if UTF-8: ${file.variant} ${file.kind}`);
      }
    } catch (error) {
      if (
        error instanceof ImportFailed &&
        error.issues.length > 0 &&
        error.issues.every((x) => x.file === name)
      ) {
        outcomes.rejected++;
      } else {
        outcomes.crashes++;
        outcomes.failures.push(
          `crash: ${file.variant} ${file.kind}: ${String((error as Error)?.stack ?? error).slice(0, 400)}`,
        );
      }
    } finally {
      clearTimeout(timer);
    }
  }
  await check();
  return outcomes;
}

function sampleFiles(
  make: (kind: ImportKind) => fc.Arbitrary<{ variant: string; data: Buffer }>,
  seed: number,
) {
  // Every kind gets its share: the kind cycles, the file within it is drawn.
  return IMPORT_KINDS.flatMap((kind, k) => {
    const n = Math.ceil(FILES_PER_FORMAT / IMPORT_KINDS.length);
    return fc.sample(make(kind), { numRuns: n, seed: seed + k }).map((f) => ({ kind, ...f }));
  });
}

function expectClean(o: Outcomes) {
  if (o.failures.length > 0) console.log(o.failures.slice(0, 10).join('\n'));
  expect(o.files).toBeGreaterThanOrEqual(FILES_PER_FORMAT);
  expect(o.crashes).toBe(0);
  expect(o.hangs).toBe(0);
  expect(o.partialWrites).toBe(0);
  expect(o.failures).toEqual([]);
  expect(unhandled).toBe(0);
}

const SEED = Number(process.env.FUZZ_SEED ?? 20251123);

describe('fuzzed imports', () => {
  it(`imports or rejects ${FILES_PER_FORMAT} malformed CSV files`, async () => {
    expectClean(await run('csv', sampleFiles(csvFile, SEED)));
  }, 300_000);

  it(`imports or rejects ${FILES_PER_FORMAT} malformed JSON files`, async () => {
    expectClean(await run('json', sampleFiles(jsonFile, SEED + 100)));
  }, 300_000);

  it(`imports or rejects ${FILES_PER_FORMAT} malformed YAML files`, async () => {
    expectClean(await run('yaml', sampleFiles(yamlFile, SEED + 200)));
  }, 300_000);

  it(`imports or rejects ${FILES_PER_FORMAT} malformed XLSX files`, async () => {
    const specs = IMPORT_KINDS.flatMap((kind, k) =>
      fc
        .sample(xlsxFile(kind), {
          numRuns: Math.ceil(FILES_PER_FORMAT / IMPORT_KINDS.length),
          seed: SEED + 300 + k,
        })
        .map((s) => ({ kind, s })),
    );
    const files = [];
    for (const { kind, s } of specs)
      files.push({ kind, variant: `xlsx ${s.variant}`, data: await writeXlsx(s) });
    expectClean(await run('xlsx', files));
  }, 300_000);
});

/** The bugs the fuzzing found, each pinned with the message a user now gets. */
describe('files the fuzzing found breaking the import', () => {
  const reject = async (name: string, data: Buffer) => {
    const error = await importFile(store.db, { name, data }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFailed);
    return (error as ImportFailed).issues[0]!;
  };

  it('a ragged CSV row is rejected at its line, not thrown as a parser error', async () => {
    const issue = await reject('metrics.csv', Buffer.from('code,name_zh,unit\nA,甲,t\nB,乙,t,extra\n'));
    expect(issue.row).toBe(3);
    expect(issue.expected).toContain('as many cells as the header');
  });

  it('GBK text is refused at its line instead of being imported as replacement characters', async () => {
    const data = Buffer.concat([
      Buffer.from('code,name_zh,unit\nA,'),
      encodeGbk('万元'),
      Buffer.from(',t\n'),
    ]);
    const issue = await reject('metrics.csv', data);
    expect(issue.row).toBe(2);
    expect(issue.expected).toContain('not UTF-8');
  });

  it('UTF-16 with a byte-order mark is read as text', async () => {
    const csv = 'code,name_zh,unit\nFUZZ_UTF16,十六位,t\n';
    const summary = await importFile(store.db, { name: 'metrics.csv', data: encode(csv, 'utf16le-bom') });
    expect(summary.rows).toBe(1);
    const [row] = await store.db.query<{ name_zh: string }>(
      "select name_zh from metric where code = 'FUZZ_UTF16'",
    );
    expect(row?.name_zh).toBe('十六位');
  });

  it('a YAML alias bomb is refused as a file, not thrown as a ReferenceError', async () => {
    const levels = ['a: &a [x,x,x,x,x,x,x,x,x,x]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(10)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(',')}]`,
      );
    const issue = await reject('metrics.yaml', Buffer.from(`${levels.join('\n')}\nrows: [{code: *i}]\n`));
    expect(issue.expected).toContain('not a usable YAML file');
  });

  it('an XLSX zip bomb is refused before it is inflated, a truncated XLSX as unreadable', async () => {
    expect((await reject('metrics.xlsx', zipBomb)).expected).toContain('over the limit of 268,435,456');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['code']);
    const whole = Buffer.from(await wb.xlsx.writeBuffer());
    expect((await reject('metrics.xlsx', whole.subarray(0, 2000))).expected).toContain(
      'not a readable XLSX workbook',
    );
  });

  it('a deeply nested value is reported cut short, not a stack overflow in the message', async () => {
    const text = `[{"code": ${'['.repeat(8000)}${']'.repeat(8000)}}]`;
    const issue = await reject('metrics.json', Buffer.from(text));
    expect(typeof issue.value).toBe('string');
    expect(formatIssue(issue)).toContain('metrics.json, row 1, column code');
  });
});
