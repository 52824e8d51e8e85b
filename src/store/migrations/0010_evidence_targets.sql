-- A proposed figure accepted as a target links to it by column, as one accepted as an indicator does
-- (docs/evidence.md, "Review queue and conflicts"). Until now evidence_fact had columns for indicators
-- only, so review.ts wrote the target into the fact's note — "target N" once accepted, "target N: stored
-- value … ≠ …" for a conflict — and read it back with a regular expression. A note is free text (a
-- reviewer's reject note replaced it), carries no foreign key (a deleted target left a dangling number)
-- and cannot be joined on without parsing.
--
-- target_id: the target the figure became or was linked to (status accepted).
-- conflict_target_id: the stored target whose different value made the figure a conflict.
-- Deleting a target unlinks its facts (set null) rather than deleting what the analyst reviewed, like a
-- chain desk goal's target_id (0009). indicator_id / conflict_indicator_id carry no foreign key only
-- because indicator's key is (region_id, id); target's is id alone.
alter table evidence_fact add column target_id integer references target (id) on delete set null;
alter table evidence_fact add column conflict_target_id integer references target (id) on delete set null;

-- Backfill from the notes review.ts wrote, and clear them: "target N" goes entirely; a conflict keeps its
-- reason in the form an indicator's conflict is written ("stored value … ≠ …"). Ids are compared as text,
-- so a number too large for an integer cannot fail the upgrade; a note naming a target that no longer
-- exists links nothing (as "on delete set null" would have left it) and is cleared all the same.
update evidence_fact f set target_id = t.id
from target t
where f.note ~ '^target [0-9]+$' and t.id::text = substring(f.note from '^target ([0-9]+)$');

update evidence_fact f set conflict_target_id = t.id
from target t
where f.note ~ '^target [0-9]+: stored value ' and t.id::text = substring(f.note from '^target ([0-9]+): ');

update evidence_fact set note = null where note ~ '^target [0-9]+$';
update evidence_fact set note = substring(note from '^target [0-9]+: (stored value .*)$')
where note ~ '^target [0-9]+: stored value ';
