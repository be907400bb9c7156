// The links in our messages, as a customer meets them: the open pixel, tracked clicks (redirecting only
// to the URL we signed), one-click unsubscribe (RFC 8058) with a confirming page, and the preference
// page, which also confirms a double opt-in. Every interaction is an event on the contact's timeline,
// routed like any other, so journeys can branch on "clicked step X".
import type { Request, Response } from 'express';
import { z } from 'zod';
import { changeConsent, consentOf } from '../../engine/consent-service';
import { type IncomingEvent, ingestEvent } from '../../engine/ingest-event';
import type { RouterDeps } from '../../engine/route-event';
import { CONSENT_CHANNELS, type ConsentChannel } from '../../store/contacts';
import type { LinkPayload, Links } from '../../tracking/links';
import type { ApiRoutes } from '../api-route';
import { customerPage, pageText } from '../customer-page';

const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const tokenParams = z.strictObject({ token: z.string().min(10).max(4096) });

function verified<K extends LinkPayload['kind']>(links: Links, token: string, kind: K) {
  try {
    const payload = links.verify(token);
    return payload.kind === kind ? (payload as Extract<LinkPayload, { kind: K }>) : undefined;
  } catch {
    return undefined;
  }
}

async function localeOf(deps: RouterDeps, contactId: string): Promise<string> {
  const c = await deps.store.contacts.findById(contactId, { locale: 1 }).lean();
  return c?.locale ?? 'de';
}

function invalidLink(res: Response) {
  res
    .status(404)
    .type('html')
    .send(customerPage('de', 'invalidTitle', pageText('de', 'invalidBody')));
}

/** An engagement event for a delivery, routed to the journey that sent it. Repeats are one event. */
async function recordEngagement(
  deps: RouterDeps,
  deliveryId: string,
  action: 'opened' | 'clicked',
  key: string,
  extra = {},
) {
  const delivery = await deps.store.deliveries.findById(deliveryId).lean();
  if (!delivery) return;
  const event: IncomingEvent = {
    id: `${action}:${key}`,
    name: `${delivery.channel}.${action}`,
    contact: { id: String(delivery.contactId) },
    properties: { journeyId: delivery.journeyId, stepId: delivery.stepId, deliveryId, ...extra },
    source: 'omnidrip',
    attribution: {
      campaignId: delivery.campaignId,
      campaignVersion: delivery.campaignVersion,
      stepId: delivery.stepId,
      channel: delivery.channel,
    },
  };
  await ingestEvent(deps, event);
}

