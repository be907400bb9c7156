// Renders a message exactly as a contact (or sample data) would get it, without sending, tracking or
// recording anything: the marketer's preview of a template or of a campaign step.
import type { CampaignDefinition } from '../campaigns/schema';
import { readContactScope } from '../store/contact-scope';
import type { Channel } from '../store/contacts';
import type { Store } from '../store/store';
import { previewMessage } from '../templates/preview';
import type { EventScope, RenderContext } from '../templates/render-context';
import { TemplateRenderer } from '../templates/renderer';
import type { Links } from '../tracking/links';
import { ContactNotFoundError } from './resolve-contact';
import { SHIPPED_TEMPLATES } from './template-library';

export interface PreviewRequest {
  template: string;
  /** Unsaved edits of the template's files: rendered on a scratch copy, nothing is stored. */
  files?: Record<string, string>;
  channel: Channel;
  locale?: string;
  contactId?: string;
  /** Sample contact fields when no contactId is given. */
  sampleContact?: Partial<RenderContext['contact']>;
  event?: { name: string; properties: Record<string, unknown> };
  waited?: { name: string; properties: Record<string, unknown> };
  campaign?: { id: string; name: string; version: number; stepId: string };
}

const SAMPLE_ID = '000000000000000000000000';

async function contactFor(store: Store, req: PreviewRequest): Promise<RenderContext['contact']> {
  if (!req.contactId) {
    return {
      id: SAMPLE_ID,
      email: 'lena.beispiel@example.de',
      firstName: 'Lena',
      lastName: 'Beispiel',
      locale: req.locale ?? 'de',
      timeZone: 'Europe/Berlin',
      attributes: {},
      tags: [],
      ...req.sampleContact,
    };
  }
  const c = await readContactScope(store, req.contactId);
  if (!c) throw new ContactNotFoundError(`contact ${req.contactId} does not exist`);
  return {
    id: c.id,
    email: c.email ?? null,
    firstName: c.firstName ?? null,
    lastName: c.lastName ?? null,
    locale: c.locale,
    timeZone: c.timeZone,
    attributes: c.attributes,
    tags: c.tags,
  };
}

export async function previewTemplate(
  deps: { store: Store; renderer: TemplateRenderer; links: Links },
  req: PreviewRequest,
) {
  const contact = await contactFor(deps.store, req);
  const at = new Date().toISOString();
  const scope = (e: PreviewRequest['event']): EventScope | undefined => (e ? { ...e, occurredAt: at } : undefined);
  const campaign = req.campaign ?? { id: 'preview', name: 'Preview', version: 0, stepId: 'preview' };
  const event = scope(req.event);
  const waited = scope(req.waited);
  const context: RenderContext = {
    contact,
    ...(event ? { event } : {}),
    ...(waited ? { waited } : {}),
    campaign,
    links: {
      unsubscribe: deps.links.unsubscribe({ contactId: contact.id, channel: req.channel, campaignId: campaign.id }),
      preferences: deps.links.preferences({ contactId: contact.id }),
    },
    message: { id: 'preview' },
  };
  let renderer = deps.renderer;
  if (req.files) {
    renderer = TemplateRenderer.fromDirectory(SHIPPED_TEMPLATES);
    renderer.register(req.template, req.files);
  }
  return previewMessage(renderer, req.template, req.channel, req.locale ?? contact.locale, context);
}

/** The template and channel of a campaign step, for previewing the step as a whole. */
export function stepMessage(campaign: CampaignDefinition, stepId: string, channel?: Channel) {
  const step = campaign.steps.find((s) => s.id === stepId);
  if (!step || (step.type !== 'send' && step.type !== 'webhook')) return undefined;
  if (step.type === 'webhook') return { template: step.template ?? 'crm-handoff', channel: 'webhook' as const };
  const chosen = channel ?? step.channels[0];
  return chosen && step.channels.includes(chosen) ? { template: step.template, channel: chosen } : undefined;
}
