/**
 * The chain book as a file: self-contained HTML (inline SVG for the chain map and the regional
 * distribution), PDF printed from that HTML by Chromium (services/reports/render-pdf.ts), or an XLSX
 * workbook with one sheet per map and list and one for the change log. Every language of the reports.
 */
import ExcelJS from 'exceljs';
import { escapeXml } from '../reports/charts.ts';
import { type ReportLanguage, RTL_LANGUAGES } from '../reports/dictionary.ts';
import { printPdf } from '../reports/render-pdf.ts';
import { type BookKey, bookWords } from './book-dictionary.ts';
import type { ChainBook } from './desk-book.ts';
import type { Cell, DeskList } from './desk-lists.ts';

export const BOOK_FORMATS = ['html', 'pdf', 'xlsx'] as const;
export type BookFormat = (typeof BOOK_FORMATS)[number];
const CONTENT_TYPES: Record<BookFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const esc = (v: unknown) => escapeXml(v === null || v === undefined ? '' : String(v));
const STATUS_COLOURS: Record<string, string> = {
  strong: '#0b6e4f',
  present: '#5aa469',
  weak: '#e0a100',
  missing: '#c0392b',
};

type Words = ReturnType<typeof bookWords>;

function nameIn(lang: ReportLanguage, zh: string | null | undefined, en: string | null | undefined) {
  return lang === 'zh-CN' ? zh || en || '' : en || zh || '';
}