export function customerLinkRoutes(api: ApiRoutes, deps: RouterDeps & { links: Links }) {
  const { links } = deps;

  const unsubscribe = async (req: Request, res: Response, token: string) => {
    const link = verified(links, token, 'unsubscribe');
    if (!link) return invalidLink(res);
    await changeConsent(deps.store, {
      contactId: link.contactId,
      channel: link.channel as ConsentChannel,
      status: 'revoked',
      source: req.method === 'POST' ? 'one-click-unsubscribe' : 'unsubscribe-page',
      campaignId: link.campaignId,
      key: `unsubscribe:${link.contactId}:${link.channel}:${link.campaignId ?? ''}`,
    });
    const locale = await localeOf(deps, link.contactId);
    res.type('html').send(
      customerPage(locale, 'unsubscribedTitle', pageText(locale, 'unsubscribedBody'), {
        href: links.preferences({ contactId: link.contactId }),
        label: pageText(locale, 'managePreferences'),
      }),
    );
  };

  api
    .add({
      method: 'get',
      path: '/t/o/:token',
      operationId: 'trackOpen',
      summary: 'Open pixel (a 1×1 GIF); records the open once per message',
      tag: 'Customers',
      access: { kind: 'public' },
      params: tokenParams,
      responses: { 200: { description: 'A transparent GIF', contentType: 'image/gif' } },
      handler: async ({ params, res }) => {
        const link = verified(links, params.token, 'open');
        if (link) await recordEngagement(deps, link.deliveryId, 'opened', link.deliveryId);
        res.set({ 'cache-control': 'no-store, max-age=0', 'content-type': 'image/gif' }).send(PIXEL);
        return undefined;
      },
    })
    .add({
      method: 'get',
      path: '/t/c/:token',
      operationId: 'trackClick',
      summary: 'Tracked link: records the click and redirects to the signed target (never anywhere else)',
      tag: 'Customers',
      access: { kind: 'public' },
      params: tokenParams,
      responses: { 302: { description: 'Redirect to the original link' }, 404: { description: 'Not a valid link' } },
      handler: async ({ params, res }) => {
        const link = verified(links, params.token, 'click');
        if (!link) {
          invalidLink(res);
          return undefined;
        }
        await recordEngagement(deps, link.deliveryId, 'clicked', `${link.deliveryId}:${link.url}`, { url: link.url });
        res.redirect(302, link.url);
        return undefined;
      },
    })
    .add({
      method: 'get',
      path: '/u/:token',
      operationId: 'unsubscribePage',
      summary: 'Unsubscribe page: asks for confirmation (mail scanners follow GET links, so GET changes nothing)',
      tag: 'Customers',
      access: { kind: 'public' },
      params: tokenParams,
      responses: {
        200: { description: 'HTML page', contentType: 'text/html' },
        404: { description: 'Not a valid link' },
      },
      handler: async ({ params, res }) => {
        const link = verified(links, params.token, 'unsubscribe');
        if (!link) {
          invalidLink(res);
          return undefined;
        }
        const locale = await localeOf(deps, link.contactId);
        res.type('html').send(
          customerPage(locale, 'unsubscribeTitle', pageText(locale, 'unsubscribeBody'), undefined, {
            action: `/u/${params.token}`,
            button: pageText(locale, 'unsubscribeButton'),
          }),
        );
        return undefined;
      },
    })
    .add({
      method: 'post',
      path: '/u/:token',
      operationId: 'unsubscribe',
      summary: 'One-click unsubscribe (RFC 8058 List-Unsubscribe-Post) and the confirm button of the page',
      tag: 'Customers',
      access: { kind: 'public' },
      params: tokenParams,
      responses: {
        200: { description: 'Unsubscribed (HTML page)', contentType: 'text/html' },
        404: { description: 'Not a valid link' },
      },
      handler: async ({ params, req, res }) => {
        await unsubscribe(req, res, params.token);
        return undefined;
      },
    })
    .add({
      method: 'get',
      path: '/p/:token',
      operationId: 'preferencePage',
      summary: 'Preference page: consent per channel; with ?confirm=email it confirms a double opt-in',
      tag: 'Customers',
      access: { kind: 'public' },
      params: tokenParams,
      query: z.strictObject({ confirm: z.enum(CONSENT_CHANNELS).optional() }),
      responses: {
        200: { description: 'HTML page', contentType: 'text/html' },
        404: { description: 'Not a valid link' },
      },
      handler: async ({ params, query, res }) => {
        const link = verified(links, params.token, 'preferences');
        if (!link) {
          invalidLink(res);
          return undefined;
        }
        let notice: string | undefined;
        if (query.confirm) {
          const before = await consentOf(deps.store, link.contactId);
          if (before[query.confirm] === 'pending') {
            await changeConsent(deps.store, {
              contactId: link.contactId,
              channel: query.confirm,
              status: 'granted',
              source: 'double-opt-in',
              key: `doi:${link.contactId}:${query.confirm}`,
            });
          }
          notice = 'confirmed';
        }
        await renderPreferences(res, deps, params.token, link.contactId, notice);
        return undefined;
      },
    })
    .add({
      method: 'post',
      path: '/p/:token',
      operationId: 'savePreferences',
      summary: 'Save the preference page (form fields email, push, sms: "on" = subscribed)',
      tag: 'Customers',
      access: { kind: 'public' },
      params: tokenParams,
      body: z.object({
        email: z.literal('on').optional(),
        push: z.literal('on').optional(),
        sms: z.literal('on').optional(),
      }),
      responses: {
        200: { description: 'Saved (HTML page)', contentType: 'text/html' },
        404: { description: 'Not a valid link' },
      },
      handler: async ({ params, body, res }) => {
        const link = verified(links, params.token, 'preferences');
        if (!link) {
          invalidLink(res);
          return undefined;
        }
        const before = await consentOf(deps.store, link.contactId);
        for (const channel of CONSENT_CHANNELS) {
          const wanted = body[channel] === 'on' ? 'granted' : 'revoked';
          // Only real changes: unticking a channel never subscribed to must not record an unsubscribe.
          const current = before[channel];
          if (wanted === 'granted' ? current !== 'granted' : current === 'granted' || current === 'pending') {
            await changeConsent(deps.store, {
              contactId: link.contactId,
              channel,
              status: wanted,
              source: 'preference-page',
            });
          }
        }
        await renderPreferences(res, deps, params.token, link.contactId, 'saved');
        return undefined;
      },
    });
}

async function renderPreferences(res: Response, deps: RouterDeps, token: string, contactId: string, notice?: string) {
  const locale = await localeOf(deps, contactId);
  const consent = await consentOf(deps.store, contactId);
  res.type('html').send(
    customerPage(
      locale,
      'preferencesTitle',
      notice
        ? pageText(locale, notice === 'confirmed' ? 'confirmedBody' : 'savedBody')
        : pageText(locale, 'preferencesBody'),
      undefined,
      {
        action: `/p/${token}`,
        button: pageText(locale, 'save'),
        checkboxes: CONSENT_CHANNELS.map((channel) => ({
          name: channel,
          label: pageText(locale, `channel_${channel}`),
          checked: consent[channel] === 'granted',
        })),
      },
    ),
  );
}
