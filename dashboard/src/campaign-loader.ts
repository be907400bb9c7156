// Loading a campaign and the definition a screen shows: a launched version, or the draft.
import { api } from './api-client';
import type { CampaignStats, CampaignSummary, CampaignVersion } from './api-types';

export const campaignPath = (id: string) => `/v1/campaigns/${encodeURIComponent(id)}`;

export const loadCampaign = (id: string) => api.get<CampaignSummary>(campaignPath(id));

export const loadStats = (id: string) => api.get<CampaignStats>(`${campaignPath(id)}/stats`);

/** `?version=3` or `?version=draft`; by default the live version, else the latest, else the draft. */
export function chosenVersion(campaign: CampaignSummary, query: URLSearchParams): number | 'draft' {
  const asked = query.get('version');
  if (asked === 'draft') return 'draft';
  const n = Number(asked);
  if (asked && Number.isInteger(n) && n >= 1 && n <= campaign.latestVersion) return n;
  return campaign.liveVersion ?? (campaign.latestVersion || 'draft');
}

export async function definitionOf(campaign: CampaignSummary, version: number | 'draft'): Promise<unknown> {
  if (version === 'draft') return campaign.draft;
  const frozen = await api.get<CampaignVersion>(`${campaignPath(campaign.id)}/versions/${version}`);
  return frozen.definition;
}
