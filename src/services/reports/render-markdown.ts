/** The report as Markdown: the same sections and tables, footnotes as `[^n]` references. */

import { scopeName } from './render-html.ts';
import type { Cell, Report, Table } from './report-model.ts';
import type { Writer } from './writer.ts';

const refs = (notes: number[] | undefined) => (notes ?? []).map((n) => `[^${n}]`).join('');
const cellText = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function cellMd(cell: Cell, w: Writer) {
  return cellText(w.cell(cell)) + (cell.type === 'number' ? refs(cell.notes) : '');
}

function tableMd(table: Table, w: Writer) {
  const lines = [`### ${w.t(table.title)}`, ''];
  lines.push(`| ${table.columns.map((c) => cellText(w.t(c))).join(' | ')} |`);
  lines.push(`| ${table.columns.map(() => '---').join(' | ')} |`);
  if (!table.rows.length) lines.push(`| ${w.t('doc.no_rows')} |${' |'.repeat(table.columns.length - 1)}`);
  table.rows.forEach((row, i) => {
    const bold = table.totalRows?.includes(i);
    lines.push(`| ${row.map((c) => (bold ? `**${cellMd(c, w)}**` : cellMd(c, w))).join(' | ')} |`);
  });
  if (table.note) lines.push('', `_${w.t(table.note)}_`);
  lines.push('');
  return lines.join('\n');
}

export function renderMarkdown(report: Report, w: Writer): string {
  const out: string[] = [];
  out.push(
    `# ${w.t({ key: 'doc.title', params: { scope: scopeName(report, w), period: String(report.period) } })}`,
    '',
  );
  out.push(w.t({ key: 'doc.generated', params: { date: w.date(report.generated_on) } }), '');
  out.push(`## ${w.t('doc.key_facts')}`, '');
  for (const f of report.facts) out.push(`- ${w.t(f.phrase)}${refs(f.notes)}`);
  out.push('', `## ${w.t('section.progress')}`, '');
  for (const t of report.progress) out.push(tableMd(t, w));
  out.push(`## ${w.t('section.problems')}`, '', `_${w.t('doc.problems_note')}_`, '');
  if (!report.problems.length) out.push(w.t('doc.no_problems'), '');
  report.problems.forEach((p, i) => {
    out.push(
      `${i + 1}. **${w.t(`problem_kind.${p.kind}`)}** — ${w.name(p.where)}: ${w.t(p.statement)}${refs(p.notes)}`,
    );
    out.push(`   - ${w.t('doc.evidence')}:`);
    for (const e of p.evidence) out.push(`     - ${typeof e === 'string' ? e : w.t(e)}`);
  });
  const opportunities = report.next_steps_sources.includes('opportunities')
    ? w.t('doc.suggestions_opportunities')
    : '';
  out.push(
    '',
    `## ${w.t('section.next_steps')}`,
    '',
    `> ${w.t({ key: 'doc.suggestions_note', params: { opportunities } })}`,
    '',
  );
  report.next_steps.forEach((s, i) => {
    out.push(
      `${i + 1}. **${w.t('doc.suggestion')}:** ${w.t(s.statement)}${refs(s.notes)} _(${w.t('doc.basis')}: ${w.t(s.basis)})_`,
    );
  });
  out.push('', `## ${w.t('section.sources')}`, '');
  for (const f of report.footnotes) {
    const parts = [
      f.source === 'computed' ? w.t('doc.computed') : f.source,
      f.title,
      f.quote ? `“${f.quote}”` : null,
      f.note,
    ].filter(Boolean);
    out.push(`[^${f.n}]: ${parts.join(' — ')}`);
  }
  return `${w.rtl ? '<div dir="rtl">\n\n' : ''}${out.join('\n')}\n${w.rtl ? '\n</div>\n' : ''}`;
}
