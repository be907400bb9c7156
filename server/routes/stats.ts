// GET /v1/campaigns/:id/stats: the value of every interaction, per version and step.
import { z } from 'zod';
import { campaignStats } from '../../engine/campaign-stats';
import type { Store } from '../../store/store';
import type { ApiRoutes } from '../api-route';
import { problems } from '../http-problem';

export function statsRoutes(api: ApiRoutes, deps: { store: Store }) {
  api.add({
    method: 'get',
    path: '/v1/campaigns/:id/stats',
    operationId: 'getCampaignStats',
    summary: 'Entered, sent, delivered, opened, clicked, converted, revenue, unsubscribed, bounced, suppressed',
    description:
      'Totals, per version and per step; unique opens/clicks per contact; conversions attributed to the last touch within ' +
      "the campaign's attribution window, by channel and by the channel path that led to them; split arms side by side.",
    tag: 'Campaigns',
    access: { kind: 'apiKey', scope: 'read' },
    params: z.strictObject({ id: z.string().min(1).max(64) }),
    responses: { 200: { description: 'The statistics' }, 404: { description: 'No such campaign' } },
    handler: async ({ params }) => {
      if (!(await deps.store.campaigns.exists({ _id: params.id }))) throw problems.notFound(`campaign ${params.id}`);
      return { status: 200, body: await campaignStats(deps.store, params.id) };
    },
  });
}
