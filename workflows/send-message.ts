// One message outside any campaign (a double opt-in confirmation): durable like a journey step, so a
// crash between the request and the send still ends in exactly one mail.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { JourneyActivities } from '../activities/journey-activities';
import type { JourneyEvent } from './journey-signals';

export interface SendMessageInput {
  contactId: string;
  template: string;
  channels: ('email' | 'push' | 'sms')[];
  event: Omit<JourneyEvent, 'id'>;
}

const { deliver } = proxyActivities<JourneyActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 150 },
});

export async function sendMessageWorkflow(input: SendMessageInput) {
  const { workflowId } = workflowInfo();
  return deliver({
    deliveryKey: `${workflowId}/send`,
    journeyId: workflowId,
    campaignId: 'system',
    campaignName: 'System messages',
    campaignVersion: 0,
    stepId: input.template,
    contactId: input.contactId,
    channels: input.channels,
    template: input.template,
    // Asked for by the person (e.g. a sign-up confirmation): no quiet hours, no cap, no prior consent.
    transactional: true,
    guardrails: { quietHours: null, frequencyCapPerDay: null },
    event: input.event,
    at: new Date().toISOString(),
  });
}
