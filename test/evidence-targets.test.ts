/**
 * A figure accepted as a target is linked by column (evidence_fact.target_id, conflict_target_id;
 * migration 0010), on both stores: the review outcomes set them, a deleted target unlinks, and the
 * upgrade backfills them from the "target N" notes review.ts used to write.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreBackup } from '../src/services/backup/restore-backup.ts';
import { writeBackup } from '../src/services/backup/write-backup.ts';
import { acceptFact, listConflicts, listFacts } from '../src/services/evidence/review.ts';
import { migrate } from '../src/store/migrate.ts';
import type { Store } from '../src/store/open-store.ts';
import { tableFingerprint } from './helpers/fingerprint.ts';
import { storeKinds } from './helpers/stores.ts';

const REGION = 'EV-TARGETS';

interface Links {
  status: string;
  target_id: number | null;
  conflict_target_id: number | null;
  indicator_id: number | null;
  note: string | null;
}

for (const kind of storeKinds()) {
  describe(`evidence facts linked to targets (${kind.name})`, () => {
    let store: Store;
    let documentId: number;
    let regionId: number;
    let seq = 0;

    beforeAll(async () => {
      store = await kind.open();
      [{ id: regionId }] = (await store.db.query<{ id: number }>(
        `insert into region (code, level, name_zh, name_en) values ($1, 'province', '测试省', 'Test province')
         returning id`,
        [REGION],
      )) as [{ id: number }];
      [{ id: documentId }] = (await store.db.query<{ id: number }>(
        `insert into document (code, title, language, body, region_id) values ('ev-targets', 'Goals', 'en', '', $1)
         returning id`,
        [regionId],
      )) as [{ id: number }];
    }, 120_000);
    afterAll(async () => store?.close());

    /** A proposed figure as the extractor stores it: GDP of the test region due in `period`. */
    async function propose(value: number, period: string, sentence: string, note: string | null = null) {
      seq += 100;
      const start = seq;
      const [row] = await store.db.query<{ id: number }>(
        `insert into evidence_fact (document_id, start_offset, end_offset, figure_text, value, unit, figure_kind,
           period, entity_kind, entity_code, metric_code, sentence, sentence_start, sentence_end, note)
         values ($1, $2, $2 + 5, $3, $4, 'yuan', 'amount', $5, 'region', $6, 'gdp', $7, $2, $2 + 50, $8)
         returning id`,
        [documentId, start, `${value}`, value, period, REGION, sentence, note],
      );
      return row!.id;
    }
    const links = async (id: number) =>
      (
        await store.db.query<Links>(
          'select status, target_id, conflict_target_id, indicator_id, note from evidence_fact where id = $1',
          [id],
        )
      )[0]!;
    const targetCount = async (period: string) =>
      (
        await store.db.query<{ n: number }>(
          `select count(*)::int as n from target t join metric m on m.id = t.metric_id
           where t.entity_kind = 'region' and t.entity_id = $1 and m.code = 'gdp' and t.due_period = $2`,
          [regionId, period],
        )
      )[0]!.n;

    it('accepting sets target_id (twice: once); an equal target links; a different one is a conflict by column', async () => {
      const goal = 'By 2030 the GDP of the test province is expected to reach 500 billion yuan.';
      const first = await propose(5e11, '2030', goal);
      const created = await acceptFact(store.db, first, 'tester', { as: 'target' });
      expect(created).toMatchObject({ outcome: 'created', as: 'target', indicatorId: null });
      const targetId = created.targetId!;
      expect(await links(first)).toEqual({
        status: 'accepted',
        target_id: targetId,
        conflict_target_id: null,
        indicator_id: null,
        note: null,
      });
      expect(await acceptFact(store.db, first, 'tester')).toMatchObject({
        outcome: 'already_accepted',
        as: 'target',
        targetId,
      });
      expect(await targetCount('2030')).toBe(1);

      const same = await propose(5e11, '2030', 'The province aims at 500 billion yuan of GDP by 2030.');
      expect(await acceptFact(store.db, same, 'tester', { as: 'target' })).toMatchObject({
        outcome: 'same_value_linked',
        targetId,
      });
      expect((await links(same)).target_id).toBe(targetId);

      const otherSentence = 'By 2030 the GDP of the test province is expected to reach 600 billion yuan.';
      const other = await propose(6e11, '2030', otherSentence);
      const conflict = await acceptFact(store.db, other, 'tester', { as: 'target' });
      expect(conflict).toMatchObject({ outcome: 'conflict', targetId });
      expect(await links(other)).toEqual({
        status: 'conflict',
        target_id: null,
        conflict_target_id: targetId,
        indicator_id: null,
        note: 'stored value 500000000000 ≠ 600000000000 yuan',
      });
      // The API's one field: the accepted target, or the conflicting one.
      const facts = await listFacts(store.db, { documentCode: 'ev-targets' });
      expect(facts.find((f) => f.id === other)).toMatchObject({ status: 'conflict', target_id: targetId });
      expect((await listConflicts(store.db)).find((c) => c.factId === other)).toMatchObject({
        storedAs: 'target',
        proposed: { value: 6e11, sentence: otherSentence },
        stored: { value: 5e11, sentence: goal },
      });
      expect(await targetCount('2030')).toBe(1);

      // Corrected to the stored value, the conflict is accepted as a target again (it is linked to one).
      expect(await acceptFact(store.db, other, 'tester', { value: 5e11 })).toMatchObject({
        outcome: 'same_value_linked',
        as: 'target',
        targetId,
      });
      expect(await links(other)).toMatchObject({
        status: 'accepted',
        target_id: targetId,
        conflict_target_id: null,
      });
      expect((await listConflicts(store.db)).some((c) => c.factId === other)).toBe(false);

      // Accepted as an indicator instead, it keeps no target link.
      const asIndicator = await acceptFact(store.db, same, 'tester', { as: 'indicator', period: '2024' });
      expect(asIndicator).toMatchObject({ outcome: 'created', as: 'indicator', targetId: null });
      expect(await links(same)).toMatchObject({ target_id: null, conflict_target_id: null });
      expect(asIndicator.fact.target_id).toBeNull();
    });

    it('a backup restores the links (evidence_fact after target)', async () => {
      const work = mkdtempSync(join(tmpdir(), 'chainatlas-evidence-targets-'));
      const copy = await kind.open();
      try {
        const file = join(work, 'links.backup.gz');
        await writeBackup(store.db, createWriteStream(file));
        await restoreBackup(copy.db, file);
        expect(await tableFingerprint(copy.db)).toEqual(await tableFingerprint(store.db));
        const linked = (db: Store['db']) =>
          db.query(
            `select f.id, f.target_id, f.conflict_target_id from evidence_fact f
             join target t on t.id = coalesce(f.target_id, f.conflict_target_id) order by f.id`,
          );
        // The first test leaves two facts accepted as its target.
        expect(await linked(copy.db)).toHaveLength(2);
        expect(await linked(copy.db)).toEqual(await linked(store.db));
      } finally {
        await copy.close();
        rmSync(work, { recursive: true, force: true });
      }
    }, 120_000);

    it('deleting a target unlinks its facts and leaves them reviewed', async () => {
      const fact = await propose(7e11, '2031', 'By 2031 the GDP is expected to reach 700 billion yuan.');
      const conflicting = await propose(
        8e11,
        '2031',
        'By 2031 the GDP is expected to reach 800 billion yuan.',
      );
      const { targetId } = await acceptFact(store.db, fact, 'tester', { as: 'target' });
      expect((await acceptFact(store.db, conflicting, 'tester', { as: 'target' })).outcome).toBe('conflict');
      await store.db.query('delete from target where id = $1', [targetId]);
      expect(await links(fact)).toMatchObject({ status: 'accepted', target_id: null });
      expect(await links(conflicting)).toMatchObject({ status: 'conflict', conflict_target_id: null });
    });

    it('the upgrade to 0010 moves "target N" notes into the columns and clears them', async () => {
      const [{ id: targetId }] = (await store.db.query<{ id: number }>(
        `insert into target (region_id, entity_kind, entity_id, metric_id, value, unit, due_period, due_end, quote)
         select $1::int, 'region', $1::int, id, 9e11, 'yuan', '2032', '2032-12-31', 'The stored goal.' from metric
         where code = 'gdp' returning id`,
        [regionId],
      )) as [{ id: number }];
      // The store as it was before 0010, with the notes review.ts wrote then.
      await store.db.exec(
        `alter table evidence_fact drop column target_id, drop column conflict_target_id;
         delete from schema_migration where version = '0010'`,
      );
      const sentence = 'By 2032 the GDP is expected to reach 900 billion yuan.';
      const accepted = await propose(9e11, '2032', sentence, `target ${targetId}`);
      const conflictSentence = 'By 2032 the GDP is expected to reach 950 billion yuan.';
      const conflict = await propose(
        9.5e11,
        '2032',
        conflictSentence,
        `target ${targetId}: stored value 900000000000 ≠ 950000000000 yuan`,
      );
      const gone = await propose(9e11, '2033', sentence, 'target 99999999999');
      const goneConflict = await propose(9.5e11, '2033', sentence, 'target 424242: stored value 1 ≠ 2 yuan');
      const reviewerNote = await propose(9e11, '2034', sentence, 'target figure looks off');
      await store.db.query(`update evidence_fact set status = 'accepted' where id = any ($1::int[])`, [
        [accepted, gone],
      ]);
      await store.db.query(`update evidence_fact set status = 'conflict' where id = any ($1::int[])`, [
        [conflict, goneConflict],
      ]);

      expect((await migrate(store.db)).applied).toEqual(['0010_evidence_targets']);

      expect(await links(accepted)).toMatchObject({
        target_id: targetId,
        conflict_target_id: null,
        note: null,
      });
      expect(await links(conflict)).toMatchObject({
        target_id: null,
        conflict_target_id: targetId,
        note: 'stored value 900000000000 ≠ 950000000000 yuan',
      });
      expect(await links(gone)).toMatchObject({ target_id: null, note: null });
      expect(await links(goneConflict)).toMatchObject({
        conflict_target_id: null,
        note: 'stored value 1 ≠ 2 yuan',
      });
      expect(await links(reviewerNote)).toMatchObject({ target_id: null, note: 'target figure looks off' });

      // Read through the review queue as before: the accepted one re-accepts as its target, the
      // conflict is listed with both sentences.
      expect(await acceptFact(store.db, accepted, 'tester')).toMatchObject({
        outcome: 'already_accepted',
        as: 'target',
        targetId,
      });
      expect((await listConflicts(store.db)).find((c) => c.factId === conflict)).toMatchObject({
        storedAs: 'target',
        proposed: { sentence: conflictSentence },
        stored: { value: 9e11, sentence: 'The stored goal.' },
      });
    });
  });
}
