// A goal event (a purchase in the web shop or the store) is credited to the last message of each
// campaign that touched the contact within that campaign's attribution window: last-touch attribution,
// with the channel path of the touches that led there.

import { matchesEvent } from '../campaigns/conditions';
import { parseDuration } from '../campaigns/duration';
import type { Store } from '../store/store';
import type { LiveCampaigns } from './live-campaigns';

export interface GoalEvent {
  eventId: string;
  name: string;
  contactId: string;
  properties: Record<string, unknown>;
  occurredAt: Date;
}

export async function attributeConversion(
  deps: { store: Store; live: LiveCampaigns },
  event: GoalEvent,
): Promise<number> {
  let credited = 0;
  for (const { definition } of await deps.live.all()) {
    const goal = definition.goal;
    if (!goal || goal.event !== event.name) continue;
    if (!matchesEvent(goal, { name: event.name, properties: event.properties }, {})) continue;
    const since = new Date(event.occurredAt.getTime() - parseDuration(goal.attributionWindow));
    const touches = await deps.store.deliveries
      .find({
        campaignId: definition.id,
        contactId: event.contactId,
        status: 'accepted',
        acceptedAt: { $gte: since, $lte: event.occurredAt },
      })
      .sort({ acceptedAt: 1 })
      .lean();
    const last = touches.at(-1);
    if (!last) continue;
    const value = Number(event.properties[goal.valueProperty]);
    await deps.store.events.updateOne(
      { _id: `conversion:${event.eventId}:${definition.id}` },
      {
        $setOnInsert: {
          name: 'campaign.converted',
          contactId: event.contactId,
          properties: {
            goalEventId: event.eventId,
            deliveryId: last._id,
            channelPath: touches.map((t) => t.channel),
          },
          source: 'omnidrip',
          occurredAt: event.occurredAt,
          receivedAt: new Date(),
          routedAt: new Date(),
          campaignId: definition.id,
          campaignVersion: last.campaignVersion,
          stepId: last.stepId,
          channel: last.channel,
          value: Number.isFinite(value) ? value : undefined,
        },
      },
      { upsert: true },
    );
    credited++;
  }
  return credited;
}
