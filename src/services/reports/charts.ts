/**
 * Charts drawn on the server as inline SVG (no script, so they print in the PDF and open offline):
 * grouped horizontal bars, and a strip of a chain's nodes coloured by status.
 */
import type { Chart } from './report-model.ts';
import type { Writer } from './writer.ts';

const COLOURS = ['#2f6f9f', '#e07b39', '#5a9e4b', '#8e5ea2'];
const STATUS_COLOURS: Record<string, string> = {
  strong: '#1f7a3a',
  present: '#6fbf73',
  weak: '#f0b429',
  missing: '#d64545',
};

export const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function chartSvg(chart: Chart, w: Writer, title: string): string {
  return chart.kind === 'node-strip' ? nodeStrip(chart, w, title) : bars(chart, w, title);
}

function bars(chart: Chart, w: Writer, title: string): string {
  const labels = chart.labels.map((l) => (typeof l === 'string' ? l : w.t(l)));
  const n = labels.length;
  const series = chart.series;
  if (n === 0 || series.length === 0) return '';
  const barH = 14;
  const groupH = series.length * barH + 10;
  const labelW = 190;
  const plotW = 330;
  const valueW = 150;
  const legendH = 22;
  const width = labelW + plotW + valueW;
  const height = legendH + n * groupH + 6;
  const max = Math.max(1e-9, ...series.flatMap((s) => s.values.map((v) => Math.abs(v ?? 0))));
  // Geometry stays left to right in every language; only the text follows the writing direction.
  const dir = w.rtl ? ' direction="rtl"' : '';
  const parts: string[] = [];
  series.forEach((s, k) => {
    const x = labelW + k * 150;
    parts.push(
      `<rect x="${x}" y="4" width="12" height="12" fill="${COLOURS[k % COLOURS.length]}"/>`,
      `<text x="${x + 16}" y="14" font-size="11"${dir}>${escapeXml(w.t(s.name))}</text>`,
    );
  });
  labels.forEach((label, i) => {
    const y0 = legendH + i * groupH;
    parts.push(
      `<text x="${labelW - 6}" y="${y0 + groupH / 2 + 2}" font-size="11" text-anchor="end"${dir}>${escapeXml(
        label.length > 30 ? `${label.slice(0, 29)}…` : label,
      )}</text>`,
    );
    series.forEach((s, k) => {
      const v = s.values[i] ?? null;
      const len = v === null ? 0 : Math.max(1, (Math.abs(v) / max) * plotW);
      const y = y0 + k * barH + 3;
      parts.push(
        `<rect x="${labelW}" y="${y}" width="${len.toFixed(1)}" height="${barH - 3}" fill="${COLOURS[k % COLOURS.length]}"/>`,
        `<text x="${labelW + len + 4}" y="${y + barH - 5}" font-size="10"${dir}>${escapeXml(w.figure(v, s.kind))}</text>`,
      );
    });
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-label="${escapeXml(
    w.t({ key: 'doc.chart', params: { title } }),
  )}"><title>${escapeXml(title)}</title>${parts.join('')}</svg>`;
}

function nodeStrip(chart: Chart, w: Writer, title: string): string {
  const labels = chart.labels.map((l) => (typeof l === 'string' ? l : w.t(l)));
  const statuses = chart.statuses ?? [];
  const cols = 4;
  const cellW = 168;
  const cellH = 30;
  const legendH = 22;
  const rows = Math.ceil(labels.length / cols);
  const width = cols * cellW;
  const height = legendH + rows * cellH + 4;
  const dir = w.rtl ? ' direction="rtl"' : '';
  const parts: string[] = [];
  Object.entries(STATUS_COLOURS).forEach(([status, colour], k) => {
    parts.push(
      `<rect x="${k * 120}" y="4" width="12" height="12" fill="${colour}"/>`,
      `<text x="${k * 120 + 16}" y="14" font-size="11"${dir}>${escapeXml(w.t(`node_status.${status}`))}</text>`,
    );
  });
  labels.forEach((label, i) => {
    const x = (i % cols) * cellW;
    const y = legendH + Math.floor(i / cols) * cellH;
    const status = statuses[i] ?? 'missing';
    parts.push(
      `<rect x="${x + 1}" y="${y + 1}" width="${cellW - 4}" height="${cellH - 4}" rx="4" fill="${STATUS_COLOURS[status] ?? '#999'}"/>`,
      `<text x="${x + cellW / 2}" y="${y + cellH / 2 + 3}" font-size="10" text-anchor="middle" fill="#fff">${escapeXml(
        label.length > 26 ? `${label.slice(0, 25)}…` : label,
      )}</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-label="${escapeXml(
    w.t({ key: 'doc.chart', params: { title } }),
  )}"><title>${escapeXml(title)}</title>${parts.join('')}</svg>`;
}
