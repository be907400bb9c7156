// The live campaigns' frozen definitions, as the event router needs them on every event. Read from
// MongoDB at most once per `ttlMs`, so ingestion does not pay a query per event; a launch, pause or stop
// reaches every API process within that time.
import type { CampaignDefinition } from '../campaigns/schema';
import type { Store } from '../store/store';

export interface LiveCampaign {
  definition: CampaignDefinition;
  version: number;
}

export class LiveCampaigns {
  private cached?: { at: number; campaigns: LiveCampaign[] };

  constructor(
    private readonly store: Store,
    private readonly ttlMs = 1_000,
  ) {}

  async all(): Promise<LiveCampaign[]> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.campaigns;
    const live = await this.store.campaigns.find({ status: 'live' }, { _id: 1, liveVersion: 1 }).lean();
    const ids = live.map((c) => `${c._id}@${c.liveVersion}`);
    const versions = ids.length ? await this.store.campaignVersions.find({ _id: { $in: ids } }).lean() : [];
    const campaigns = versions.map((v) => ({ definition: v.definition as CampaignDefinition, version: v.version }));
    this.cached = { at: now, campaigns };
    return campaigns;
  }

  /** Forget the cache (after a launch/pause/stop in this process). */
  invalidate(): void {
    this.cached = undefined;
  }
}
