/**
 * The report as one self-contained HTML page: styles inline, charts as inline SVG, no script, no remote
 * resource — the same page is printed to PDF. Every figure carries its footnote numbers and its raw value
 * (`data-value`), so a reader (or a test) can check the formatted text against the number.
 */
import { chartSvg, escapeXml } from './charts.ts';
import type { Cell, Report, Table } from './report-model.ts';
import type { Writer } from './writer.ts';

const STYLE = `
@page { size: A4; margin: 16mm 14mm; }
body { font-family: "DejaVu Sans", "WenQuanYi Micro Hei", sans-serif; font-size: 11px; color: #1d2530; margin: 0 auto; max-width: 980px; padding: 16px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 22px 0 8px; border-bottom: 2px solid #2f6f9f; padding-bottom: 3px; }
h3 { font-size: 13px; margin: 16px 0 6px; } .meta { color: #5b6673; margin: 0 0 10px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; page-break-inside: auto; } tr { page-break-inside: avoid; }
th, td { border: 1px solid #cfd6de; padding: 3px 6px; text-align: start; vertical-align: top; }
th { background: #eef2f6; } td.num { text-align: end; white-space: nowrap; } tr.total td { font-weight: bold; background: #f7f9fb; }
sup { font-size: 8px; } sup a { color: #2f6f9f; text-decoration: none; }
.note { color: #5b6673; font-size: 10px; } .chart { margin: 6px 0; } figure.chart { margin: 8px 0; page-break-inside: avoid; } figcaption { font-weight: bold; font-size: 11px; margin: 0 0 3px; }
.problem { margin: 0 0 10px; } .problem .kind { font-weight: bold; color: #a33; } .evidence { margin: 3px 0 0; color: #3d4650; font-size: 10px; }
.suggestion { margin: 0 0 8px; } .badge { display: inline-block; background: #fff4d6; border: 1px solid #e0b341; border-radius: 3px; padding: 0 4px; font-size: 9px; font-weight: bold; margin-inline-end: 6px; }
.suggestions-note { background: #fff9e8; border-inline-start: 4px solid #e0b341; padding: 6px 8px; }
.footnotes li { margin: 0 0 4px; font-size: 9.5px; } .footnotes q { font-style: italic; }
`;

const notesHtml = (notes: number[] | undefined) =>
  notes?.length ? `<sup>${notes.map((n) => `<a href="#fn-${n}">[${n}]</a>`).join('')}</sup>` : '';

function cellHtml(cell: Cell, w: Writer): string {
  if (cell.type === 'number')
    return `<td class="num" data-value="${cell.value ?? ''}" data-kind="${cell.kind}">${escapeXml(w.cell(cell))}${notesHtml(cell.notes)}</td>`;
  return `<td>${escapeXml(w.cell(cell))}</td>`;
}

function tableHtml(table: Table, w: Writer): string {
  const title = w.t(table.title);
  const head = `<tr>${table.columns.map((c) => `<th>${escapeXml(w.t(c))}</th>`).join('')}</tr>`;
  const body = table.rows.length
    ? table.rows
        .map(
          (row, i) =>
            `<tr${table.totalRows?.includes(i) ? ' class="total"' : ''}>${row.map((c) => cellHtml(c, w)).join('')}</tr>`,
        )
        .join('')
    : `<tr><td colspan="${table.columns.length}">${escapeXml(w.t('doc.no_rows'))}</td></tr>`;
  const chart =
    table.chart && table.rows.length ? `<div class="chart">${chartSvg(table.chart, w, title)}</div>` : '';
  const captioned = (table.captionedCharts ?? [])
    .map((c) => {
      const caption = w.t(c.caption);
      return `<figure class="chart"><figcaption>${escapeXml(caption)}</figcaption>${chartSvg(c.chart, w, caption)}</figure>`;
    })
    .join('');
  const note = table.note ? `<p class="note">${escapeXml(w.t(table.note))}</p>` : '';
  return `<section class="table" id="t-${table.id}"><h3>${escapeXml(title)}</h3>${chart}<table data-table="${table.id}">${head}${body}</table>${captioned}${note}</section>`;
}

