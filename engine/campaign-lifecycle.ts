// A campaign's life: drafts are edited freely; launch freezes the draft into a numbered version that
// new entries use, while journeys already running finish on the version they started with. Pause stops
// new entries, resume allows them again, stop also ends every journey in flight (recorded as stopped).
import type { Client } from '@temporalio/client';
import type { CampaignDefinition } from '../campaigns/schema';
import type { TemplateCatalog } from '../campaigns/template-catalog';
import { type Problem, validateCampaign } from '../campaigns/validate';
import type { CampaignStatus } from '../store/campaigns';
import type { Store } from '../store/store';
import { stopSignal } from '../workflows/journey-signals';
import { launchAudience, syncSchedule } from './launch-audience';
import type { LiveCampaigns } from './live-campaigns';
import { signalIfRunning } from './signal-journey';

export class CampaignNotFoundError extends Error {
  readonly code = 'CAMPAIGN_NOT_FOUND';
  constructor(readonly campaignId: string) {
    super(`campaign ${campaignId} does not exist`);
  }
}

export class CampaignInvalidError extends Error {
  readonly code = 'CAMPAIGN_INVALID';
  constructor(readonly problems: Problem[]) {
    super(`the campaign has ${problems.length} problem(s)`);
  }
}

export class CampaignStateError extends Error {
  readonly code = 'CAMPAIGN_STATE';
}

export class CampaignExistsError extends Error {
  readonly code = 'CAMPAIGN_EXISTS';
}

export interface LifecycleDeps {
  store: Store;
  temporal: Client;
  taskQueue: string;
  catalog: TemplateCatalog;
  live: LiveCampaigns;
  /** Brings the catalog up to date (templates uploaded through another API process) before a check. */
  refreshCatalog?: () => Promise<void>;
}

export interface CampaignSummary {
  id: string;
  name: string;
  status: CampaignStatus;
  liveVersion?: number;
  latestVersion: number;
  draftRevision: number;
  draft: unknown;
  problems: Problem[];
  createdAt?: Date;
  updatedAt?: Date;
}

async function load(store: Store, id: string) {
  const campaign = await store.campaigns.findById(id).lean();
  if (!campaign) throw new CampaignNotFoundError(id);
  return campaign;
}

function summarize(c: Awaited<ReturnType<typeof load>>, problems: Problem[]): CampaignSummary {
  return {
    id: c._id,
    name: c.name,
    status: c.status,
    liveVersion: c.liveVersion ?? undefined,
    latestVersion: c.latestVersion ?? 0,
    draftRevision: c.draftRevision,
    draft: c.draft,
    problems,
    createdAt: (c as { createdAt?: Date }).createdAt,
    updatedAt: (c as { updatedAt?: Date }).updatedAt,
  };
}

/** Structural problems reject a save; problems that only matter at launch (a missing template) are reported. */
async function validate(deps: LifecycleDeps, definition: unknown) {
  await deps.refreshCatalog?.();
  return validateCampaign(definition, deps.catalog);
}

async function checkDraft(deps: LifecycleDeps, definition: unknown) {
  const result = await validate(deps, definition);
  const problems = result.ok ? [] : result.problems;
  const structural = problems.filter((p) => p.code === 'schema');
  if (structural.length > 0) throw new CampaignInvalidError(problems);
  return problems;
}

export async function createCampaign(deps: LifecycleDeps, definition: unknown): Promise<CampaignSummary> {
  const problems = await checkDraft(deps, definition);
  const def = definition as CampaignDefinition;
  try {
    await deps.store.campaigns.create({
      _id: def.id,
      name: def.name,
      status: 'draft',
      draft: definition,
      draftRevision: 1,
    });
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw new CampaignExistsError(`campaign ${def.id} already exists`);
    throw err;
  }
  return summarize(await load(deps.store, def.id), problems);
}

