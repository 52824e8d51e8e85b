/**
 * Chain desks over HTTP (thin: services/desk/ does the work; docs/chain-desk.md):
 * - GET  /api/desks, /api/desks/:desk — desks the caller sees; one desk's chain chief system;
 * - GET  /api/desks/:desk/maps/:map — chain, technology, applications, regions, attraction;
 * - GET  /api/desks/:desk/lists/:list?format=json|csv|xlsx — enterprises, projects, clusters, problems, policies;
 * - GET  /api/desks/:desk/book?period=&format=&lang= — the chain book (preview against the last edition);
 * - GET/POST /api/desks/:desk/editions — the book's editions; issuing one stores its snapshot and changes;
 * - PATCH /api/desks/:desk, POST/DELETE /api/desks/:desk/members — the chain chief system;
 * - POST /api/desks/:desk/roadmap — import a technology roadmap (YAML, JSON, CSV or XLSX);
 * - POST /api/desks/import — import desks (YAML/JSON, kind chain_desks);
 * - GET  /api/chief-dashboard?chief= — all of a chief's chains on one screen.
 * Changes to a desk need access "desk": a writer whose scope covers it, or a chain office member of it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { writeScopeOf } from '../../services/accounts/subject.ts';
import { recordAudit } from '../../services/audit.ts';
import { chiefDashboard } from '../../services/desk/chief-dashboard.ts';
import { buildChainBook, issueChainBook, listEditions } from '../../services/desk/desk-book.ts';
import { BOOK_FORMATS, renderChainBook } from '../../services/desk/desk-book-render.ts';
import { importDesksInto, importRoadmapInto } from '../../services/desk/desk-files.ts';
import {
  DESK_LISTS,
  deskList,
  deskListCsv,
  deskListFileName,
  deskListXlsx,
  LIST_FORMATS,
} from '../../services/desk/desk-lists.ts';
import { DESK_MAPS, deskMap } from '../../services/desk/desk-maps.ts';
import {
  assertCanEditDesk,
  canEditDesk,
  DeskRequestError,
  listDesks,
  loadDesk,
  resolveDesk,
} from '../../services/desk/desk-store.ts';
import { REPORT_LANGUAGES, type ReportLanguage } from '../../services/reports/dictionary.ts';
import { ChromiumMissingError } from '../../services/reports/render-pdf.ts';
import type { Db } from '../../store/db.ts';
import { actorOf, callerVisibility } from '../auth/access.ts';

const errorResponse = z.object({ error: z.string() });
/** An answer described in docs/chain-desk.md and typed in services/desk/ (kept whole by the serializer). */
const answer = z.looseObject({});
const deskParam = z.object({
  desk: z.string().min(1).describe('a desk code (LJ-HUAPING-PV) or chain@scope (pv-silicon@LJ-HUAPING)'),
});
const LANGS = [...REPORT_LANGUAGES, 'zh'] as const;
/** `zh` is accepted for zh-CN, as users type it. */
const language = (lang: (typeof LANGS)[number]): ReportLanguage => (lang === 'zh' ? 'zh-CN' : lang);
const person = z.object({
  kind: z.enum(['deputy', 'office_member', 'chain_master', 'partner']),
  name: z.string().min(1),
  title: z.string().optional(),
  department: z.string().optional(),
  park: z.string().optional(),
  role: z.string().optional(),
  institution_kind: z
    .enum(['university', 'lab', 'institute', 'association', 'exchange', 'consortium', 'other'])
    .optional(),
  source: z.string().optional(),
  quote: z.string().optional(),
});

