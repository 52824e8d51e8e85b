/**
 * Park governance (issue 14): per-mu grading schemes and runs (publication, objections, changes,
 * year-on-year, the list for differentiated pricing), grading profiles and flags, standard-land contracts
 * and their checks, idle land, project warning lights and the pre-screening scorecard. Thin: each route
 * checks its input and calls services/governance. Reads answer only what the caller may see; writes are
 * refused (404) outside the caller's parks and regions.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseScheme, SchemeError } from '../../domain/governance/scheme.ts';
import {
  createGradingRun,
  fileObjection,
  finalizeGradingRun,
  getGradingRun,
  gradingResult,
  listGradingResults,
  listGradingRuns,
  listObjections,
  pricingCsv,
  pricingList,
  publishGradingRun,
  resolveObjection,
  yearOnYear,
} from '../../services/governance/grading-runs.ts';
import { prescreenProposal, setParkThresholds } from '../../services/governance/prescreen.ts';
import { setGradingFlag, setGradingProfile } from '../../services/governance/profiles.ts';
import { projectLights } from '../../services/governance/project-lights.ts';
import { presetScheme, schemeSummaries } from '../../services/governance/schemes.ts';
import {
  createStandardLandContract,
  idleLand,
  recordContractProgress,
  standardLandContracts,
} from '../../services/governance/standard-land.ts';
import { type Clock, OperationError, systemClock } from '../../services/operations/common.ts';
import type { Db } from '../../store/db.ts';
import { actorOf, callerVisibility } from '../auth/access.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const runId = z.object({ id: z.coerce.number().int().min(1) });
const money = z.number().finite().min(0);

export function registerGovernanceRoutes(app: FastifyInstance, db: Db, options: { now?: Clock } = {}) {
  const clock = options.now ?? systemClock;
  const today = () => clock().toISOString().slice(0, 10);
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const subjectOf = (request: FastifyRequest) => request.auth!.subject;
  const visibility = (request: FastifyRequest) => callerVisibility(db, request);
  const tags = ['governance'];
  const scheme = (code: string) => {
    try {
      return presetScheme(code);
    } catch (error) {
      // A shipped preset that no longer parses is the server's fault, but say where.
      if (error instanceof SchemeError) throw new OperationError(422, error.message);
      throw error;
    }
  };

  /** A scheme sent as text: checked like a file, its errors answered with their lines (422). */
  const ownScheme = (text: string) => {
    try {
      return parseScheme(text, 'scheme_yaml');
    } catch (error) {
      if (error instanceof SchemeError) throw new OperationError(422, error.message);
      throw error;
    }
  };

  // --- schemes and runs -------------------------------------------------------------------------------
  typed.get(
    '/api/governance/schemes',
    {
      config: { access: 'read' },
      schema: { tags, summary: 'Grading schemes shipped as presets, with their sources' },
    },
    async () => ({ items: schemeSummaries() }),
  );
  typed.get(
    '/api/governance/schemes/:code',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'A grading scheme: indicators, formulas, bands, source',
        params: z.object({ code: z.string() }),
      },
    },
    async (request) => scheme(request.params.code),
  );
  typed.post(
    '/api/governance/runs',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: "Grade a park's or region's enterprises for a year by a preset or by your own scheme (YAML)",
        body: z
          .object({
            scheme: z.string().min(1).optional(),
            scheme_yaml: z.string().min(1).max(200_000).optional(),
            scope: z.string().min(1),
            year: z.number().int().min(1990).max(2200),
          })
          .refine((b) => (b.scheme === undefined) !== (b.scheme_yaml === undefined), {
            message: 'give either scheme (a preset code) or scheme_yaml (a scheme file’s text)',
          }),
      },
    },
    async (request) =>
      createGradingRun(db, subjectOf(request), actorOf(request), clock, {
        scheme: request.body.scheme_yaml ? ownScheme(request.body.scheme_yaml) : scheme(request.body.scheme!),
        scope: request.body.scope,
        year: request.body.year,
      }),
  );
  typed.get(
    '/api/governance/runs',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Grading runs you may see',
        querystring: z.object({ scope: z.string().optional(), year: z.coerce.number().int().optional() }),
      },
    },
    async (request) => ({ items: await listGradingRuns(db, await visibility(request), request.query) }),
  );
  typed.get(
    '/api/governance/runs/:id',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'A run: its scheme and formulas, counts, grades by park, chain and industry',
        params: runId,
      },
    },
    async (request) => getGradingRun(db, await visibility(request), request.params.id),
  );
  typed.get(
    '/api/governance/runs/:id/results',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: "A run's results: score, grade, rank, missing inputs",
        params: runId,
        querystring: z.object({
          grade: z.string().optional(),
          status: z.enum(['graded', 'exempt', 'incomplete', 'merged', 'ineligible']).optional(),
          park_code: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(100_000).optional(),
        }),
      },
    },
    async (request) => ({
      items: await listGradingResults(db, await visibility(request), request.params.id, request.query),
    }),
  );
  typed.get(
    '/api/governance/runs/:id/results/:enterprise',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: "One enterprise's score breakdown: formula, inputs, benchmarks, points, changes",
        params: z.object({ id: z.coerce.number().int().min(1), enterprise: z.string() }),
      },
    },
    async (request) =>
      gradingResult(db, await visibility(request), request.params.id, request.params.enterprise),
  );
  typed.get(
    '/api/governance/runs/:id/year-on-year',
    {
      config: { access: 'read' },
      schema: { tags, summary: "Grade changes from the scope's previous-year run", params: runId },
    },
    async (request) => yearOnYear(db, await visibility(request), request.params.id),
  );
  typed.get(
    '/api/governance/runs/:id/pricing-list',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Grades for differentiated pricing of land, power, water and gas (JSON or CSV)',
        params: runId,
        querystring: z.object({ format: z.enum(['json', 'csv']).optional() }),
      },
    },
    async (request, reply) => {
      const list = await pricingList(db, await visibility(request), request.params.id);
      if (request.query.format !== 'csv') return list;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="grades-${list.run.scope}-${list.run.year}.csv"`)
        .send(pricingCsv(list.items));
    },
  );
  typed.post(
    '/api/governance/runs/:id/publish',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: 'Publish a run (公示) and open its objection window',
        params: runId,
        body: z.object({ objection_days: z.number().int().min(1).max(90) }),
      },
    },
    async (request) =>
      publishGradingRun(
        db,
        subjectOf(request),
        actorOf(request),
        clock,
        request.params.id,
        request.body.objection_days,
      ),
  );
  typed.post(
    '/api/governance/runs/:id/finalize',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: 'Close a run after its objection window, once every objection is decided',
        params: runId,
      },
    },
    async (request) => finalizeGradingRun(db, subjectOf(request), actorOf(request), clock, request.params.id),
  );
  typed.get(
    '/api/governance/runs/:id/objections',
    {
      config: { access: 'read' },
      schema: { tags, summary: 'Objections to a run and the changes they made', params: runId },
    },
    async (request) => listObjections(db, await visibility(request), request.params.id),
  );
  typed.post(
    '/api/governance/runs/:id/objections',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Object to a published result (the enterprise, or an officer of the run), inside the window',
        params: runId,
        body: z.object({ enterprise: z.string().min(1), text: z.string().min(1).max(10_000) }),
      },
    },
    async (request) =>
      fileObjection(
        db,
        subjectOf(request),
        await visibility(request),
        actorOf(request),
        clock,
        request.params.id,
        request.body,
      ),
  );
  typed.post(
    '/api/governance/objections/:id/resolve',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: 'Uphold or reject an objection; an upheld one may correct grade or score (logged)',
        params: runId,
        body: z.object({
          decision: z.enum(['upheld', 'rejected']),
          resolution: z.string().min(1).max(10_000),
          grade: z
            .string()
            .regex(/^[A-Z]$/)
            .optional(),
          score: z.number().finite().optional(),
        }),
      },
    },
    async (request) =>
      resolveObjection(db, subjectOf(request), actorOf(request), clock, request.params.id, request.body),
  );
  typed.put(
    '/api/governance/profiles',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: "An enterprise's grading profile: production start, land under construction, landlord",
        body: z.object({
          enterprise: z.string().min(1),
          production_started_on: date.nullable().optional(),
          land_under_construction: z.boolean().optional(),
          landlord: z.string().nullable().optional(),
          note: z.string().max(2000).nullable().optional(),
        }),
      },
    },
    async (request) => setGradingProfile(db, subjectOf(request), actorOf(request), request.body),
  );
  typed.post(
    '/api/governance/flags',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: "Set or clear a year's flag (bonus and penalty items) for an enterprise",
        body: z.object({
          enterprise: z.string().min(1),
          year: z.number().int().min(1990).max(2200),
          flag: z.string().regex(/^[a-z][a-z0-9_]*$/),
          on: z.boolean(),
          note: z.string().max(2000).optional(),
        }),
      },
    },
    async (request) => setGradingFlag(db, subjectOf(request), actorOf(request), request.body),
  );

  // --- standard land ----------------------------------------------------------------------------------
  typed.post(
    '/api/governance/land-contracts',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: 'Record a standard-land contract on a parcel (commitments and dates)',
        body: z.object({
          code: z.string().min(1).max(200),
          parcel_code: z.string().min(1),
          enterprise: z.string().optional(),
          project_code: z.string().optional(),
          investment_yuan_per_mu: money.optional(),
          tax_yuan_per_mu: money.optional(),
          output_yuan_per_mu: money.optional(),
          plot_ratio: money.optional(),
          start_due: date.optional(),
          completion_due: date.optional(),
          full_output_due: date.optional(),
          source: z.string().max(2000).optional(),
          quote: z.string().max(10_000).optional(),
        }),
      },
    },
    async (request) =>
      createStandardLandContract(db, subjectOf(request), actorOf(request), clock(), request.body),
  );
  typed.patch(
    '/api/governance/land-contracts/:code',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: 'Record what happened: start, completion, plot ratio, investment, exemption',
        params: z.object({ code: z.string() }),
        body: z.object({
          started_on: date.nullable().optional(),
          completed_on: date.nullable().optional(),
          actual_plot_ratio: money.nullable().optional(),
          actual_investment_yuan: money.nullable().optional(),
          exempted: z.boolean().optional(),
          exemption_reason: z.string().max(2000).nullable().optional(),
        }),
      },
    },
    async (request) =>
      recordContractProgress(db, subjectOf(request), actorOf(request), request.params.code, request.body),
  );
  typed.get(
    '/api/governance/land-contracts',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Standard-land contracts checked as of today: status, shortfalls, checks due',
        querystring: z.object({
          park_code: z.string().optional(),
          status: z.enum(['on_track', 'in_default', 'exempted']).optional(),
          due_within_days: z.coerce.number().int().min(0).max(3650).optional(),
        }),
      },
    },
    async (request) => ({
      as_of: today(),
      items: await standardLandContracts(db, await visibility(request), today(), request.query),
    }),
  );
  typed.get(
    '/api/governance/idle-land',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Idle, inefficient and revitalized land with its history',
        querystring: z.object({ park_code: z.string().optional() }),
      },
    },
    async (request) => idleLand(db, await visibility(request), request.query),
  );

  // --- projects and proposals -------------------------------------------------------------------------
  typed.get(
    '/api/governance/project-lights',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: "Each project's warning light and the rule that set it (the weekly meeting's list)",
        querystring: z.object({
          park_code: z.string().optional(),
          light: z.enum(['red', 'amber', 'green', 'unknown', 'none']).optional(),
        }),
      },
    },
    async (request) => projectLights(db, await visibility(request), today(), request.query),
  );
  typed.put(
    '/api/governance/parks/:code/thresholds',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: "A park's thresholds for new investment (per mu), with their source",
        params: z.object({ code: z.string() }),
        body: z.object({
          investment_yuan_per_mu: money.nullable(),
          tax_yuan_per_mu: money.nullable(),
          output_yuan_per_mu: money.nullable(),
          plot_ratio: money.nullable().optional(),
          source: z.string().max(2000).nullable().optional(),
          quote: z.string().max(10_000).nullable().optional(),
        }),
      },
    },
    async (request) =>
      setParkThresholds(db, subjectOf(request), actorOf(request), request.params.code, request.body),
  );
  typed.post(
    '/api/governance/prescreen',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: "Pre-screen a proposed investment against a park's thresholds and chains",
        body: z.object({
          park_code: z.string().min(1),
          land_mu: z.number().finite().positive(),
          investment_yuan: money,
          expected_tax_yuan: money.optional(),
          expected_output_yuan: money.optional(),
          plot_ratio: money.optional(),
          chain_code: z.string().optional(),
          node_code: z.string().optional(),
        }),
      },
    },
    async (request) => prescreenProposal(db, await visibility(request), request.body),
  );
}
