// Search attributes omnidrip puts on journeys, so a contact's or campaign's running journeys can be found
// (exit events, GDPR erase, stop). Declared once; the dev server registers them from this list.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CAMPAIGN_ID = defineSearchAttributeKey('OmnidripCampaignId', SearchAttributeType.KEYWORD);
export const CONTACT_ID = defineSearchAttributeKey('OmnidripContactId', SearchAttributeType.KEYWORD);
export const CAMPAIGN_VERSION = defineSearchAttributeKey('OmnidripCampaignVersion', SearchAttributeType.INT);

export const SEARCH_ATTRIBUTES = [CAMPAIGN_ID, CONTACT_ID, CAMPAIGN_VERSION] as const;

/** `--search-attribute` values for `temporal server start-dev` and `temporal operator search-attribute create`. */
export function searchAttributeFlags(): string[] {
  const cli: Record<string, string> = { KEYWORD: 'Keyword', INT: 'Int', TEXT: 'Text', BOOL: 'Bool' };
  return SEARCH_ATTRIBUTES.map((key) => `${key.name}=${cli[key.type] ?? key.type}`);
}
