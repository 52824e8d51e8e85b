/**
 * Operations (issue 6): service requests, routing rules, the inbox, key tasks, targets, the project
 * pipeline, land, incentives and enclave ledgers. Thin: each route checks its input and calls
 * services/operations. Routes for enterprise users and department officers are declared `read` (any
 * signed-in user); the service decides who may act on a request and answers 403 or 404.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROJECT_STAGES, REVIEW_STATUSES } from '../../domain/vocabulary.ts';
import type { EntityName } from '../../services/catalog.ts';
import { getEntity } from '../../services/list-entities.ts';
import { type Clock, systemClock } from '../../services/operations/common.ts';
import { enclaveLedger } from '../../services/operations/enclaves.ts';
import {
  incentiveTotals,
  landTotals,
  projectPipeline,
  updateProject,
} from '../../services/operations/ledgers.ts';
import {
  addNotificationSink,
  inbox,
  markRead,
  webhookSink,
} from '../../services/operations/notifications.ts';
import {
  closeServiceRequest,
  fileServiceRequest,
  getServiceRequest,
  listRoutingRules,
  reassignServiceRequest,
  respondToServiceRequest,
  serviceRequestStatistics,
  setRoutingRule,
} from '../../services/operations/service-requests.ts';
import { runOperationsSweep } from '../../services/operations/sweep.ts';
import { targetProgress } from '../../services/operations/targets.ts';
import {
  copyTasksForward,
  reviewTask,
  taskSummary,
  tasksWithStatus,
} from '../../services/operations/tasks.ts';
import { generationCache } from '../../services/store-generation.ts';
import type { Db, Queryable } from '../../store/db.ts';
import { actorOf, callerVisibility } from '../auth/access.ts';
import { generationOfRequest, visibilityKey } from '../auth/authenticate.ts';
import { etag, rowVersionField, versionedWrite, withoutVersion, withVersions } from '../row-versions.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const TASK_STATUSES = ['done', 'overdue', 'at_risk', 'not_started', 'on_track'] as const;

export function registerOperationsRoutes(app: FastifyInstance, db: Db, options: { now?: Clock } = {}) {
  const clock = options.now ?? systemClock;
  const today = () => clock().toISOString().slice(0, 10);
  const typed = app.withTypeProvider<ZodTypeProvider>();
  if (process.env.CHAINATLAS_NOTIFY_WEBHOOK) {
    const remove = addNotificationSink(
      webhookSink(process.env.CHAINATLAS_NOTIFY_WEBHOOK, (line) => app.log.warn(line)),
    );
    app.addHook('onClose', async () => remove());
  }
  const subjectOf = (request: FastifyRequest) => request.auth!.subject;
  const visibility = (request: FastifyRequest) => callerVisibility(db, request);
  const keptSummaries = generationCache(100);
  // A service's OperationError carries its HTTP status (statusCode); the API's error handler answers with it.
  const tags = ['operations'];
  const code = z.object({ code: z.string() });
  // Writes to one row are guarded by its version (If-Match or row_version; 409 when stale): row-versions.ts.
  // The caller's visibility is read here, before the write's transaction, and kept for the request (on
  // the embedded store a query outside that transaction would have to wait for it).
  const byCode = async (table: string, entity: EntityName, key: string, request: FastifyRequest) => {
    const seen = await visibility(request);
    return {
      table,
      where: 'code = $1',
      params: [key],
      label: `${table.replace(/_/g, ' ')} ${key}`,
      visible: async (tx: Queryable) => (await getEntity(tx, entity, key, seen)) !== null,
    };
  };

  // --- service requests -------------------------------------------------------------------------------
  typed.post(
    '/api/ops/service-requests',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'File a service request (enterprise users); routed by rule to a department with a deadline',
        body: z.object({
          category: z.string().min(1).max(100),
          text: z.string().min(1).max(10_000),
          attachments: z
            .array(
              z.object({
                name: z.string().max(300),
                size: z.number().int().min(0).optional(),
                type: z.string().max(100).optional(),
                url: z.string().max(2000).optional(),
              }),
            )
            .max(20)
            .optional(),
          enterprise: z.string().optional(),
          chain: z.string().max(100).optional(),
        }),
      },
    },
    async (request) => fileServiceRequest(db, subjectOf(request), actorOf(request), clock, request.body),
  );
  typed.get(
    '/api/ops/service-requests/statistics',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Per department: requests, response time, on-time rate, overdue, escalations, ratings',
        querystring: z.object({ park_code: z.string().optional() }),
      },
    },
    async (request) => ({
      items: await serviceRequestStatistics(db, await visibility(request), clock(), request.query),
    }),
  );
  typed.get(
    '/api/ops/service-requests/:code',
    {
      config: { access: 'read' },
      schema: { tags, summary: 'A service request with its thread (404 outside your scope)', params: code },
    },
    async (request, reply) => {
      const found = await getServiceRequest(db, await visibility(request), request.params.code, clock());
      const [row] = await db.query<{ v: number }>(
        'select row_version as v from service_request where code = $1',
        [request.params.code],
      );
      if (row) reply.header('etag', etag(Number(row.v)));
      return found;
    },
  );
  typed.post(
    '/api/ops/service-requests/:code/responses',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: "Answer a request (its department, or the park's officers)",
        params: code,
        body: z.object({ text: z.string().min(1).max(10_000), ...rowVersionField }),
      },
    },
    async (request, reply) =>
      versionedWrite(
        db,
        request,
        reply,
        await byCode('service_request', 'service_requests', request.params.code, request),
        async (db) =>
          respondToServiceRequest(
            db,
            subjectOf(request),
            await visibility(request),
            actorOf(request),
            clock,
            request.params.code,
            request.body.text,
          ),
      ),
  );
  typed.post(
    '/api/ops/service-requests/:code/reassign',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Hand a request to another department (the deadline stays)',
        params: code,
        body: z.object({
          department: z.string().min(1).max(200),
          note: z.string().max(2000).optional(),
          ...rowVersionField,
        }),
      },
    },
    async (request, reply) =>
      versionedWrite(
        db,
        request,
        reply,
        await byCode('service_request', 'service_requests', request.params.code, request),
        async (db) =>
          reassignServiceRequest(
            db,
            subjectOf(request),
            await visibility(request),
            actorOf(request),
            clock,
            request.params.code,
            request.body.department,
            request.body.note,
          ),
      ),
  );
  typed.post(
    '/api/ops/service-requests/:code/close',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Close an answered request with a rating 1–5 (the enterprise that filed it)',
        params: code,
        body: z.object({
          rating: z.number().int().min(1).max(5),
          comment: z.string().max(2000).optional(),
          ...rowVersionField,
        }),
      },
    },
    async (request, reply) =>
      versionedWrite(
        db,
        request,
        reply,
        await byCode('service_request', 'service_requests', request.params.code, request),
        async (db) =>
          closeServiceRequest(
            db,
            subjectOf(request),
            await visibility(request),
            actorOf(request),
            clock,
            request.params.code,
            request.body.rating,
            request.body.comment,
          ),
      ),
  );
  typed.get(
    '/api/ops/routing-rules',
    {
      config: { access: 'read' },
      schema: { tags, summary: 'Routing rules: category → department, deadline' },
    },
    async (request) => ({
      items: await withVersions(
        db,
        'service_routing_rule',
        await listRoutingRules(db, await visibility(request)),
      ),
    }),
  );
  typed.post(
    '/api/ops/routing-rules',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: "Set the rule for a category in a park ('*' for any category; no park: every park, admins)",
        body: z.object({
          category: z.string().min(1).max(100),
          park_code: z.string().optional(),
          department: z.string().min(1).max(200),
          deadline_days: z.number().int().min(1).max(365),
          escalate_to: z.string().max(200).optional(),
          ...rowVersionField,
        }),
      },
    },
    async (request, reply) =>
      versionedWrite(
        db,
        request,
        reply,
        {
          table: 'service_routing_rule',
          where:
            'category = $1 and coalesce(park_id, 0) = coalesce((select id from park where code = $2), 0)',
          params: [request.body.category, request.body.park_code ?? null],
          label: `the routing rule for ${request.body.category} in ${request.body.park_code ?? 'every park'}`,
        },
        (db) => setRoutingRule(db, subjectOf(request), actorOf(request), withoutVersion(request.body)),
      ),
  );

  // --- sweep and inbox --------------------------------------------------------------------------------
  typed.post(
    '/api/ops/sweep',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Escalate overdue requests; notify overdue tasks and stalled projects (idempotent)',
        body: z.object({ stalled_days: z.number().int().min(1).max(3650).optional() }).optional(),
      },
    },
    async (request) =>
      runOperationsSweep(db, actorOf(request), clock, { stalledDays: request.body?.stalled_days }),
  );
  typed.get(
    '/api/ops/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Your inbox: notifications for the departments, parks, regions and enterprises you see',
        querystring: z.object({
          unread: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(1000).optional(),
        }),
      },
    },
    async (request) =>
      inbox(db, await visibility(request), {
        unreadOnly: request.query.unread === 'true',
        limit: request.query.limit,
      }),
  );
  typed.post(
    '/api/ops/notifications/:id/read',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Mark a notification read',
        params: z.object({ id: z.coerce.number().int() }),
      },
    },
    async (request) => {
      await markRead(db, await visibility(request), actorOf(request), request.params.id, clock());
      return { ok: true };
    },
  );

  // --- plans and key tasks ----------------------------------------------------------------------------
  typed.get(
    '/api/ops/tasks',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Key tasks with their computed status (done, overdue, at risk, not started, on track)',
        querystring: z.object({
          plan_code: z.string().optional(),
          region_code: z.string().optional(),
          year: z.coerce.number().int().optional(),
          status: z.enum(TASK_STATUSES).optional(),
        }),
      },
    },
    async (request) => ({
      items: await tasksWithStatus(db, await visibility(request), today(), request.query),
    }),
  );
  typed.get(
    '/api/ops/tasks/overdue',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Key tasks past their due date and not done',
        querystring: z.object({ plan_code: z.string().optional(), region_code: z.string().optional() }),
      },
    },
    async (request) => ({
      items: await tasksWithStatus(db, await visibility(request), today(), {
        ...request.query,
        status: 'overdue',
      }),
    }),
  );
  typed.get(
    '/api/ops/tasks/summary',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Tasks per year and completion rate, recorded and as the reports state them',
        querystring: z.object({ plan_code: z.string().optional(), region_code: z.string().optional() }),
      },
    },
    async (request) => {
      // Kept until the next write (services/store-generation.ts), per caller's visibility and day.
      const seen = await visibility(request);
      const day = today();
      return keptSummaries(
        db,
        JSON.stringify([visibilityKey(seen), day, request.query]),
        async () => ({ years: await taskSummary(db, seen, day, request.query) }),
        generationOfRequest(request),
      );
    },
  );
  typed.post(
    '/api/ops/tasks/:code/reviews',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: "Record a task's review (date, status, progress, note, evidence)",
        params: code,
        body: z.object({
          reviewed_on: date,
          status: z.enum(REVIEW_STATUSES),
          progress: z.number().min(0).max(100).optional(),
          note: z.string().max(5000).optional(),
          evidence: z.string().max(5000).optional(),
          ...rowVersionField,
        }),
      },
    },
    async (request, reply) =>
      versionedWrite(db, request, reply, await byCode('task', 'tasks', request.params.code, request), (db) =>
        reviewTask(
          db,
          subjectOf(request),
          actorOf(request),
          request.params.code,
          withoutVersion(request.body),
        ),
      ),
  );
  typed.post(
    '/api/ops/plans/:code/copy-forward',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: "Copy a year's task list into the next (codes and due dates moved on a year)",
        params: code,
        body: z.object({
          from_year: z.number().int().min(1900).max(2200),
          to_year: z.number().int().min(1900).max(2200),
          unfinished_only: z.boolean().optional(),
          ...rowVersionField,
        }),
      },
    },
    async (request, reply) =>
      versionedWrite(db, request, reply, await byCode('plan', 'plans', request.params.code, request), (db) =>
        copyTasksForward(db, subjectOf(request), actorOf(request), today(), {
          plan_code: request.params.code,
          ...withoutVersion(request.body),
        }),
      ),
  );

  // --- targets, projects, land, incentives, enclaves --------------------------------------------------
  typed.get(
    '/api/ops/targets',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Targets: progress, required CAGR, trend forecast with an 80 % interval, status, method',
        querystring: z.object({
          entity_code: z.string().optional(),
          metric: z.string().optional(),
          id: z.coerce.number().int().optional(),
        }),
      },
    },
    async (request) => ({ items: await targetProgress(db, await visibility(request), request.query) }),
  );
  typed.get(
    '/api/ops/projects/pipeline',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Project pipeline totals by stage, chain and park; blocked and stalled projects',
        querystring: z.object({
          park_code: z.string().optional(),
          chain_code: z.string().optional(),
          stage: z.enum(PROJECT_STAGES).optional(),
          stalled_days: z.coerce.number().int().min(1).max(3650).optional(),
        }),
      },
    },
    async (request) => projectPipeline(db, await visibility(request), today(), request.query),
  );
  typed.post(
    '/api/ops/projects/:code/stage',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: 'Move a project to a stage and/or set its blockers',
        params: code,
        body: z.object({
          stage: z.enum(PROJECT_STAGES),
          blockers: z.string().max(5000).nullable().optional(),
          ...rowVersionField,
        }),
      },
    },
    async (request, reply) =>
      versionedWrite(
        db,
        request,
        reply,
        await byCode('project', 'projects', request.params.code, request),
        (db) =>
          updateProject(
            db,
            subjectOf(request),
            actorOf(request),
            today(),
            request.params.code,
            withoutVersion(request.body),
          ),
      ),
  );
  typed.get(
    '/api/ops/land/totals',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Land by park and status; standard land built and sold; infrastructure readiness',
        querystring: z.object({ park_code: z.string().optional() }),
      },
    },
    async (request) => landTotals(db, await visibility(request), request.query),
  );
  typed.get(
    '/api/ops/incentives/totals',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Incentives by granting level, kind and recipient',
        querystring: z.object({
          kind: z.string().optional(),
          recipient_kind: z.string().optional(),
          recipient_code: z.string().optional(),
          within: z.string().optional().describe('a region code: grants by it and the regions under it'),
        }),
      },
    },
    async (request) => incentiveTotals(db, await visibility(request), request.query),
  );
  typed.get(
    '/api/ops/enclave-agreements/:code/ledger',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: "An enclave's figures for a period credited to home and host by the agreement's shares",
        params: code,
        querystring: z.object({ period: z.string().min(4) }),
      },
    },
    async (request) =>
      enclaveLedger(db, await visibility(request), request.params.code, request.query.period),
  );
}
