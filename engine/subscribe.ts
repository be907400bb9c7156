// A sign-up from a website form: the contact's email consent becomes "pending" and a confirmation mail
// goes out; only the click on its link (the preference page with ?confirm=email) grants consent. The
// double opt-in is what German law (UWG §7) and mailbox providers expect before marketing mail.
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Store } from '../store/store';
import type { Links } from '../tracking/links';
import type { SendMessageInput } from '../workflows/send-message';
import { changeConsent, consentOf } from './consent-service';
import { resolveContact } from './resolve-contact';

export interface SubscribeInput {
  id: string;
  source: string;
  email: string;
  firstName?: string;
  locale?: string;
}

export async function subscribe(
  deps: { store: Store; temporal: Client; taskQueue: string; links: Links },
  input: SubscribeInput,
): Promise<{ contactId: string; status: 'confirmation_sent' | 'already_subscribed' }> {
  const contactId = await resolveContact(deps.store, { email: input.email });
  // A form fills gaps in the profile; it does not overwrite what sales or service entered.
  if (input.firstName) {
    await deps.store.contacts.updateOne(
      { _id: contactId, firstName: { $exists: false } },
      { $set: { firstName: input.firstName } },
    );
  }
  if (input.locale) await deps.store.contacts.updateOne({ _id: contactId }, { $set: { locale: input.locale } });
  if ((await consentOf(deps.store, contactId)).email === 'granted') return { contactId, status: 'already_subscribed' };
  await changeConsent(deps.store, {
    contactId,
    channel: 'email',
    status: 'pending',
    source: input.source,
    key: `subscribe:${input.source}:${input.id}`,
  });
  const message: SendMessageInput = {
    contactId,
    template: 'double-opt-in',
    channels: ['email'],
    event: {
      name: 'email.subscription_requested',
      properties: { confirmUrl: `${deps.links.preferences({ contactId })}?confirm=email` },
      occurredAt: new Date().toISOString(),
    },
  };
  try {
    await deps.temporal.workflow.start('sendMessageWorkflow', {
      // One confirmation per sign-up request, however often the form's webhook is retried.
      workflowId: `double-opt-in:${input.source}:${input.id}`,
      taskQueue: deps.taskQueue,
      args: [message],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { contactId, status: 'confirmation_sent' };
}
