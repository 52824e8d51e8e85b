/**
 * Each project's warning light by the rules in data/governance/warning-lights.yaml, as of the clock given:
 * the list for the park's weekly meeting, red first.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type LightRules, parseLightRules, projectLight } from '../../domain/governance/warning-lights.ts';
import type { Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import { num, visibleFilter } from '../operations/common.ts';

const RULES_FILE = fileURLToPath(new URL('../../../data/governance/warning-lights.yaml', import.meta.url));

export function lightRules(): LightRules {
  return parseLightRules(readFileSync(RULES_FILE, 'utf8'), 'data/governance/warning-lights.yaml');
}

const ORDER = { red: 0, amber: 1, unknown: 2, green: 3, none: 4 } as const;

export async function projectLights(
  db: Queryable,
  visibility: Visibility,
  today: string,
  filters: { park_code?: string; light?: string } = {},
) {
  const rules = lightRules();
  const params: unknown[] = [filters.park_code ?? null];
  const visible = visibleFilter('projects', 'p.id', visibility, params);
  const rows = await db.query<Record<string, unknown>>(
    `select p.code, p.name_zh, p.name_en, k.code as park_code, coalesce(e.name_zh, p.investor_name) as investor,
       p.stage, p.start_date::text, p.due_date::text, p.planned_investment_yuan, p.completed_investment_yuan, p.blockers
     from project p left join park k on k.id = p.park_id left join enterprise e on e.id = p.investor_id
     where ($1::text is null or k.code = $1) and ${visible} order by p.code`,
    params as never[],
  );
  const items = rows
    .map((r) => ({
      code: r.code as string,
      name_zh: r.name_zh as string,
      name_en: r.name_en as string | null,
      park_code: r.park_code as string | null,
      investor: r.investor as string | null,
      stage: r.stage as string,
      start_date: r.start_date as string | null,
      due_date: r.due_date as string | null,
      blockers: r.blockers as string | null,
      ...projectLight(
        rules,
        {
          stage: r.stage as string,
          start_date: r.start_date as string | null,
          due_date: r.due_date as string | null,
          planned_investment_yuan: num(r.planned_investment_yuan),
          completed_investment_yuan: num(r.completed_investment_yuan),
        },
        today,
      ),
    }))
    .filter((p) => !filters.light || p.light === filters.light)
    .sort((a, b) => ORDER[a.light] - ORDER[b.light] || a.code.localeCompare(b.code));
  const counts = { red: 0, amber: 0, green: 0, unknown: 0, none: 0 };
  for (const p of items) counts[p.light]++;
  return { as_of: today, rules: rules.rules, counts, items };
}