export function scopeName(report: Report, w: Writer) {
  const { scope } = report;
  return w.lang === 'zh-CN' ? scope.name_zh : (scope.name_en ?? scope.name_zh);
}

export function renderHtml(report: Report, w: Writer): string {
  const title = w.t({
    key: 'doc.title',
    params: { scope: scopeName(report, w), period: String(report.period) },
  });
  const facts = report.facts.map((f) => `<li>${escapeXml(w.t(f.phrase))}${notesHtml(f.notes)}</li>`).join('');
  const problems = report.problems.length
    ? `<ol>${report.problems
        .map(
          (p) =>
            `<li class="problem" data-kind="${p.kind}"><span class="kind">${escapeXml(w.t(`problem_kind.${p.kind}`))}</span> — <strong>${escapeXml(w.name(p.where))}</strong>: ${escapeXml(w.t(p.statement))}${notesHtml(p.notes)}<ul class="evidence"><li><em>${escapeXml(
              w.t('doc.evidence'),
            )}</em></li>${p.evidence.map((e) => `<li>${escapeXml(typeof e === 'string' ? e : w.t(e))}</li>`).join('')}</ul></li>`,
        )
        .join('')}</ol>`
    : `<p>${escapeXml(w.t('doc.no_problems'))}</p>`;
  const opportunities = report.next_steps_sources.includes('opportunities')
    ? w.t('doc.suggestions_opportunities')
    : '';
  const steps = `<p class="suggestions-note">${escapeXml(
    w.t({ key: 'doc.suggestions_note', params: { opportunities } }),
  )}</p><ol>${report.next_steps
    .map(
      (s) =>
        `<li class="suggestion"><span class="badge">${escapeXml(w.t('doc.suggestion'))}</span>${escapeXml(
          w.t(s.statement),
        )}${notesHtml(s.notes)} <span class="note">(${escapeXml(w.t('doc.basis'))}: ${escapeXml(w.t(s.basis))})</span></li>`,
    )
    .join('')}</ol>`;
  const footnotes = `<ol class="footnotes">${report.footnotes
    .map((f) => {
      const source = f.source === 'computed' ? w.t('doc.computed') : f.source;
      const parts = [
        `<strong>${escapeXml(source)}</strong>`,
        f.title ? escapeXml(f.title) : '',
        f.quote ? `<q>${escapeXml(f.quote)}</q>` : '',
        f.note ? `<span class="note">${escapeXml(f.note)}</span>` : '',
      ].filter(Boolean);
      return `<li id="fn-${f.n}" value="${f.n}">${parts.join(' — ')}</li>`;
    })
    .join('')}</ol>`;
  return `<!doctype html>
<html lang="${w.lang}" dir="${w.rtl ? 'rtl' : 'ltr'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="generator" content="Chain Atlas">
<title>${escapeXml(title)}</title><style>${STYLE}</style></head>
<body data-scope="${escapeXml(report.scope.code)}" data-period="${report.period}">
<header><h1>${escapeXml(title)}</h1><p class="meta">${escapeXml(w.t({ key: 'doc.generated', params: { date: w.date(report.generated_on) } }))}</p></header>
<section id="key-facts"><h2>${escapeXml(w.t('doc.key_facts'))}</h2><ul>${facts}</ul></section>
<section id="progress"><h2>${escapeXml(w.t('section.progress'))}</h2>${report.progress.map((t) => tableHtml(t, w)).join('')}</section>
<section id="problems"><h2>${escapeXml(w.t('section.problems'))}</h2><p class="note">${escapeXml(w.t('doc.problems_note'))}</p>${problems}</section>
<section id="next-steps"><h2>${escapeXml(w.t('section.next_steps'))}</h2>${steps}</section>
<section id="sources"><h2>${escapeXml(w.t('section.sources'))}</h2>${footnotes}</section>
</body></html>
`;
}
