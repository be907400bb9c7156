// /v1/campaigns: define, validate, launch, pause, resume, stop; read versions and journeys.
import { z } from 'zod';
import { campaignDefinition } from '../../campaigns/schema';
import { validateCampaign } from '../../campaigns/validate';
import {
  createCampaign,
  getCampaign,
  getVersion,
  type LifecycleDeps,
  launchCampaign,
  listCampaigns,
  pauseCampaign,
  resumeCampaign,
  stopCampaign,
  updateDraft,
} from '../../engine/campaign-lifecycle';
import { journeyWorkflowId } from '../../engine/enter-journey';
import { previewTemplate, stepMessage } from '../../engine/preview-service';
import type { TemplateLibrary } from '../../engine/template-library';
import type { Links } from '../../tracking/links';
import { journeyQuery } from '../../workflows/journey-signals';
import type { ApiRoutes } from '../api-route';
import { problems } from '../http-problem';
import { previewInput, templateProblem } from './templates';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const anyObject = z.record(z.string(), z.unknown()).meta({ description: 'A campaign definition (see Campaign).' });

const problem = z.object({ path: z.string(), code: z.string(), message: z.string() }).meta({ id: 'CampaignProblem' });
export const campaignSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['draft', 'live', 'paused', 'stopped']),
    liveVersion: z.number().int().optional(),
    latestVersion: z.number().int(),
    draftRevision: z.number().int(),
    draft: z.unknown(),
    problems: z.array(problem).meta({ description: 'What would stop a launch; empty when ready.' }),
  })
  .meta({ id: 'CampaignSummary' });
const validation = z.object({ ok: z.boolean(), problems: z.array(problem) }).meta({ id: 'CampaignValidation' });

export interface CampaignRouteDeps extends LifecycleDeps {
  library: TemplateLibrary;
  links: Links;
}

