/**
 * Units and currencies written after a figure (and its scale). Each maps to a unit code of
 * data/reference/units.csv, so an accepted figure is normalized by the same unit table as imports.
 * Connecting words between the scale and the unit ("de yuans", "d'", "of") are skipped.
 */
export interface UnitWord {
  pattern: string;
  unit: string;
  kind:
    | 'money'
    | 'percent'
    | 'pp'
    | 'area'
    | 'count'
    | 'vehicles'
    | 'days'
    | 'volume_rate'
    | 'money_per_area';
}

export const UNIT_WORDS: UnitWord[] = [
  {
    pattern: '元\\s*/\\s*亩|yuans?\\s*/\\s*mu|yuans? per mu|yuans? par mu|юана\\s*/\\s*му',
    unit: 'yuan_per_mu',
    kind: 'money_per_area',
  },
  { pattern: '元人民币|元|人民币|yuans?\\b|rmb\\b|cny\\b|юана|юан|يوان', unit: 'yuan', kind: 'money' },
  {
    pattern: '美元|(?:us )?dollars?\\b|usd\\b|us\\$|dollars? américains|долара|долар|دولار',
    unit: 'usd',
    kind: 'money',
  },
  {
    pattern:
      '个百分点|百分点|percentage points?|points? de pourcentage|процентни пункта|процентен пункт|نقطة مئوية|نقاط مئوية',
    unit: 'pp',
    kind: 'pp',
  },
  {
    pattern: '%|pour cent|per ?cent\\b|процента|процент|بالمئة|بالمائة|في المائة',
    unit: 'percent',
    kind: 'percent',
  },
  { pattern: '公顷|hectares?\\b|ha\\b|хектара|هكتار', unit: 'ha', kind: 'area' },
  { pattern: '亩|mu\\b|му\\b', unit: 'mu', kind: 'area' },
  { pattern: 'm³|m3\\b|立方米|mètres cubes|cubic met(?:re|er)s', unit: 'm3_per_day', kind: 'volume_rate' },
  {
    pattern: '辆|vehicles?\\b|véhicules?|автомобила|автомобили|превозни средства|سيارة|سيارات|مركبة',
    unit: 'vehicle',
    kind: 'vehicles',
  },
  { pattern: '人|people\\b|persons\\b|personnes|души|човека|شخص|أشخاص', unit: 'person', kind: 'count' },
  { pattern: '天|days?\\b|jours?\\b|дни|дена|يوما|يومًا|أيام|يوم', unit: 'day', kind: 'days' },
];

/** Reads a unit at the start of `text` (after spaces and "de"/"d'"/"of"). */
export function readUnit(text: string): { unit: UnitWord; length: number; word: string } | null {
  const lead = /^[\s\u00a0]*(?:(?:de|d'|d’|of)\s*)?/iu.exec(text)?.[0].length ?? 0;
  const rest = text.slice(lead);
  for (const unit of UNIT_WORDS) {
    const m = new RegExp(`^(?:${unit.pattern})`, 'iu').exec(rest);
    if (m) return { unit, length: lead + m[0].length, word: m[0] };
  }
  return null;
}
