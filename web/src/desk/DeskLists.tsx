/**
 * The five lists of a chain desk (GET /api/desks/:desk/lists/:list): a few columns on screen, every
 * column in the CSV and XLSX files, whose totals are the ones shown here.
 */
import { api } from '../app/api.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import type { Cell, DeskList } from './types.ts';

export const LISTS = ['enterprises', 'projects', 'clusters', 'problems', 'policies'] as const;
export type ListName = (typeof LISTS)[number];

type Column = {
  label: MessageKey;
  value: (row: Record<string, Cell>) => Cell | undefined;
  translate?: string;
};

function columnsOf(list: ListName, name: (zh: Cell | undefined, en: Cell | undefined) => string): Column[] {
  const named = (r: Record<string, Cell>) => name(r.name_zh, r.name_en);
  switch (list) {
    case 'enterprises':
      return [
        { label: 'desk.col.name', value: named },
        { label: 'chain.node', value: (r) => r.node_name },
        { label: 'desk.col.role', value: (r) => r.role, translate: 'desk.role' },
        { label: 'desk.col.place', value: (r) => r.park ?? r.region },
        { label: 'desk.col.output', value: (r) => r.output },
      ];
    case 'projects':
      return [
        { label: 'desk.col.code', value: (r) => r.code },
        { label: 'desk.col.name', value: named },
        { label: 'desk.col.stage', value: (r) => r.stage, translate: 'work.stage' },
        { label: 'chain.node', value: (r) => r.node },
        { label: 'desk.col.investor', value: (r) => r.investor },
        { label: 'desk.col.investment', value: (r) => r.planned_investment_yuan },
      ];
    case 'clusters':
      return [
        { label: 'desk.col.name', value: named },
        { label: 'desk.col.tier', value: (r) => r.tier },
        { label: 'desk.col.memberChains', value: (r) => r.member_chains },
      ];
    case 'problems':
      return [
        { label: 'desk.col.kind', value: (r) => r.kind, translate: 'desk.kind' },
        { label: 'desk.col.title', value: (r) => r.title },
        { label: 'desk.col.owner', value: (r) => r.owner },
        { label: 'desk.col.evidence', value: (r) => r.evidence },
      ];
    case 'policies':
      return [
        { label: 'desk.col.kind', value: (r) => r.kind, translate: 'desk.kind' },
        { label: 'desk.col.title', value: (r) => r.title },
        { label: 'desk.col.level', value: (r) => r.level },
        { label: 'desk.col.amount', value: (r) => r.amount_yuan },
        { label: 'common.period', value: (r) => r.period },
      ];
  }
}

export function DeskListView({ desk, list }: { desk: string; list: ListName }) {
  const i18n = useI18n();
  const { t } = i18n;
  const url = `/api/desks/${encodeURIComponent(desk)}/lists/${list}`;
  const data = useApi(`desk-list:${desk}:${list}`, () => api<DeskList>(url));
  if (data.state === 'loading') return <p>{t('common.loading')}</p>;
  if (data.state === 'error') return <p role="alert">{t('common.error', { message: data.message })}</p>;
  const columns = columnsOf(list, (zh, en) => i18n.name(zh as string | null, en as string | null));
  const show = (c: Column, r: Record<string, Cell>) => {
    const v = c.value(r);
    if (v === null || v === undefined || v === '') return t('desk.notRecorded');
    if (c.translate) return t(`${c.translate}.${v}` as MessageKey);
    return typeof v === 'number' ? i18n.number(v) : String(v);
  };
  return (
    <div data-testid={`desk-list-${list}`}>
      <p className="controls">
        <span data-testid="list-total">{t('desk.rows', { n: i18n.number(data.data.total) })}</span>
        <a href={`${url}?format=xlsx`} download>
          {t('desk.download')} XLSX
        </a>
        <a href={`${url}?format=csv`} download>
          CSV
        </a>
      </p>
      {data.data.total === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <table className="desk-table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.label}>{t(c.label)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.data.rows.map((r) => (
              <tr
                key={`${r.kind ?? ''}-${r.key ?? r.code ?? r.name_zh}-${r.node ?? ''}-${r.region ?? ''}`}
                title={(r.quote as string) ?? undefined}
              >
                {columns.map((c) => (
                  <td key={c.label}>{show(c, r)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