export async function updateDraft(deps: LifecycleDeps, id: string, definition: unknown): Promise<CampaignSummary> {
  await load(deps.store, id);
  const def = { ...(definition as Record<string, unknown>), id };
  const problems = await checkDraft(deps, def);
  await deps.store.campaigns.updateOne(
    { _id: id },
    { $set: { draft: def, name: (def as CampaignDefinition).name }, $inc: { draftRevision: 1 } },
  );
  return summarize(await load(deps.store, id), problems);
}

export async function getCampaign(deps: LifecycleDeps, id: string): Promise<CampaignSummary> {
  const campaign = await load(deps.store, id);
  const result = await validate(deps, campaign.draft);
  return summarize(campaign, result.ok ? [] : result.problems);
}

export async function listCampaigns(deps: LifecycleDeps): Promise<CampaignSummary[]> {
  const all = await deps.store.campaigns.find().sort({ _id: 1 }).lean();
  return all.map((c) => summarize(c, []));
}

export async function getVersion(deps: LifecycleDeps, id: string, version: number) {
  const v = await deps.store.campaignVersions.findById(`${id}@${version}`).lean();
  if (!v) throw new CampaignNotFoundError(`${id}@${version}`);
  return {
    campaignId: v.campaignId,
    version: v.version,
    definition: v.definition as CampaignDefinition,
    launchedAt: v.launchedAt,
  };
}

export async function launchCampaign(deps: LifecycleDeps, id: string): Promise<CampaignSummary> {
  const campaign = await load(deps.store, id);
  if (campaign.status === 'stopped')
    throw new CampaignStateError('a stopped campaign cannot be launched again; create a new one');
  const result = await validate(deps, campaign.draft);
  if (!result.ok) throw new CampaignInvalidError(result.problems);
  const version = (campaign.latestVersion ?? 0) + 1;
  await deps.store.campaignVersions.create({
    _id: `${id}@${version}`,
    campaignId: id,
    version,
    definition: result.campaign,
    launchedAt: new Date(),
  });
  const triggerEvent = result.campaign.trigger.type === 'event' ? result.campaign.trigger.event : undefined;
  await deps.store.campaigns.updateOne(
    { _id: id },
    { $set: { status: 'live', liveVersion: version, latestVersion: version, triggerEvent } },
  );
  deps.live.invalidate();
  await launchAudience(deps, result.campaign, version);
  return summarize(await load(deps.store, id), []);
}

async function setStatus(deps: LifecycleDeps, id: string, from: CampaignStatus[], to: CampaignStatus) {
  const campaign = await load(deps.store, id);
  if (!from.includes(campaign.status)) {
    throw new CampaignStateError(`cannot go from ${campaign.status} to ${to}; allowed from ${from.join(', ')}`);
  }
  await deps.store.campaigns.updateOne({ _id: id }, { $set: { status: to } });
  deps.live.invalidate();
  return campaign;
}

export async function pauseCampaign(deps: LifecycleDeps, id: string): Promise<CampaignSummary> {
  await setStatus(deps, id, ['live'], 'paused');
  await syncSchedule(deps, id, 'pause');
  return getCampaign(deps, id);
}

export async function resumeCampaign(deps: LifecycleDeps, id: string): Promise<CampaignSummary> {
  await setStatus(deps, id, ['paused'], 'live');
  await syncSchedule(deps, id, 'resume');
  return getCampaign(deps, id);
}

/** Stops new entries and ends every journey in flight; returns how many were told to stop. */
export async function stopCampaign(
  deps: LifecycleDeps,
  id: string,
): Promise<{ campaign: CampaignSummary; stopping: number }> {
  await setStatus(deps, id, ['live', 'paused', 'draft'], 'stopped');
  await syncSchedule(deps, id, 'stop');
  const active = await deps.store.journeys.find({ campaignId: id, status: 'active' }, { workflowId: 1 }).lean();
  for (const journey of active) {
    await signalIfRunning(deps.temporal, journey.workflowId, stopSignal, { reason: 'campaign_stopped' });
  }
  return { campaign: await getCampaign(deps, id), stopping: active.length };
}
