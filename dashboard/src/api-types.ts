// The JSON the /v1 API answers with, as the dashboard reads it (dates arrive as ISO strings). Shapes
// follow server/routes/* and engine/campaign-stats.ts, engine/contacts-service.ts; routes marked
// "optional" may not exist on a server yet (see capabilities.ts).

export type CampaignStatus = 'draft' | 'live' | 'paused' | 'stopped';
export type ChannelName = 'email' | 'push' | 'sms' | 'webhook';

export interface CampaignProblem {
  /** JSON Pointer into the campaign definition. */
  path: string;
  code: string;
  message: string;
}

export interface CampaignSummary {
  id: string;
  name: string;
  status: CampaignStatus;
  liveVersion?: number;
  latestVersion: number;
  draftRevision: number;
  draft: unknown;
  problems: CampaignProblem[];
  updatedAt?: string;
}

export interface CampaignVersion {
  campaignId: string;
  version: number;
  definition: unknown;
  launchedAt: string;
}

export interface Validation {
  ok: boolean;
  problems: CampaignProblem[];
}

export const FUNNEL_METRICS = ['entered', 'sent', 'opened', 'clicked', 'converted'] as const;
export type FunnelMetric = (typeof FUNNEL_METRICS)[number];

export type Counts = Record<
  FunnelMetric | 'delivered' | 'unsubscribed' | 'bounced' | 'suppressed' | 'skipped' | 'revenue',
  number
>;

export interface CampaignStats {
  campaignId: string;
  total: Counts;
  versions: (Counts & { version: number })[];
  /** `passed` (journeys that moved on from the step) is reported by newer servers only. */
  steps: (Counts & { version: number; stepId: string; passed?: number })[];
  activeByStep: { version: number; stepId: string; active: number }[];
  conversionsByLastTouchChannel: Record<string, { converted: number; revenue: number }>;
  channelPaths: Record<string, number>;
  splitArms: { arm: string; entered: number; converted: number; conversionRate: number }[];
}

/** Optional: GET /v1/campaigns/{id}/stats/series */
export interface StatsSeries {
  interval: 'hour' | 'day';
  buckets: (Pick<Counts, FunnelMetric | 'revenue'> & { start: string })[];
}

/** Optional: GET /v1/campaign-examples */
export interface CampaignExamples {
  examples: { id: string; name: string; description?: string; definition: Record<string, unknown> }[];
}

export interface Consent {
  status: 'granted' | 'revoked';
  updatedAt?: string;
  source?: string;
}

export interface Contact {
  id: string;
  email?: string;
  externalId?: string;
  phone?: string;
  firstName?: string;
  lastName?: string;
  locale?: string;
  timeZone?: string;
  attributes?: Record<string, unknown>;
  tags?: string[];
  consent?: Partial<Record<'email' | 'push' | 'sms', Consent>>;
  pushSubscriptions?: { endpoint: string }[];
}

export interface Timeline {
  events: {
    id: string;
    name: string;
    occurredAt: string;
    source?: string;
    properties?: Record<string, unknown>;
    campaignId?: string;
    stepId?: string;
    channel?: string;
    value?: number;
  }[];
  deliveries: {
    id: string;
    campaignId: string;
    campaignVersion: number;
    stepId: string;
    channel: string;
    status: 'sending' | 'accepted' | 'failed' | 'skipped' | 'suppressed';
    reason?: string;
    createdAt: string;
    acceptedAt?: string;
  }[];
  journeys: {
    id: string;
    campaignId: string;
    campaignVersion: number;
    status: string;
    stepId?: string;
    startedAt: string;
    endedAt?: string;
  }[];
}

/** Optional: GET /v1/templates (TemplateRenderer.list() in templates/renderer.ts). */
export interface TemplateList {
  templates: { id: string; description?: string; locales: Partial<Record<ChannelName, string[]>> }[];
}

/**
 * Optional: GET/PUT /v1/templates/{id}. Files as laid out in templates/template-files.ts:
 * "email.de.subject.hbs" → source, "meta.json" → source.
 */
export interface TemplateDocument {
  id: string;
  revision?: number;
  files: Record<string, string>;
}

/** Optional: POST /v1/templates/{id}/preview, answered with the renderer's RenderedParts. */
export type TemplatePreview = { locale: string } & (
  | { channel: 'email'; subject: string; html: string; text: string }
  | { channel: 'push'; title: string; body: string; url?: string; icon?: string }
  | { channel: 'sms'; text: string }
  | { channel: 'webhook'; body: unknown }
);