function table(headers: string[], rows: unknown[][], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** The template DAG in three columns (upstream, midstream, downstream), each node coloured by status. */
function chainSvg(book: ChainBook, lang: ReportLanguage): string {
  const nodes = book.maps.chain.nodes;
  const columns = ['upstream', 'midstream', 'downstream'];
  const W = 660;
  const colW = W / 3;
  const rowH = 34;
  const rows = Math.max(...columns.map((c) => nodes.filter((n) => n.position === c).length), 1);
  const at = new Map<string, { x: number; y: number }>();
  for (const [ci, c] of columns.entries())
    nodes
      .filter((n) => n.position === c)
      .forEach((n, i) => {
        at.set(n.key, { x: ci * colW + 10, y: 10 + i * rowH });
      });
  const boxW = colW - 30;
  const edges = nodes.flatMap((n) =>
    n.suppliers
      .filter((s) => at.has(s) && at.has(n.key))
      .map((s) => {
        const a = at.get(s)!;
        const b = at.get(n.key)!;
        return `<line x1="${a.x + boxW}" y1="${a.y + 13}" x2="${b.x}" y2="${b.y + 13}" stroke="#9aa" stroke-width="1"/>`;
      }),
  );
  const boxes = nodes.map((n) => {
    const p = at.get(n.key)!;
    const name = nameIn(lang, n.name_zh, n.name_en).replace(/\s*[(（].*$/, '');
    return `<g><rect x="${p.x}" y="${p.y}" width="${boxW}" height="26" rx="4" fill="${STATUS_COLOURS[n.status] ?? '#888'}"/><text x="${p.x + 6}" y="${p.y + 17}" font-size="10" fill="#fff">${esc(name.slice(0, 34))}</text></g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${rows * rowH + 20}" width="100%" role="img" aria-label="${esc(book.desk.chain.code)}">${edges.join('')}${boxes.join('')}</svg>`;
}

/**
 * Enterprises and neighbours at their coordinates (an equirectangular sketch around the scope). Enterprises
 * placed at the same centroid are drawn once, with their count; a leader among them colours the mark.
 */
function regionsSvg(book: ChainBook, lang: ReportLanguage): string {
  const r = book.maps.regions;
  type Mark = { lon: number; lat: number; kind: string; names: string[] };
  const marks = new Map<string, Mark>();
  const mark = (p: { lon: number; lat: number }, kind: string, name: string) => {
    const key = `${kind === 'neighbour' ? 'n' : 'e'}${p.lon.toFixed(3)},${p.lat.toFixed(3)}`;
    const m = marks.get(key) ?? { lon: p.lon, lat: p.lat, kind, names: [] };
    if (kind === 'leader') m.kind = 'leader';
    if (!m.names.includes(name)) m.names.push(name);
    marks.set(key, m);
  };
  for (const e of r.enterprises)
    if (e.position)
      mark(e.position, e.role === 'leader' ? 'leader' : 'enterprise', nameIn(lang, e.name_zh, e.name_en));
  for (const n of r.neighbours)
    if (n.position) mark(n.position, 'neighbour', `${nameIn(lang, n.name_zh, n.name_en)} (${n.enterprises})`);
  const points = [...marks.values()];
  if (r.centre)
    points.push({
      ...r.centre,
      kind: 'scope',
      names: [nameIn(lang, book.desk.scope.name_zh, book.desk.scope.name_en)],
    });
  if (points.length === 0) return '';
  const lons = points.map((p) => p.lon);
  const lats = points.map((p) => p.lat);
  const [x0, x1] = [Math.min(...lons) - 0.3, Math.max(...lons) + 0.3];
  const [y0, y1] = [Math.min(...lats) - 0.3, Math.max(...lats) + 0.3];
  const W = 560;
  const H = 240;
  const x = (lon: number) => ((lon - x0) / (x1 - x0)) * (W - 200) + 20;
  const y = (lat: number) => H - (((lat - y0) / (y1 - y0)) * (H - 40) + 20);
  const colour: Record<string, string> = {
    leader: '#c0392b',
    enterprise: '#2c7fb8',
    neighbour: '#9aa5ad',
    scope: '#0b6e4f',
  };
  // Scope first, enterprises on top; labels offset by kind so that marks at one place stay readable.
  const order = ['scope', 'neighbour', 'enterprise', 'leader'];
  points.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  const dy: Record<string, number> = { scope: 16, neighbour: 4, enterprise: -8, leader: -8 };
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img"><rect width="${W}" height="${H}" fill="#f4f6f8"/>${points
    .map((p) => {
      const short = p.names.map((n) => (n.length > 28 ? `${n.slice(0, 27)}…` : n));
      const label =
        short.length > 2 ? `${short.slice(0, 2).join(', ')} +${short.length - 2}` : short.join(', ');
      const radius = p.kind === 'scope' ? 9 : p.kind === 'neighbour' ? 4 : 4 + Math.min(6, p.names.length);
      return `<circle cx="${x(p.lon).toFixed(1)}" cy="${y(p.lat).toFixed(1)}" r="${radius}" fill="${colour[p.kind]}" fill-opacity="${p.kind === 'scope' ? 0.25 : 0.9}"/><text x="${(x(p.lon) + 12).toFixed(1)}" y="${(y(p.lat) + dy[p.kind]!).toFixed(1)}" font-size="9">${esc(label)}</text>`;
    })
    .join('')}</svg>`;
}

function listSection(list: DeskList, title: string, w: Words): string {
  const totals = Object.entries(list.totals)
    .map(([k, v]) => `${k}: ${Number.isInteger(v) ? v : v.toFixed(2)}`)
    .join(' · ');
  return `<h3>${esc(title)} (${list.total})</h3>${table(
    list.columns.filter((c) => c !== 'quote'),
    list.rows.map((r) => list.columns.filter((c) => c !== 'quote').map((c) => r[c] as Cell)),
    w('none'),
  )}<p class="totals">${esc(w('total'))}: ${esc(totals)}</p>`;
}

export function renderBookHtml(book: ChainBook, lang: ReportLanguage): string {
  const w = bookWords(lang);
  const d = book.desk;
  const nr = w('notRecorded');
  const person = (p: { name: string; title: string | null; department?: string | null }) =>
    [p.name, p.title, p.department].filter(Boolean).join(', ');
  const peopleLine = (list: { name: string; title: string | null; department?: string | null }[]) =>
    list.length > 0 ? list.map(person).join('; ') : nr;
  const c = book.maps.chain;
  const t = book.maps.technology;
  const a = book.maps.applications;
  const r = book.maps.regions;
  const at = book.maps.attraction;
  const ch = book.changes;
  const changeBlocks: [BookKey, string[]][] = [
    ['nodesChanged', ch.nodes_changed.map((x) => `${x.node}: ${x.from} → ${x.to}`)],
    ['enterprisesAdded', ch.enterprises_added],
    ['enterprisesRemoved', ch.enterprises_removed],
    ['projectsAdded', ch.projects_added.map((x) => `${x.code} (${x.stage})`)],
    ['projectsStage', ch.projects_stage_changed.map((x) => `${x.code}: ${x.from} → ${x.to}`)],
    ['problemsClosed', ch.problems_closed.map((x) => `${x.title} [${x.key}]`)],
    ['problemsOpened', ch.problems_opened.map((x) => `${x.title} [${x.key}]`)],
    ['technologiesAdded', ch.technologies_added],
    ['technologiesRemoved', ch.technologies_removed],
    [
      'technologiesMaturity',
      ch.technologies_maturity_changed.map((x) => `${x.code}: TRL ${x.from ?? '—'} → ${x.to ?? '—'}`),
    ],
  ];
  const changes =
    ch.previous_edition === null
      ? `<p>${esc(w('firstEdition'))}</p>`
      : changeBlocks.every(([, items]) => items.length === 0)
        ? `<p>${esc(w('noChanges'))}</p>`
        : changeBlocks
            .filter(([, items]) => items.length > 0)
            .map(
              ([key, items]) =>
                `<h3>${esc(w(key))} (${items.length})</h3><ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`,
            )
            .join('');
  const pct = (x: number | null) => (x === null ? nr : `${(x * 100).toFixed(1)} %`);
  const dir = RTL_LANGUAGES.has(lang) ? 'rtl' : 'ltr';
  return `<!doctype html><html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><title>${esc(w('title'))} — ${esc(d.code)}</title>
<style>
body{font-family:"Noto Sans","Noto Sans CJK SC","Noto Sans Arabic","DejaVu Sans",sans-serif;font-size:11px;color:#1d2630;margin:0 8px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;border-bottom:2px solid #0b6e4f;padding-bottom:2px;margin-top:18px;page-break-after:avoid}
h3{font-size:12px;margin:10px 0 4px}table{border-collapse:collapse;width:100%;margin:4px 0}th,td{border:1px solid #ccd;padding:2px 4px;text-align:start;vertical-align:top}
th{background:#eef2f4}.empty{color:#777;font-style:italic}.totals{color:#444}.meta{color:#555}section{page-break-inside:auto}
.legend span{display:inline-block;padding:1px 6px;margin-inline-end:4px;color:#fff;border-radius:3px}
</style></head><body>
<h1>${esc(w('title'))}: ${esc(nameIn(lang, d.chain.name_zh, d.chain.name_en))} — ${esc(nameIn(lang, d.scope.name_zh, d.scope.name_en))}</h1>
<p class="meta">${esc(d.code)} · ${esc(w('period'))} ${esc(book.period)} · ${esc(
    book.edition.number === null ? w('preview') : w('edition', { n: book.edition.number }),
  )}${book.edition.issued_at ? ` · ${esc(w('issued'))} ${esc(book.edition.issued_at.slice(0, 10))}` : ''}</p>
<section><h2>${esc(w('chiefSystem'))}</h2>
${table(
  ['', ''],
  [
    [w('chief'), d.chief ? person(d.chief) : nr],
    [w('deputies'), peopleLine(d.deputies)],
    [w('office'), peopleLine(d.office)],
    [w('masters'), d.chain_masters.length > 0 ? d.chain_masters.map((m) => m.name).join('; ') : nr],
    [w('partners'), peopleLine(d.partners)],
    [
      w('goals'),
      d.goals.length > 0
        ? d.goals
            .map(
              (g) =>
                `${g.year}: ${g.title}${g.target ? ` (${g.target.metric} ${g.target.value} ${g.target.unit}, ${g.target.due_period})` : ''}`,
            )
            .join('; ')
        : nr,
    ],
  ],
  '',
)}
${d.chain_masters.some((m) => m.quote) ? `<p class="meta">${esc(w('source'))}: ${d.chain_masters.map((m) => `${esc(m.source)} — “${esc(m.quote)}”`).join('; ')}</p>` : ''}
</section>
<section><h2>${esc(w('maps'))}</h2>
<h3>1. ${esc(w('mapChain'))} — ${esc(w('completeness'))} ${pct(c.completeness.completeness)} · ${esc(w('supportingRate'))} ${pct(c.local_supporting_rate.rate)}</h3>
<p class="legend">${Object.entries(STATUS_COLOURS)
    .map(([s, col]) => `<span style="background:${col}">${s}</span>`)
    .join('')}</p>
${chainSvg(book, lang)}
${table(
  [w('node'), w('status'), w('enterprises'), w('bottleneck')],
  c.nodes.map((n) => [
    nameIn(lang, n.name_zh, n.name_en),
    n.status,
    n.enterprise_names.join(', ') || '—',
    n.bottlenecks || '—',
  ]),
  w('none'),
)}
<h3>2. ${esc(w('mapTechnology'))}</h3>
${
  t.recorded
    ? table(
        [
          w('node'),
          w('technology'),
          w('maturity'),
          w('dependence'),
          w('bottleneck'),
          w('institutions'),
          w('tasks'),
        ],
        t.nodes.flatMap((n) =>
          n.technologies.map((x) => [
            nameIn(lang, n.name_zh, n.name_en),
            x.name,
            x.trl ?? nr,
            x.dependence ?? nr,
            x.bottleneck ? w('yes') : w('no'),
            x.institutions.join('; ') || nr,
            x.tasks.map((k) => `${k.year}: ${k.title} (${k.status})`).join('; ') || nr,
          ]),
        ),
        w('none'),
      )
    : `<p class="empty">${esc(nr)}</p>`
}
<h3>3. ${esc(w('mapApplications'))}</h3>
${
  a.recorded
    ? table(
        [w('domain'), w('node'), w('marketSize'), w('source')],
        a.domains.map((x) => [
          x.domain,
          nameIn(lang, x.node_name_zh, x.node_name_en) || '—',
          x.market_size === null ? nr : `${x.market_size} ${x.market_unit ?? ''} ${x.market_year ?? ''}`,
          [x.source, x.quote ? `“${x.quote}”` : null].filter(Boolean).join(' — '),
        ]),
        w('none'),
      )
    : `<p class="empty">${esc(nr)}</p>`
}
<p class="meta">${esc(w('downstreamNodes'))}: ${esc(a.downstream_nodes.map((n) => nameIn(lang, n.name_zh, n.name_en)).join('; '))}</p>
<h3>4. ${esc(w('mapRegions'))}</h3>
${regionsSvg(book, lang)}
${table(
  [w('enterprises'), w('node'), w('role'), w('region')],
  r.enterprises.map((e) => [
    nameIn(lang, e.name_zh, e.name_en),
    nameIn(lang, e.node_name_zh, e.node_name_en),
    e.role,
    e.park_code ?? e.region_code,
  ]),
  w('none'),
)}
<p class="meta">${esc(r.method)}</p>
<h3>${esc(w('neighbours'))}</h3>
${table(
  [w('region'), w('enterprises'), w('node')],
  r.neighbours
    .filter((n) => n.enterprises > 0)
    .map((n) => [nameIn(lang, n.name_zh, n.name_en), n.enterprises, n.nodes.join(', ')]),
  w('none'),
)}
<h3>5. ${esc(w('mapAttraction'))}</h3>
${table(
  [w('stop'), w('region'), 'km', w('candidates')],
  at.route.map((s) => [
    s.stop,
    nameIn(lang, s.name_zh, s.name_en),
    s.distance_km === null ? '—' : Math.round(s.distance_km),
    s.targets
      .map((x) => `${x.name} (${x.node}${x.score === null ? '' : `, ${x.score.toFixed(2)}`})`)
      .join('; '),
  ]),
  w('none'),
)}
${table(
  [w('node'), w('status'), w('candidates'), w('reasons')],
  at.by_node.map((n) => [
    nameIn(lang, n.name_zh, n.name_en),
    n.status,
    [...n.candidates.map((x) => x.name), ...n.clusters.map((k) => nameIn(lang, k.name_zh, k.name_en))].join(
      '; ',
    ) || '—',
    n.candidates[0]?.reasons.join(' ') ?? n.clusters[0]?.reason ?? n.note ?? '—',
  ]),
  w('none'),
)}
</section>
<section><h2>${esc(w('lists'))}</h2>
${listSection(book.lists.enterprises, w('listEnterprises'), w)}
${listSection(book.lists.projects, w('listProjects'), w)}
${listSection(book.lists.clusters, w('listClusters'), w)}
${listSection(book.lists.problems, w('listProblems'), w)}
${listSection(book.lists.policies, w('listPolicies'), w)}
</section>
<section><h2>${esc(w('changes'))}${ch.previous_edition === null ? '' : ` (${esc(w('edition', { n: ch.previous_edition }))} →)`}</h2>
${changes}
</section>
</body></html>`;
}

export async function renderBookXlsx(book: ChainBook, lang: ReportLanguage): Promise<Buffer> {
  const w = bookWords(lang);
  const nr = w('notRecorded');
  const workbook = new ExcelJS.Workbook();
  const d = book.desk;
  const desk = workbook.addWorksheet('desk');
  desk.addRow([w('title'), d.code, book.period]).font = { bold: true };
  desk.addRow([w('chief'), d.chief ? `${d.chief.name}${d.chief.title ? `, ${d.chief.title}` : ''}` : nr]);
  for (const [key, people] of [
    ['deputies', d.deputies],
    ['office', d.office],
    ['masters', d.chain_masters],
    ['partners', d.partners],
  ] as const)
    desk.addRow([w(key), people.length > 0 ? people.map((p) => p.name).join('; ') : nr]);
  const chain = workbook.addWorksheet('chain map');
  chain.addRow(['node', 'position', 'status', 'enterprises', 'technologies', 'bottlenecks']).font = {
    bold: true,
  };
  for (const n of book.maps.chain.nodes)
    chain.addRow([n.key, n.position, n.status, n.enterprises, n.technologies, n.bottlenecks]);
  const tech = workbook.addWorksheet('technology roadmap');
  tech.addRow(['node', 'code', 'name', 'trl', 'dependence', 'bottleneck', 'institutions', 'tasks']).font = {
    bold: true,
  };
  for (const n of book.maps.technology.nodes)
    for (const x of n.technologies)
      tech.addRow([
        n.key,
        x.code,
        x.name,
        x.trl,
        x.dependence,
        x.bottleneck,
        x.institutions.join('; '),
        x.tasks.map((k) => `${k.year}: ${k.title} (${k.status})`).join('; '),
      ]);
  const apps = workbook.addWorksheet('application domains');
  apps.addRow(['domain', 'node', 'market_size', 'market_unit', 'market_year', 'source', 'quote']).font = {
    bold: true,
  };
  for (const x of book.maps.applications.domains)
    apps.addRow([x.domain, x.node, x.market_size, x.market_unit, x.market_year, x.source, x.quote]);
  const regions = workbook.addWorksheet('regional distribution');
  regions.addRow(['enterprise', 'node', 'role', 'region', 'park', 'lon', 'lat']).font = { bold: true };
  for (const e of book.maps.regions.enterprises)
    regions.addRow([e.name_zh, e.node, e.role, e.region_code, e.park_code, e.position?.lon, e.position?.lat]);
  const route = workbook.addWorksheet('attraction route');
  route.addRow(['stop', 'region', 'distance_km', 'candidate', 'node', 'score', 'reasons']).font = {
    bold: true,
  };
  for (const s of book.maps.attraction.route)
    for (const x of s.targets)
      route.addRow([
        s.stop,
        s.code,
        s.distance_km,
        `${x.name} (${x.kind})`,
        x.node,
        x.score,
        x.reasons.join(' '),
      ]);
  for (const list of Object.values(book.lists)) {
    const sheet = workbook.addWorksheet(`list ${list.list}`);
    sheet.addRow(list.columns).font = { bold: true };
    for (const r of list.rows) sheet.addRow(list.columns.map((c) => r[c] as Cell));
  }
  const changes = workbook.addWorksheet('changes');
  changes.addRow(['change', 'item']).font = { bold: true };
  const ch = book.changes;
  for (const x of ch.nodes_changed) changes.addRow(['node status', `${x.node}: ${x.from} → ${x.to}`]);
  for (const x of ch.enterprises_added) changes.addRow(['enterprise added', x]);
  for (const x of ch.enterprises_removed) changes.addRow(['enterprise removed', x]);
  for (const x of ch.projects_added) changes.addRow(['project added', `${x.code} (${x.stage})`]);
  for (const x of ch.projects_stage_changed)
    changes.addRow(['project stage', `${x.code}: ${x.from} → ${x.to}`]);
  for (const x of ch.problems_closed) changes.addRow(['problem closed', `${x.title} [${x.key}]`]);
  for (const x of ch.problems_opened) changes.addRow(['problem opened', `${x.title} [${x.key}]`]);
  for (const x of ch.technologies_added) changes.addRow(['technology added', x]);
  for (const x of ch.technologies_removed) changes.addRow(['technology removed', x]);
  for (const x of ch.technologies_maturity_changed)
    changes.addRow(['technology maturity', `${x.code}: TRL ${x.from ?? '—'} → ${x.to ?? '—'}`]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface RenderedBook {
  body: Buffer;
  contentType: string;
  fileName: string;
}

export async function renderChainBook(
  book: ChainBook,
  format: BookFormat,
  lang: ReportLanguage,
): Promise<RenderedBook> {
  const edition = book.edition.number === null ? 'preview' : `ed${book.edition.number}`;
  const fileName = `chain-book_${book.desk.code}_${book.period}_${edition}_${lang}.${format}`.replace(
    /[^\w.-]+/g,
    '_',
  );
  const body =
    format === 'xlsx'
      ? await renderBookXlsx(book, lang)
      : format === 'pdf'
        ? await printPdf(renderBookHtml(book, lang), RTL_LANGUAGES.has(lang))
        : Buffer.from(renderBookHtml(book, lang), 'utf8');
  return { body, contentType: CONTENT_TYPES[format], fileName };
}
