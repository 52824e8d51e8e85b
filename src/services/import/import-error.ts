/** One thing wrong with an imported file, located the way the user will look for it. */
export interface ImportIssue {
  file: string;
  /** Spreadsheet row (header = 1) or list entry (first = 1); 0 for the file as a whole. */
  row: number;
  /** The column's name, with its letter in CSV/XLSX files: "revenue (E)". */
  column?: string;
  /** The line of the file (YAML), where a row's field is not on a line of its own row (a chain's nodes). */
  line?: number;
  value?: unknown;
  expected: string;
}

export const MAX_LISTED_ISSUES = 100;

export class ImportFailed extends Error {
  constructor(
    readonly issues: ImportIssue[],
    readonly totalIssues: number,
  ) {
    super(
      `${issues[0]?.file ?? 'import'}: ${totalIssues} error${totalIssues === 1 ? '' : 's'}; nothing was imported\n` +
        issues.map(formatIssue).join('\n') +
        (totalIssues > issues.length ? `\n… and ${totalIssues - issues.length} more` : ''),
    );
  }
}

export function formatIssue(issue: ImportIssue): string {
  const where = [
    issue.file,
    issue.line ? `line ${issue.line}` : null,
    issue.row > 0 ? `row ${issue.row}` : null,
    issue.column ? `column ${issue.column}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  const value = issue.value === undefined ? '' : `: ${JSON.stringify(issue.value)}`;
  return `${where}${value} — expected ${issue.expected}`;
}
