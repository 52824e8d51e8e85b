-- A result's items (0011: per formula item [numerator, denominator, benchmark, points, state]) become
-- one array of numbers, five per item in the same order, null where 0011 held null:
--
--   items json              [[24.5, 1.2, 24.097, 30.5, 0], [null, 1.2, 7.1, null, 1]]
--   items double precision[] {24.5,1.2,24.097,30.5,0,NULL,1.2,7.1,NULL,1}
--
-- A grading run writes them by binary COPY (src/store/copy-binary.ts), where each number is its eight
-- bytes: as JSON text, 50,000 results' million numbers were formatted to digits and parsed back, which
-- took longer than storing the rows. Readers regroup them by five (storedItemsOf in per-mu-grading.ts).
alter table grading_result add column item_numbers double precision[];
update grading_result g set item_numbers = coalesce((
  select array_agg(x.number::double precision order by i.position, x.place)
  from json_array_elements(g.items) with ordinality as i(item, position),
       json_array_elements_text(i.item) with ordinality as x(number, place)), '{}');
alter table grading_result drop column items;
alter table grading_result rename column item_numbers to items;
alter table grading_result alter column items set not null;