export function campaignRoutes(api: ApiRoutes, deps: CampaignRouteDeps) {
  const lifecycle = (
    action: 'launch' | 'pause' | 'resume' | 'stop',
    summary: string,
    run: (id: string) => Promise<unknown>,
  ) =>
    api.add({
      method: 'post',
      path: `/v1/campaigns/:id/${action}`,
      operationId: `${action}Campaign`,
      summary,
      tag: 'Campaigns',
      access: { kind: 'apiKey', scope: 'launch' },
      params: idParams,
      responses: {
        200: { description: 'The campaign after the change', schema: campaignSummary },
        404: { description: 'No such campaign' },
        409: { description: 'Not possible in the current status' },
      },
      handler: async ({ params }) => ({ status: 200, body: await run(params.id) }),
    });

  api
    .add({
      method: 'post',
      path: '/v1/campaigns',
      operationId: 'createCampaign',
      summary: 'Create a campaign (as a draft)',
      description:
        'Structural errors reject the request with every problem; problems that only block a launch (a missing template) are returned in `problems`.',
      tag: 'Campaigns',
      access: { kind: 'apiKey', scope: 'write' },
      body: anyObject,
      bodyDoc: campaignDefinition,
      responses: { 201: { description: 'Created', schema: campaignSummary }, 409: { description: 'The id is taken' } },
      handler: async ({ body }) => ({ status: 201, body: await createCampaign(deps, body) }),
    })
    .add({
      method: 'get',
      path: '/v1/campaigns',
      operationId: 'listCampaigns',
      summary: 'List campaigns',
      tag: 'Campaigns',
      access: { kind: 'apiKey', scope: 'read' },
      responses: { 200: { description: 'All campaigns', schema: z.object({ campaigns: z.array(campaignSummary) }) } },
      handler: async () => ({ status: 200, body: { campaigns: await listCampaigns(deps) } }),
    })
    .add({
      method: 'post',
      path: '/v1/campaigns/validate',
      operationId: 'validateCampaignDefinition',
      summary: 'Validate a campaign definition without saving it',
      tag: 'Campaigns',
      access: { kind: 'apiKey', scope: 'read' },
      body: anyObject,
      bodyDoc: campaignDefinition,
      responses: { 200: { description: 'Every problem, each with its JSON pointer', schema: validation } },
      handler: async ({ body }) => {
        const result = validateCampaign(body, deps.catalog);
        return { status: 200, body: { ok: result.ok, problems: result.ok ? [] : result.problems } };
      },
    })
    .add({
      method: 'get',
      path: '/v1/campaigns/:id',
      operationId: 'getCampaign',
      summary: 'Get a campaign with its draft and launch problems',
      tag: 'Campaigns',
      access: { kind: 'apiKey', scope: 'read' },
      params: idParams,
      responses: {
        200: { description: 'The campaign', schema: campaignSummary },
        404: { description: 'No such campaign' },
      },
      handler: async ({ params }) => ({ status: 200, body: await getCampaign(deps, params.id) }),
    })
    .add({
      method: 'put',
      path: '/v1/campaigns/:id',
      operationId: 'updateCampaign',
      summary: 'Replace the draft (a new draft revision; live journeys are not affected until the next launch)',
      tag: 'Campaigns',
      access: { kind: 'apiKey', scope: 'write' },
      params: idParams,
      body: anyObject,
      bodyDoc: campaignDefinition,
      responses: {
        200: { description: 'The campaign with the new draft', schema: campaignSummary },
        404: { description: 'No such campaign' },
      },
      handler: async ({ params, body }) => ({ status: 200, body: await updateDraft(deps, params.id, body) }),
    })
    .add({
      method: 'post',
      path: '/v1/campaigns/:id/validate',
      operationId: 'validateCampaign',
      summary: "Validate the campaign's current draft",
      tag: 'Campaigns',
      access: { kind: 'apiKey', scope: 'read' },
      params: idParams,
      responses: {
        200: { description: 'Every problem, each with its JSON pointer', schema: validation },
        404: { description: 'No such campaign' },
      },
      handler: async ({ params }) => {
        const campaign = await getCampaign(deps, params.id);
        return { status: 200, body: { ok: campaign.problems.length === 0, problems: campaign.problems } };
      },
    })
    .add({
      method: 'get',
      path: '/v1/campaigns/:id/versions/:version',
      operationId: 'getCampaignVersion',
      summary: 'Get a launched (frozen) version',
      tag: 'Campaigns',
      access: { kind: 'apiKey', scope: 'read' },
      params: z.strictObject({ id: z.string().min(1).max(64), version: z.coerce.number().int().min(1) }),
      responses: {
        200: {
          description: 'The frozen definition',
          schema: z.object({
            campaignId: z.string(),
            version: z.number(),
            definition: campaignDefinition,
            launchedAt: z.date(),
          }),
        },
        404: { description: 'No such version' },
      },
      handler: async ({ params }) => ({ status: 200, body: await getVersion(deps, params.id, params.version) }),
    })
    .add({
      method: 'get',
      path: '/v1/campaigns/:id/journeys/:contactId',
      operationId: 'getJourney',
      summary: "A contact's journey in this campaign: current step, next wake-up, what was sent",
      tag: 'Campaigns',
      access: { kind: 'apiKey', scope: 'read' },
      params: z.strictObject({ id: z.string().min(1).max(64), contactId: z.string().regex(/^[a-f0-9]{24}$/) }),
      query: z.strictObject({
        key: z.string().optional().meta({ description: "The entry key's value, for campaigns with entry.key" }),
      }),
      responses: { 200: { description: 'The journey state' }, 404: { description: 'The contact never entered' } },
      handler: async ({ params, query }) => {
        const workflowId = journeyWorkflowId(params.id, params.contactId, query.key);
        const head = await deps.store.journeyHeads.findById(workflowId, { recordId: 1 }).lean();
        const record = head ? await deps.store.journeys.findById(head.recordId).lean() : undefined;
        if (!record) throw problems.notFound(`a journey of contact ${params.contactId} in ${params.id}`);
        let live: unknown;
        if (record.status === 'active') {
          live = await deps.temporal.workflow
            .getHandle(workflowId)
            .query(journeyQuery)
            .catch(() => undefined);
        }
        return { status: 200, body: { journeyId: workflowId, ...record, _id: undefined, state: live } };
      },
    });
  api.add({
    method: 'post',
    path: '/v1/campaigns/:id/preview',
    operationId: 'previewCampaignStep',
    summary: "Render a step's message for a contact or sample data, without sending",
    description: 'Uses the draft, or a launched version with `version`. Sample trigger data goes in `event`.',
    tag: 'Campaigns',
    access: { kind: 'apiKey', scope: 'read' },
    params: idParams,
    body: previewInput
      .omit({ channel: true, files: true })
      .extend({
        stepId: z.string().min(1),
        channel: z
          .enum(['email', 'push', 'sms', 'webhook'])
          .optional()
          .meta({ description: "Default: the step's first channel" }),
        version: z.number().int().min(1).optional(),
      })
      .meta({ id: 'StepPreviewRequest' }),
    responses: {
      200: { description: 'The rendered parts' },
      404: { description: 'No such campaign, version or send step' },
    },
    handler: async ({ params, body }) => {
      const { stepId, version, ...rest } = body;
      const definition = version
        ? (await getVersion(deps, params.id, version)).definition
        : campaignDefinition.parse((await getCampaign(deps, params.id)).draft);
      const message = stepMessage(definition, stepId, rest.channel);
      if (!message) throw problems.notFound(`a send or webhook step "${stepId}" with that channel in ${params.id}`);
      await deps.library.sync();
      const rendered = await previewTemplate(
        { store: deps.store, renderer: deps.library.renderer, links: deps.links },
        {
          ...rest,
          ...message,
          sampleContact: rest.sampleContact as never,
          campaign: { id: definition.id, name: definition.name, version: version ?? 0, stepId },
        },
      ).catch(templateProblem);
      return { status: 200, body: rendered };
    },
  });
  lifecycle(
    'launch',
    'Launch the draft as a new frozen version (new entries use it; running journeys keep theirs)',
    (id) => launchCampaign(deps, id),
  );
  lifecycle('pause', 'Pause: no new entries; journeys in flight continue', (id) => pauseCampaign(deps, id));
  lifecycle('resume', 'Resume a paused campaign', (id) => resumeCampaign(deps, id));
  lifecycle(
    'stop',
    'Stop: no new entries, and every journey in flight ends (recorded as stopped)',
    async (id) => (await stopCampaign(deps, id)).campaign,
  );
}
