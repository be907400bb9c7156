// GET /v1/campaign-examples: the campaigns shipped with omnidrip, as starting points for new ones.
import { z } from 'zod';
import { exampleCampaigns } from '../../campaigns/examples';
import type { ApiRoutes } from '../api-route';

const examples = z
  .object({
    examples: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        description: z.string().optional(),
        definition: z.record(z.string(), z.unknown()).meta({ description: 'A complete campaign (see Campaign).' }),
      }),
    ),
  })
  .meta({ id: 'CampaignExamples' });

export function exampleRoutes(api: ApiRoutes) {
  api.add({
    method: 'get',
    path: '/v1/campaign-examples',
    operationId: 'listCampaignExamples',
    summary: 'The example campaigns shipped with omnidrip (abandoned cart, whitepaper drip, back in stock)',
    description:
      'Complete, valid definitions with defaults filled in; create a campaign from one with POST /v1/campaigns.',
    tag: 'Campaigns',
    access: { kind: 'apiKey', scope: 'read' },
    responses: { 200: { description: 'The examples', schema: examples } },
    handler: async () => ({
      status: 200,
      body: {
        examples: exampleCampaigns.map((definition) => ({
          id: definition.id,
          name: definition.name,
          description: definition.description,
          definition,
        })),
      },
    }),
  });
}
