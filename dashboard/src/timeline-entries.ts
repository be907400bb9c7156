// One contact's timeline as one list, newest first: the events from every source, the messages sent,
// engagement with them, purchases and conversions, and journey steps, each in a line of plain words.
import type { Timeline } from './api-types';

export type EntryKind = 'message' | 'engagement' | 'conversion' | 'purchase' | 'journey' | 'event';

export interface TimelineEntry {
  id: string;
  at: string;
  kind: EntryKind;
  title: string;
  details: string[];
  channel?: string;
  campaignId?: string;
}

const CHANNELS: Record<string, string> = { email: 'Email', push: 'Push', sms: 'SMS', webhook: 'Webhook' };
const DELIVERY_WORDS: Record<string, string> = {
  accepted: 'sent',
  sending: 'being sent',
  failed: 'failed',
  skipped: 'not sent',
  suppressed: 'suppressed',
};
const JOURNEY_WORDS: Record<string, string> = {
  entered: 'Entered journey',
  completed: 'Completed journey',
  exited: 'Left journey',
  converted: 'Converted in journey',
  stopped: 'Journey stopped',
  failed: 'Journey failed',
};
const ENGAGEMENT_WORDS: Record<string, string> = {
  opened: 'Opened',
  clicked: 'Clicked',
  unsubscribed: 'Unsubscribed from',
};

const channelName = (c: string | undefined) => (c ? (CHANNELS[c] ?? c) : 'message');

function scalarProperties(properties: Record<string, unknown> | undefined, limit: number): string[] {
  return Object.entries(properties ?? {})
    .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
    .slice(0, limit)
    .map(([k, v]) => `${k}: ${String(v)}`);
}

function where(campaignId: string | undefined, stepId: string | undefined, version?: number): string[] {
  if (!campaignId) return [];
  return [`${campaignId}${version ? ` v${version}` : ''}${stepId ? ` · step ${stepId}` : ''}`];
}

function eventEntry(e: Timeline['events'][number]): TimelineEntry {
  const base = { id: `event:${e.id}`, at: e.occurredAt, channel: e.channel, campaignId: e.campaignId };
  const dot = e.name.lastIndexOf('.');
  const scope = dot > 0 ? e.name.slice(0, dot) : '';
  const action = e.name.slice(dot + 1);
  const props = e.properties ?? {};
  if (scope === 'journey') {
    const reason = typeof props.reason === 'string' ? [`reason: ${props.reason}`] : [];
    const step = e.stepId ? [`at step ${e.stepId}`] : [];
    const title = `${JOURNEY_WORDS[action] ?? e.name} ${e.campaignId ?? ''}`.trim();
    return { ...base, kind: 'journey', title, details: [...step, ...reason] };
  }
  if (action === 'converted') {
    const value = e.value !== undefined ? [`value ${e.value}`] : [];
    return {
      ...base,
      kind: 'conversion',
      title: `Conversion credited to ${channelName(e.channel)}`,
      details: [...where(e.campaignId, e.stepId), ...value],
    };
  }
  if (CHANNELS[scope] && e.campaignId && (action === 'sent' || action === 'bounced' || action === 'delivered')) {
    return {
      ...base,
      kind: 'message',
      title: `${channelName(scope)} ${action}`,
      details: where(e.campaignId, e.stepId),
    };
  }
  if (ENGAGEMENT_WORDS[action] && e.campaignId) {
    const url = typeof props.url === 'string' ? [props.url] : [];
    return {
      ...base,
      kind: 'engagement',
      title: `${ENGAGEMENT_WORDS[action]} ${channelName(e.channel ?? scope)}`,
      details: [...where(e.campaignId, e.stepId), ...url],
    };
  }
  if (scope === 'order' || scope === 'purchase') {
    const total =
      props.total !== undefined ? `${String(props.total)}${props.currency ? ` ${String(props.currency)}` : ''}` : '';
    return {
      ...base,
      kind: 'purchase',
      title: `Purchase${total ? ` ${total}` : ''} (${e.name})`,
      details: [`from ${e.source ?? 'unknown source'}`],
    };
  }
  return {
    ...base,
    kind: 'event',
    title: e.name,
    details: [`from ${e.source ?? 'unknown source'}`, ...scalarProperties(props, 3)],
  };
}

export function timelineEntries(timeline: Timeline): TimelineEntry[] {
  const messages: TimelineEntry[] = timeline.deliveries.map((d) => ({
    id: `delivery:${d.id}`,
    at: d.acceptedAt ?? d.createdAt,
    kind: 'message',
    title: `${channelName(d.channel)} ${DELIVERY_WORDS[d.status] ?? d.status}`,
    details: [...where(d.campaignId, d.stepId, d.campaignVersion), ...(d.reason ? [d.reason] : [])],
    channel: d.channel,
    campaignId: d.campaignId,
  }));
  // "email.sent" and the like repeat a delivery the list already has; keep the delivery, which has its status.
  const deliveries = new Set(timeline.deliveries.map((d) => d.id));
  const events = timeline.events.filter(
    (e) => !(e.name.endsWith('.sent') && deliveries.has(String(e.properties?.deliveryId))),
  );
  return [...messages, ...events.map(eventEntry)].sort((a, b) => b.at.localeCompare(a.at));
}
