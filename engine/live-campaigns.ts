// The live campaigns' frozen definitions, as the event router needs them on every event, and which
// campaigns have journeys that may listen for an event. Read from MongoDB at most once per `ttlMs`, so
// ingestion does not pay a query per event; a launch, pause or stop reaches every API process within that
// time.
import type { CampaignDefinition } from '../campaigns/schema';
import type { Store } from '../store/store';
import { listensTo } from '../workflows/journey-rules';

export interface LiveCampaign {
  definition: CampaignDefinition;
  version: number;
}

/** A campaign whose running journeys (of any version) react to some event names. */
export interface ListeningCampaign {
  campaignId: string;
  /** A version has entry.key: a contact may run several journeys, whose ids carry the key. */
  keyed: boolean;
}

interface Snapshot {
  at: number;
  campaigns: LiveCampaign[];
  listening: Map<string, ListeningCampaign[]>;
}

export class LiveCampaigns {
  private cached?: Snapshot;

  constructor(
    private readonly store: Store,
    private readonly ttlMs = 1_000,
  ) {}

  async all(): Promise<LiveCampaign[]> {
    return (await this.snapshot()).campaigns;
  }

  /** Campaigns with journeys that may be listening for `eventName`: live and paused ones, every version. */
  async listeningTo(eventName: string): Promise<ListeningCampaign[]> {
    return (await this.snapshot()).listening.get(eventName) ?? [];
  }

  /** Forget the cache (after a launch/pause/stop in this process). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async snapshot(): Promise<Snapshot> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached;
    // Paused campaigns take no new entries, but their journeys still run and still end on a purchase.
    const running = await this.store.campaigns
      .find({ status: { $in: ['live', 'paused'] } }, { _id: 1, status: 1, liveVersion: 1 })
      .lean();
    const versions = running.length
      ? await this.store.campaignVersions.find({ campaignId: { $in: running.map((c) => c._id) } }).lean()
      : [];
    const liveIds = new Set(running.filter((c) => c.status === 'live').map((c) => `${c._id}@${c.liveVersion}`));
    const campaigns = versions
      .filter((v) => liveIds.has(String(v._id)))
      .map((v) => ({ definition: v.definition as CampaignDefinition, version: v.version }));

    const names = new Map<string, Set<string>>();
    const keyed = new Set<string>();
    for (const v of versions) {
      const definition = v.definition as CampaignDefinition;
      if (definition.entry?.key) keyed.add(definition.id);
      for (const name of listensTo(definition)) {
        const ids = names.get(name) ?? new Set<string>();
        ids.add(definition.id);
        names.set(name, ids);
      }
    }
    const listening = new Map(
      [...names].map(([name, ids]) => [name, [...ids].map((id) => ({ campaignId: id, keyed: keyed.has(id) }))]),
    );
    this.cached = { at: now, campaigns, listening };
    return this.cached;
  }
}
