/** One report model → the bytes of a format in a language, with the content type and a file name. */
import type { ReportLanguage } from './dictionary.ts';
import { renderHtml } from './render-html.ts';
import { renderMarkdown } from './render-markdown.ts';
import { printPdf } from './render-pdf.ts';
import { renderXlsx } from './render-xlsx.ts';
import type { Report } from './report-model.ts';
import { writerFor } from './writer.ts';

export const REPORT_FORMATS = ['html', 'pdf', 'xlsx', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  md: 'text/markdown; charset=utf-8',
};

export interface RenderedReport {
  body: Buffer;
  contentType: string;
  fileName: string;
}

export async function renderReport(
  report: Report,
  format: ReportFormat,
  lang: ReportLanguage,
): Promise<RenderedReport> {
  const w = writerFor(lang);
  const fileName = `report-${report.scope.code}-${report.period}-${lang}.${format}`.replace(/[^\w.-]+/g, '_');
  let body: Buffer;
  if (format === 'html') body = Buffer.from(renderHtml(report, w));
  else if (format === 'md') body = Buffer.from(renderMarkdown(report, w));
  else if (format === 'xlsx') body = await renderXlsx(report, w);
  else body = await printPdf(renderHtml(report, w), w.rtl);
  return { body, contentType: CONTENT_TYPES[format], fileName };
}
