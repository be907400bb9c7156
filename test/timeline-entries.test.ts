// A contact's timeline reads as one list of plain sentences, newest first, each kind of thing once.
import { expect, test } from 'vitest';
import type { Timeline } from '../dashboard/src/api-types';
import { timelineEntries } from '../dashboard/src/timeline-entries';

const timeline: Timeline = {
  events: [
    {
      id: 'e1',
      name: 'cart.updated',
      occurredAt: '2025-03-01T10:00:00.000Z',
      source: 'website',
      properties: { cartId: 'c-1', total: 59.9, items: [] },
    },
    {
      id: 'e2',
      name: 'journey.entered',
      occurredAt: '2025-03-01T10:00:01.000Z',
      campaignId: 'abandoned-cart',
      stepId: 'wait-1h',
      properties: {},
    },
    {
      id: 'e3',
      name: 'email.sent',
      occurredAt: '2025-03-01T11:00:02.000Z',
      campaignId: 'abandoned-cart',
      stepId: 'send-reminder',
      channel: 'email',
      properties: { deliveryId: 'd1' },
    },
    {
      id: 'e4',
      name: 'email.opened',
      occurredAt: '2025-03-01T11:05:00.000Z',
      campaignId: 'abandoned-cart',
      stepId: 'send-reminder',
      channel: 'email',
      properties: {},
    },
    {
      id: 'e5',
      name: 'order.completed',
      occurredAt: '2025-03-01T12:00:00.000Z',
      source: 'store',
      properties: { total: 59.9, currency: 'EUR' },
    },
    {
      id: 'e6',
      name: 'campaign.converted',
      occurredAt: '2025-03-01T12:00:00.000Z',
      campaignId: 'abandoned-cart',
      stepId: 'send-reminder',
      channel: 'email',
      value: 59.9,
      properties: {},
    },
    {
      id: 'e7',
      name: 'journey.exited',
      occurredAt: '2025-03-01T12:00:01.000Z',
      campaignId: 'abandoned-cart',
      stepId: 'wait-24h',
      properties: { reason: 'goal:order.completed' },
    },
  ],
  deliveries: [
    {
      id: 'd1',
      campaignId: 'abandoned-cart',
      campaignVersion: 1,
      stepId: 'send-reminder',
      channel: 'email',
      status: 'accepted',
      createdAt: '2025-03-01T11:00:00.000Z',
      acceptedAt: '2025-03-01T11:00:02.000Z',
    },
  ],
  journeys: [],
};

test('events, messages, engagement, purchases, conversions and journey steps, newest first, without repeats', () => {
  expect(timelineEntries(timeline).map((e) => [e.kind, e.title, e.details.join(' · ')])).toEqual([
    ['journey', 'Left journey abandoned-cart', 'at step wait-24h · reason: goal:order.completed'],
    ['purchase', 'Purchase 59.9 EUR (order.completed)', 'from store'],
    ['conversion', 'Conversion credited to Email', 'abandoned-cart · step send-reminder · value 59.9'],
    ['engagement', 'Opened Email', 'abandoned-cart · step send-reminder'],
    ['message', 'Email sent', 'abandoned-cart v1 · step send-reminder'],
    ['journey', 'Entered journey abandoned-cart', 'at step wait-1h'],
    ['event', 'cart.updated', 'from website · cartId: c-1 · total: 59.9'],
  ]);
});