export function registerChainDeskRoutes(app: FastifyInstance, db: Db, options: { now?: () => Date } = {}) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const now = () => options.now?.() ?? new Date();
  const today = () => now().toISOString().slice(0, 10);
  const visible = async (request: FastifyRequest, desk: string) =>
    resolveDesk(db, desk, await callerVisibility(db, request));

  typed.get(
    '/api/desks',
    {
      config: { access: 'read' },
      schema: { tags: ['desks'], summary: 'Chain desks the caller sees (chain × region or park)' },
    },
    async (request) => {
      const visibility = await callerVisibility(db, request);
      const desks = await listDesks(db, visibility);
      const items = [];
      for (const d of desks) {
        const full = await loadDesk(db, d);
        items.push({
          key: d.code,
          code: d.code,
          chain: d.chain,
          scope: d.scope,
          chief: full.chief,
          editable: request.auth ? await canEditDesk(db, request.auth.subject, d) : false,
        });
      }
      return { items, total: items.length };
    },
  );

  typed.get(
    '/api/desks/:desk',
    {
      config: { access: 'read' },
      schema: {
        tags: ['desks'],
        summary: 'A chain desk: chief, deputies, chain office, chain masters, partners, yearly goals',
        params: deskParam,
        response: { 200: answer, 404: errorResponse },
      },
    },
    async (request) => {
      const desk = await visible(request, request.params.desk);
      return {
        ...(await loadDesk(db, desk)),
        editable: await canEditDesk(db, request.auth!.subject, desk),
      };
    },
  );

  typed.get(
    '/api/desks/:desk/maps/:map',
    {
      config: { access: 'read' },
      schema: {
        tags: ['desks'],
        summary: 'One of the five maps of a chain desk',
        description:
          'chain: the template DAG with the scope’s status per node; technology: key technologies per node with ' +
          'maturity, dependence, bottleneck flag, institutions and tasks by year; applications: downstream markets; ' +
          'regions: enterprises and parks at their region’s centroid by node and role, with neighbours; ' +
          'attraction: targets of the opportunities engine by node and by region, nearest first.',
        params: deskParam.extend({ map: z.enum(DESK_MAPS) }),
        response: { 200: answer, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const visibility = await callerVisibility(db, request);
      const desk = await resolveDesk(db, request.params.desk, visibility);
      return deskMap(db, desk, request.params.map, visibility);
    },
  );

  typed.get(
    '/api/desks/:desk/lists/:list',
    {
      config: { access: 'read' },
      schema: {
        tags: ['desks'],
        summary: 'One of the five lists of a chain desk, as JSON, CSV or XLSX',
        description:
          'Every list has columns, rows and totals; the XLSX file holds the rows and a "totals" sheet with the same totals.',
        params: deskParam.extend({ list: z.enum(DESK_LISTS) }),
        querystring: z.object({ format: z.enum(LIST_FORMATS).default('json') }),
        response: { 200: answer, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      const desk = await visible(request, request.params.desk);
      const list = await deskList(db, desk, request.params.list, today());
      const format = request.query.format;
      if (format === 'json') return reply.send(list as never);
      const body = format === 'csv' ? Buffer.from(deskListCsv(list), 'utf8') : await deskListXlsx(list);
      return reply
        .header(
          'content-type',
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        )
        .header('content-disposition', `attachment; filename="${deskListFileName(list, format)}"`)
        .send(body as never);
    },
  );

  typed.get(
    '/api/desks/:desk/book',
    {
      config: { access: 'read' },
      schema: {
        tags: ['desks'],
        summary:
          'The chain book: five maps, five lists, and the change log (of an issued edition, or since the last one)',
        params: deskParam,
        querystring: z.object({
          period: z
            .string()
            .regex(/^\d{4}(-Q[1-4])?$/)
            .describe('2025 or 2025-Q3'),
          format: z.enum(BOOK_FORMATS).default('html'),
          lang: z.enum(LANGS).default('en'),
          edition: z.coerce
            .number()
            .int()
            .min(1)
            .optional()
            .describe('an issued edition: the book carries its number and its stored change log'),
        }),
        response: { 200: answer, 400: errorResponse, 404: errorResponse, 503: errorResponse },
      },
    },
    async (request, reply) => {
      const visibility = await callerVisibility(db, request);
      const desk = await resolveDesk(db, request.params.desk, visibility);
      const q = request.query;
      const book = await buildChainBook(db, desk, {
        period: q.period,
        today: today(),
        visibility,
        edition: q.edition,
      });
      return sendBook(reply, () => renderChainBook(book, q.format, language(q.lang)));
    },
  );

  typed.get(
    '/api/desks/:desk/editions',
    {
      config: { access: 'read' },
      schema: {
        tags: ['desks'],
        summary: 'The chain book’s editions with their change logs',
        params: deskParam,
      },
    },
    async (request) => {
      const desk = await visible(request, request.params.desk);
      const editions = await listEditions(db, desk);
      return { items: editions.map(({ snapshot: _s, ...e }) => e), total: editions.length };
    },
  );

  typed.post(
    '/api/desks/:desk/editions',
    {
      config: { access: 'desk' },
      schema: {
        tags: ['desks'],
        summary: 'Issue the next edition of the chain book (stores its snapshot and its change log)',
        params: deskParam,
        body: z.object({ period: z.string().regex(/^\d{4}(-Q[1-4])?$/) }),
        response: { 200: answer, 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const desk = await assertCanEditDesk(db, request.auth!.subject, request.params.desk);
      const book = await issueChainBook(db, desk, {
        period: request.body.period,
        today: today(),
        actor: actorOf(request),
        now: now(),
        visibility: await callerVisibility(db, request),
      });
      return { desk: desk.code, edition: book.edition, changes: book.changes };
    },
  );

  typed.patch(
    '/api/desks/:desk',
    {
      config: { access: 'desk' },
      schema: {
        tags: ['desks'],
        summary: 'Set the chief (null: not recorded) or the note of a chain desk',
        params: deskParam,
        body: z
          .object({
            chief: z
              .object({
                name: z.string().min(1),
                title: z.string().optional(),
                source: z.string().optional(),
                quote: z.string().optional(),
              })
              .nullable()
              .optional(),
            note: z.string().nullable().optional(),
          })
          .strict(),
        response: { 200: answer, 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const desk = await assertCanEditDesk(db, request.auth!.subject, request.params.desk);
      const body = request.body;
      await db.transaction(async (tx) => {
        const [before] = await tx.query<Record<string, unknown>>(
          'select chief_name, chief_title, chief_source, chief_quote, note from chain_desk where id = $1',
          [desk.id],
        );
        if (body.chief !== undefined)
          await tx.query(
            'update chain_desk set chief_name = $2, chief_title = $3, chief_source = $4, chief_quote = $5 where id = $1',
            [
              desk.id,
              body.chief?.name ?? null,
              body.chief?.title ?? null,
              body.chief?.source ?? null,
              body.chief?.quote ?? null,
            ],
          );
        if (body.note !== undefined)
          await tx.query('update chain_desk set note = $2 where id = $1', [desk.id, body.note]);
        await recordAudit(tx, actorOf(request), 'update', 'chain_desk', desk.code, before, body);
      });
      return { ...(await loadDesk(db, desk)) };
    },
  );

  typed.post(
    '/api/desks/:desk/members',
    {
      config: { access: 'desk' },
      schema: {
        tags: ['desks'],
        summary: 'Add a deputy chief, chain office member, chain master or partner institution',
        params: deskParam,
        body: person,
        response: {
          200: answer,
          400: errorResponse,
          403: errorResponse,
          404: errorResponse,
          409: errorResponse,
        },
      },
    },
    async (request, reply) => {
      const desk = await assertCanEditDesk(db, request.auth!.subject, request.params.desk);
      const p = request.body;
      const id = await db.transaction(async (tx) => {
        const park = p.park
          ? (await tx.query<{ id: number }>('select id from park where code = $1', [p.park]))[0]
          : undefined;
        if (p.park && !park) throw new DeskRequestError(`no park ${p.park}`, 400);
        const enterprise =
          p.kind === 'chain_master'
            ? (
                await tx.query<{ id: number }>(
                  'select id from enterprise where credit_code = $1 or name_zh = $1 or name_en = $1',
                  [p.name],
                )
              )[0]
            : undefined;
        if (p.kind === 'chain_master' && !enterprise)
          throw new DeskRequestError(
            `a chain master is an imported enterprise; no enterprise ${p.name}`,
            400,
          );
        const rows = await tx.query<{ id: number }>(
          `insert into chain_desk_member (desk_id, kind, name, title, department, park_id, role, enterprise_id,
             institution_kind, source, quote) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           on conflict (desk_id, kind, name) do nothing returning id`,
          [
            desk.id,
            p.kind,
            p.name,
            p.title ?? null,
            p.department ?? null,
            park?.id ?? null,
            p.role ?? null,
            enterprise?.id ?? null,
            p.institution_kind ?? null,
            p.source ?? null,
            p.quote ?? null,
          ],
        );
        if (!rows[0]) return null;
        await recordAudit(tx, actorOf(request), 'create', 'chain_desk_member', rows[0].id, null, {
          desk: desk.code,
          ...p,
        });
        return Number(rows[0].id);
      });
      if (id === null)
        return reply.status(409).send({ error: `${p.name} is already a ${p.kind} of ${desk.code}` } as never);
      return { id, desk: desk.code, ...p };
    },
  );

  typed.delete(
    '/api/desks/:desk/members/:id',
    {
      config: { access: 'desk' },
      schema: {
        tags: ['desks'],
        summary: 'Remove someone from a chain desk',
        params: deskParam.extend({ id: z.coerce.number().int() }),
        response: { 200: answer, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const desk = await assertCanEditDesk(db, request.auth!.subject, request.params.desk);
      await db.transaction(async (tx) => {
        const [before] = await tx.query<Record<string, unknown>>(
          'delete from chain_desk_member where id = $1 and desk_id = $2 returning *',
          [request.params.id, desk.id],
        );
        if (!before) throw new DeskRequestError(`no member ${request.params.id} on ${desk.code}`);
        await recordAudit(
          tx,
          actorOf(request),
          'delete',
          'chain_desk_member',
          request.params.id,
          before,
          null,
        );
      });
      return { deleted: request.params.id };
    },
  );

  typed.post(
    '/api/desks/:desk/roadmap',
    {
      config: { access: 'desk' },
      schema: {
        tags: ['desks'],
        summary: 'Import the desk’s technology roadmap (multipart field "file"; YAML, JSON, CSV or XLSX)',
        description:
          'Replaces the roadmap whole, or changes nothing: every unknown node, bad year or maturity level outside ' +
          '1–9 is listed with its file, line (YAML) or row, column and what was expected (422).',
        params: deskParam,
        consumes: ['multipart/form-data'],
        response: { 200: answer, 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      const desk = await assertCanEditDesk(db, request.auth!.subject, request.params.desk);
      const file = await request.file();
      if (!file)
        return reply
          .status(400)
          .send({ error: 'no file: send it as multipart/form-data in a field named "file"' } as never);
      const data = await file.toBuffer();
      const summary = await db.transaction((tx) =>
        importRoadmapInto(tx, desk, { name: file.filename, data }, actorOf(request)),
      );
      return { ...summary };
    },
  );

  typed.post(
    '/api/desks/import',
    {
      config: { access: 'write' },
      schema: {
        tags: ['desks'],
        summary: 'Import chain desks (multipart field "file"; YAML or JSON with kind chain_desks)',
        consumes: ['multipart/form-data'],
        response: { 200: answer, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request, reply) => {
      const file = await request.file();
      if (!file)
        return reply
          .status(400)
          .send({ error: 'no file: send it as multipart/form-data in a field named "file"' } as never);
      const data = await file.toBuffer();
      const subject = request.auth!.subject;
      return db.transaction(async (tx) => {
        const summary = await importDesksInto(tx, { name: file.filename, data }, actorOf(request));
        const scope = await writeScopeOf(tx, subject);
        if (!scope.all)
          for (const code of summary.desks) {
            const desk = await resolveDesk(tx, code);
            if (!(await canEditDesk(tx, subject, desk)))
              throw new DeskRequestError(
                `desk ${code} lies outside your regions or parks; nothing was imported`,
                403,
              );
          }
        return { ...summary };
      });
    },
  );

  typed.get(
    '/api/chief-dashboard',
    {
      config: { access: 'read' },
      schema: {
        tags: ['desks'],
        summary: 'A chief’s chains on one screen, with the next meeting’s agenda drafted',
        querystring: z.object({
          chief: z
            .string()
            .optional()
            .describe('the chief’s name as recorded on the desks (default: every desk)'),
        }),
      },
    },
    async (request) =>
      chiefDashboard(db, {
        chief: request.query.chief,
        visibility: await callerVisibility(db, request),
        today: today(),
      }),
  );
}

async function sendBook(
  reply: import('fastify').FastifyReply,
  render: () => ReturnType<typeof renderChainBook>,
) {
  let file: Awaited<ReturnType<typeof renderChainBook>>;
  try {
    file = await render();
  } catch (error) {
    if (error instanceof ChromiumMissingError) return reply.status(503).send({ error: error.message });
    throw error;
  }
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .send(file.body as never);
}
