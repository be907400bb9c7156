// GET /v1/campaigns/:id/stats: the value of every interaction, per version and step.
import { z } from 'zod';
import { campaignSeries, campaignStats } from '../../engine/campaign-stats';
import type { Store } from '../../store/store';
import type { ApiRoutes } from '../api-route';
import { problems } from '../http-problem';

export function statsRoutes(api: ApiRoutes, deps: { store: Store }) {
  const exists = async (id: string) => {
    if (!(await deps.store.campaigns.exists({ _id: id }))) throw problems.notFound(`campaign ${id}`);
  };
  api.add({
    method: 'get',
    path: '/v1/campaigns/:id/stats/series',
    operationId: 'getCampaignStatsSeries',
    summary: 'Entered, sent, opened, clicked, converted and revenue over time (UTC hour or day buckets)',
    tag: 'Campaigns',
    access: { kind: 'apiKey', scope: 'read' },
    params: z.strictObject({ id: z.string().min(1).max(64) }),
    query: z.strictObject({
      interval: z.enum(['hour', 'day']).default('day'),
      version: z.coerce.number().int().min(1).optional(),
      since: z.iso.datetime({ offset: true }).optional().meta({ description: 'Default: 48 hours or 60 days back' }),
    }),
    responses: {
      200: {
        description: 'Buckets with at least one count, oldest first',
        schema: z.object({
          interval: z.enum(['hour', 'day']),
          buckets: z.array(
            z.object({
              start: z.string(),
              entered: z.number(),
              sent: z.number(),
              opened: z.number(),
              clicked: z.number(),
              converted: z.number(),
              revenue: z.number(),
            }),
          ),
        }),
      },
      404: { description: 'No such campaign' },
    },
    handler: async ({ params, query }) => {
      await exists(params.id);
      const buckets = await campaignSeries(deps.store, params.id, {
        interval: query.interval,
        version: query.version,
        since: query.since ? new Date(query.since) : undefined,
      });
      return { status: 200, body: { interval: query.interval, buckets } };
    },
  });
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
      await exists(params.id);
      return { status: 200, body: await campaignStats(deps.store, params.id) };
    },
  });
}
