// Which campaign steps render which template, read from the campaigns' drafts: the template screens
// show where a change will be seen.
import type { CampaignSummary } from './api-types';

export interface TemplateUse {
  campaignId: string;
  campaignName: string;
  stepId: string;
  channels: string[];
}

export function templateUsage(campaigns: CampaignSummary[]): Map<string, TemplateUse[]> {
  const uses = new Map<string, TemplateUse[]>();
  for (const campaign of campaigns) {
    const steps = (campaign.draft as { steps?: unknown } | undefined)?.steps;
    if (!Array.isArray(steps)) continue;
    for (const step of steps as { id?: unknown; type?: unknown; template?: unknown; channels?: unknown }[]) {
      if (typeof step?.template !== 'string' || typeof step.id !== 'string') continue;
      const channels =
        step.type === 'webhook' ? ['webhook'] : Array.isArray(step.channels) ? step.channels.map(String) : [];
      const list = uses.get(step.template) ?? [];
      list.push({ campaignId: campaign.id, campaignName: campaign.name, stepId: step.id, channels });
      uses.set(step.template, list);
    }
  }
  return uses;
}
