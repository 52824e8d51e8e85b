-- Metrics the platform itself writes (enterprise figures from an enterprise import) or reads (analytics,
-- land efficiency). Users add their own with a metrics import; these codes are reserved.
insert into metric (code, name_zh, name_en, unit, description, source) values
  ('revenue', '营业收入', 'Operating revenue', 'yuan', 'An enterprise''s or a park''s operating revenue.', 'built-in'),
  ('tax', '税收', 'Tax paid', 'yuan', 'Taxes paid (total tax revenue contributed).', 'built-in'),
  ('output_value', '产值', 'Output value', 'yuan', 'Gross output value (industrial output value for industry).', 'built-in'),
  ('value_added', '增加值', 'Value added', 'yuan', 'Value added.', 'built-in'),
  ('employees', '从业人员', 'Employees', 'person', 'Persons employed at year end.', 'built-in'),
  ('land_area', '用地面积', 'Land area', 'ha', 'Land used, in hectares (mu kept as the original figure).', 'built-in'),
  ('employment', '就业人数', 'Employment', 'person', 'Employment by region and industry (analytics input).', 'built-in'),
  ('exports', '出口额', 'Exports', 'yuan', 'Exports (analytics input for RCA when by product).', 'built-in'),
  ('gdp', '地区生产总值', 'Gross domestic product', 'yuan', 'GDP of a region.', 'built-in'),
  ('population', '常住人口', 'Resident population', 'person', 'Resident population (for RPOP).', 'built-in')
on conflict (code) do nothing;
