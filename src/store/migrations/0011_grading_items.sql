-- Grading results keep each item as five numbers instead of its breakdown as text (issue 14).
--
-- A run wrote every enterprise's breakdown as JSON with the indicator names, the arithmetic as text and
-- the figures: about 1 kB a result, and for a province of 50,000 enterprises most of a run's time went
-- into writing it (4 of 6 s on the embedded store). Everything in that text follows from the run's scheme
-- (kept in grading_run.scheme) and five numbers per item, so a result now keeps only those:
--
--   items: one array per formula item, in the formula's order:
--          [numerator figure, denominator figure, benchmark, points, state]
--          (null where a figure or number is missing; state as in src/analytics/per-mu-grading.ts ITEM:
--          0 computed, 1 missing, 2 zero-filled, 3 class-average-filled, 4 no benchmark)
--   adjustment: the bonus and penalty points counted
--
-- The list of missing figures goes too: it is the items whose numerator or denominator is null, named
-- by the scheme (missingFigures in per-mu-grading.ts), and parsing a text[] per row cost the write more.
--
-- json, not jsonb: it is written once per run and read whole, never searched inside, and json only
-- checks the text where jsonb would parse it into its binary form (a third slower on the embedded store).
alter table grading_result add column items json;
alter table grading_result add column adjustment double precision not null default 0;

update grading_result g set
  adjustment = coalesce((g.breakdown ->> 'adjustment')::double precision, 0),
  items = coalesce((
    select json_agg(json_build_array(
        x.item -> 'numerator' -> 'value',
        x.item -> 'denominator' -> 'value',
        x.item -> 'benchmark',
        x.item -> 'points',
        case x.item ->> 'state'
          when 'computed' then 0 when 'missing' then 1 when 'zero_filled' then 2
          when 'average_filled' then 3 when 'no_benchmark' then 4 end) order by x.position)
    from jsonb_array_elements(g.breakdown -> 'items') with ordinality as x(item, position)), '[]'::json);

alter table grading_result alter column items set not null;
alter table grading_result drop column breakdown;
alter table grading_result drop column missing;
