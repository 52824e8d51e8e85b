-- A grading run writes one result per enterprise in one COPY: 50,000 rows for a province. The two
-- foreign keys of grading_result (to its run and to its enterprise) checked them one row at a time, each
-- check a query of its own, and on the embedded store each such query also asks the file system for a
-- file's size: together half of the run's write (measured: 1.3–1.5 s → 0.7–0.9 s for 50,000 results).
-- The same guarantees now hold per statement, as the indicator table's do (0001): one check of all the
-- rows a statement wrote, and the cascades as triggers on the tables referred to.
--
-- What each foreign key did, and what does it now:
--   a result names a run and an enterprise that exist      → grading_result_check_references, after each
--                                                             insert or update statement
--   a concurrent transaction may not delete the run or the → the check locks the runs and enterprises it
--     enterprise before the result commits                   found (for key share, as a foreign key does)
--   deleting a run or an enterprise deletes its results    → delete_grading_results, a trigger on each
--   a run's or an enterprise's id never changes under      → ids are identities nobody updates; a change
--     its results                                             of either is refused
-- A restore (services/backup/restore-backup.ts) disables user triggers while it writes rows that were
-- checked when first written, as it already did for the other triggers.
alter table grading_result drop constraint grading_result_run_id_fkey;
alter table grading_result drop constraint grading_result_enterprise_id_fkey;

-- enable_nestloop off: the statement's rows are a transition table the planner knows nothing of; a nested
-- loop would look up 50,000 enterprises one at a time, which is what this replaces. Hash joins read the
-- enterprise table once.
create function grading_result_check_references() returns trigger language plpgsql
set enable_nestloop = off as $$
declare
  missing_run integer;
  missing_enterprise bigint;
begin
  perform 1 from grading_run r where r.id in (select run_id from written_results) for key share of r;
  select n.run_id into missing_run from written_results n
    where not exists (select 1 from grading_run r where r.id = n.run_id) limit 1;
  if found then
    raise exception foreign_key_violation using
      message = format('grading_result names grading run %s, which does not exist', missing_run);
  end if;
  perform 1 from enterprise e where e.id in (select enterprise_id from written_results) for key share of e;
  select n.enterprise_id into missing_enterprise from written_results n
    where not exists (select 1 from enterprise e where e.id = n.enterprise_id) limit 1;
  if found then
    raise exception foreign_key_violation using
      message = format('grading_result names enterprise %s, which does not exist', missing_enterprise);
  end if;
  return null;
end $$;
-- (A trigger with a transition table serves one event: one for inserts, one for updates.)
create trigger grading_result_references_on_insert after insert on grading_result
  referencing new table as written_results
  for each statement execute function grading_result_check_references();
create trigger grading_result_references_on_update after update on grading_result
  referencing new table as written_results
  for each statement execute function grading_result_check_references();

-- Deleting runs or enterprises deletes their results, once per statement.
create function delete_grading_results() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'grading_run' then
    delete from grading_result g using deleted_rows d where g.run_id = d.id;
  else
    delete from grading_result g using deleted_rows d where g.enterprise_id = d.id;
  end if;
  return null;
end $$;
create trigger grading_run_delete_results after delete on grading_run
  referencing old table as deleted_rows for each statement execute function delete_grading_results();
create trigger enterprise_delete_grading_results after delete on enterprise
  referencing old table as deleted_rows for each statement execute function delete_grading_results();

create function refuse_id_change() returns trigger language plpgsql as $$
begin
  raise exception foreign_key_violation using
    message = format('the id of a %s does not change (%s → %s): grading results refer to it', tg_table_name, old.id, new.id);
end $$;
create trigger grading_run_id_fixed before update of id on grading_run
  for each row when (old.id is distinct from new.id) execute function refuse_id_change();
create trigger enterprise_id_fixed before update of id on enterprise
  for each row when (old.id is distinct from new.id) execute function refuse_id_change();
