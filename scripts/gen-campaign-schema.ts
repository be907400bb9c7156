// Writes campaigns/schema.json, the JSON Schema editors and other tools use for campaign files, from the
// zod schema. Run `npm run gen:schema` after changing campaigns/schema.ts; a test fails until you do.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { campaignDefinition } from '../campaigns/schema';

export const CAMPAIGN_SCHEMA_FILE = fileURLToPath(new URL('../campaigns/schema.json', import.meta.url));

/** The schema of what a marketer writes (io: input), so fields with defaults are optional. */
export function renderCampaignSchema(): string {
  return `${JSON.stringify(z.toJSONSchema(campaignDefinition, { io: 'input' }), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(CAMPAIGN_SCHEMA_FILE, renderCampaignSchema());
  console.log(`wrote ${CAMPAIGN_SCHEMA_FILE}`);
}
