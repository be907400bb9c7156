// Templates as a customer reads them: German and English copy with locale fallback, escaping, strict
// variables, tracked links, and what the campaign validator learns about each template.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { validateCampaign } from '../campaigns/validate';
import { createTemplateCatalog } from '../templates/catalog';
import { previewMessage } from '../templates/preview';
import type { EventScope, RenderContext } from '../templates/render-context';
import { TemplateRenderer } from '../templates/renderer';
import { TemplateError } from '../templates/template-error';
import { createLinks, LinkTokenError } from '../tracking/links';

const templatesDir = fileURLToPath(new URL('../templates', import.meta.url));
const renderer = TemplateRenderer.fromDirectory(templatesDir);
const links = createLinks({ publicUrl: 'https://news.nordwind.example/', secret: 'test-link-secret-0123456789' });

const cart: EventScope = {
  name: 'cart.updated',
  occurredAt: '2024-11-04T17:20:00.000Z',
  properties: {
    cartId: 'cart-77',
    currency: 'EUR',
    total: 289.8,
    cartUrl: 'https://shop.nordwind.example/cart?id=77&utm_source=mail',
    items: [
      {
        sku: 'JKT-FJELL-M',
        name: 'Regenjacke „Fjell“ <script>alert(1)</script>',
        size: 'M',
        quantity: 1,
        price: 229.9,
        imageUrl: 'https://img.nordwind.example/fjell.jpg',
        url: 'https://shop.nordwind.example/p/fjell?variant=M',
      },
      {
        sku: 'SOCK-MERINO-42',
        name: 'Merino-Wandersocken',
        size: '42-44',
        quantity: 2,
        price: 29.95,
        imageUrl: 'https://img.nordwind.example/socks.jpg',
        url: 'https://shop.nordwind.example/p/socks',
      },
    ],
  },
};

/** Intl puts no-break spaces between amount and currency; compare with plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

function contextFor(locale: string, event?: EventScope, attributes: Record<string, unknown> = {}): RenderContext {
  return {
    contact: {
      id: 'contact-1',
      email: 'jana@example.org',
      firstName: 'Jana',
      lastName: 'Kowalski',
      locale,
      timeZone: 'Europe/Vienna',
      attributes,
      tags: ['newsletter'],
    },
    ...(event ? { event } : {}),
    campaign: { id: 'abandoned-cart', name: 'Warenkorbabbrecher', version: 3, stepId: 'send-reminder' },
    links: {
      unsubscribe: links.unsubscribe({ contactId: 'contact-1', channel: 'email', campaignId: 'abandoned-cart' }),
      preferences: links.preferences({ contactId: 'contact-1' }),
    },
    message: { id: 'd_test' },
  };
}

describe('locales', () => {
  test('an Austrian contact gets the German copy with Austrian number formatting', () => {
    const mail = renderer.render('cart-reminder', 'email', 'de-AT', contextFor('de-AT', cart));
    expect(mail.locale).toBe('de');
    expect(mail.subject).toBe('Dein Warenkorb wartet noch auf dich');
    expect(mail.html).toContain('<html lang="de-AT">');
    expect(mail.html).toContain('Hallo Jana,');
    expect(plain(mail.text)).toContain('Summe: € 289,80');
    expect(mail.text).toContain('Abmelden: https://news.nordwind.example/u/');
  });

  test('a British contact gets the English copy; a language without copy gets German', () => {
    const english = renderer.render('cart-reminder', 'email', 'en-GB', contextFor('en-GB', cart));
    expect(english.locale).toBe('en');
    expect(english.subject).toBe('Your cart is still waiting for you');
    expect(plain(english.text)).toContain('Total: €289.80');
    expect(english.text).toContain('Unsubscribe: https://news.nordwind.example/u/');

    const french = renderer.render('cart-reminder', 'email', 'fr', contextFor('fr', cart));
    expect(french.locale).toBe('de');
    expect(french.subject).toBe('Dein Warenkorb wartet noch auf dich');
    expect(plain(french.text)).toContain('Summe: 289,80 €');
    expect(french.html).toContain('<html lang="de">');
  });

  test('a template with only a German webhook body serves every locale', () => {
    const handoff = renderer.render('crm-handoff', 'webhook', 'en', contextFor('en', cart));
    expect(handoff.locale).toBe('de');
    // A lone variable keeps its type: the campaign version is a number, tags a list, the trigger an object.
    expect(handoff.body).toMatchObject({
      type: 'lead.handoff',
      campaign: { id: 'abandoned-cart', version: 3, step: 'send-reminder' },
      contact: { id: 'contact-1', email: 'jana@example.org', tags: ['newsletter'] },
      trigger: { name: 'cart.updated', properties: { cartId: 'cart-77' } },
    });
    // Segment campaigns have no trigger event: the hand-off says so instead of failing.
    const fromSegment = renderer.render('crm-handoff', 'webhook', 'de', { ...contextFor('de'), event: null });
    expect(fromSegment.body).toMatchObject({ trigger: null, contact: { id: 'contact-1' } });
  });
});

describe('content', () => {
  test('shop data is HTML-escaped in the HTML part and written as is in the text part', () => {
    const mail = renderer.render('cart-reminder', 'email', 'de', contextFor('de', cart));
    expect(mail.html).toContain('Regenjacke „Fjell“ &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).not.toContain('<script>');
    expect(plain(mail.text)).toContain('- Regenjacke „Fjell“ <script>alert(1)</script> · Größe M · Menge 1 · 229,90 €');
    expect(plain(mail.text)).toContain('- Merino-Wandersocken · Größe 42-44 · Menge 2 · 29,95 €');
  });

  test('a missing variable is an error, not a gap in the message', () => {
    const render = () => renderer.render('cart-reminder', 'email', 'de', contextFor('de'));
    expect(render).toThrow(TemplateError);
    expect(render).toThrow(expect.objectContaining({ code: 'render_failed' }));
    const noTitle = {
      ...cart,
      name: 'whitepaper.downloaded',
      properties: { whitepaperId: 'omni-guide', downloadUrl: 'https://x.example/a.pdf' },
    };
    expect(() => renderer.render('whitepaper-download', 'email', 'de', contextFor('de', noTitle))).toThrow(
      expect.objectContaining({ code: 'render_failed' }),
    );
  });

  test('the incentive code comes from the contact, with a default', () => {
    const withCode = renderer.render(
      'cart-incentive',
      'email',
      'de',
      contextFor('de', cart, { incentiveCode: 'JANA15' }),
    );
    expect(withCode.html).toContain('JANA15');
    const withoutCode = renderer.render('cart-incentive', 'email', 'de', contextFor('de', cart));
    expect(withoutCode.html).toContain('NORDWIND10');
    // No text file: the text part is made from the HTML, links written out.
    expect(withoutCode.text).toContain('NORDWIND10');
    expect(withoutCode.text).toContain(
      'Jetzt Code einlösen (https://shop.nordwind.example/cart?id=77&utm_source=mail)',
    );
    expect(withoutCode.text).not.toMatch(/<[a-z]/i);
  });

  test('a push notification is JSON whose strings are not HTML-escaped', () => {
    const restock: EventScope = {
      name: 'back_in_stock.subscribed',
      occurredAt: '2024-11-04T17:20:00.000Z',
      properties: {
        productId: 'p-1',
        variantId: 'v-1-43',
        productName: 'Wanderschuh "Alpin" & Co',
        size: '43',
        productUrl: 'https://shop.nordwind.example/p/alpin?size=43',
      },
    };
    const push = renderer.render('back-in-stock-alert', 'push', 'de', contextFor('de', restock));
    expect(push).toMatchObject({
      title: 'Deine Größe ist wieder da!',
      body: 'Wanderschuh "Alpin" & Co in 43 ist zurück – aber nicht lange. Jetzt sichern.',
      url: 'https://shop.nordwind.example/p/alpin?size=43',
      tag: 'restock-v-1-43',
    });
    const sms = renderer.render('back-in-stock-alert', 'sms', 'en', contextFor('en', restock));
    expect(sms.text).toBe(
      'Nordwind Outdoor: Your size is back! Wanderschuh "Alpin" & Co in 43 – get it now: https://shop.nordwind.example/p/alpin?size=43 Reply STOP to opt out',
    );
  });

  test('templates cannot reach prototype properties', () => {
    const probe = new TemplateRenderer();
    probe.register('probe', { 'sms.de.text.hbs': '{{contact.attributes.constructor.name}}' });
    expect(() => probe.render('probe', 'sms', 'de', contextFor('de'))).toThrow(TemplateError);
  });
});

describe('tracking', () => {
  const track = (url: string) => links.click(url, { deliveryId: 'd_test', contactId: 'contact-1' });

  test('every link is tracked except unsubscribe and preferences, and each token leads to the original URL', () => {
    const context = contextFor('de', cart);
    const mail = renderer.render('cart-reminder', 'email', 'de', context, {
      trackClick: track,
      openPixelUrl: links.open({ deliveryId: 'd_test', contactId: 'contact-1' }),
    });
    const hrefs = [...mail.html.matchAll(/<a\s[^>]*href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    const tracked = hrefs.filter((href) => href.startsWith('https://news.nordwind.example/t/c/'));
    expect(hrefs.filter((href) => !tracked.includes(href)).sort()).toEqual(
      [context.links.preferences, context.links.unsubscribe].sort(),
    );
    const targets = tracked.map((href) => links.verify(href.split('/t/c/')[1]!));
    expect(targets.map((t) => (t.kind === 'click' ? t.url : undefined))).toEqual(
      expect.arrayContaining([
        'https://shop.nordwind.example/cart?id=77&utm_source=mail',
        'https://shop.nordwind.example/p/fjell?variant=M',
        'https://www.nordwind-outdoor.example/impressum',
      ]),
    );
    expect(targets.every((t) => t.kind === 'click' && t.deliveryId === 'd_test' && t.contactId === 'contact-1')).toBe(
      true,
    );
    // The text part links to the same tokens.
    expect(mail.text).toContain(`Zum Warenkorb: ${track('https://shop.nordwind.example/cart?id=77&utm_source=mail')}`);
    expect(mail.text).not.toContain('https://shop.nordwind.example/cart');
    expect(mail.html).toMatch(
      /<img src="https:\/\/news\.nordwind\.example\/t\/o\/[\w-]+\.gif" width="1" height="1"[^>]*><\/body>/,
    );
  });

  test('without tracking options links stay as written (preview)', () => {
    const preview = previewMessage(renderer, 'cart-reminder', 'email', 'de', contextFor('de', cart));
    expect(preview.html).toContain('href="https://shop.nordwind.example/cart?id&#x3D;77&amp;utm_source&#x3D;mail"');
    expect(preview.html).not.toContain('/t/o/');
  });
});

describe('signed links', () => {
  test('each kind of link carries its payload and rejects tampering', () => {
    const unsubscribe = links.unsubscribe({ contactId: 'c-9', channel: 'push', campaignId: 'back-in-stock' });
    const token = unsubscribe.split('/u/')[1]!;
    expect(links.verify(token)).toEqual({
      kind: 'unsubscribe',
      contactId: 'c-9',
      channel: 'push',
      campaignId: 'back-in-stock',
    });
    expect(links.verify(links.preferences({ contactId: 'c-9' }).split('/p/')[1]!)).toEqual({
      kind: 'preferences',
      contactId: 'c-9',
    });
    const open = links.open({ deliveryId: 'd_1', contactId: 'c-9' }).split('/t/o/')[1]!;
    expect(open.endsWith('.gif')).toBe(true);
    expect(links.verify(open)).toEqual({ kind: 'open', deliveryId: 'd_1', contactId: 'c-9' });

    const bytes = Buffer.from(token, 'base64url');
    bytes[2] = (bytes[2] ?? 0) ^ 1;
    expect(() => links.verify(bytes.toString('base64url'))).toThrow(expect.objectContaining({ code: 'bad_signature' }));
    const otherSecret = createLinks({
      publicUrl: 'https://news.nordwind.example',
      secret: 'another-secret-0123456789',
    });
    expect(() => otherSecret.verify(token)).toThrow(LinkTokenError);
    expect(() => links.verify('not a token!')).toThrow(expect.objectContaining({ code: 'malformed' }));
  });

  test('a click link only ever redirects to the http(s) URL it was made for', () => {
    expect(() => links.click('javascript:alert(1)', { deliveryId: 'd', contactId: 'c' })).toThrow(
      expect.objectContaining({ code: 'invalid_target' }),
    );
    const click = links.click('https://shop.nordwind.example/p/1', { deliveryId: 'd', contactId: 'c' });
    expect(click.length).toBeLessThan(160);
    expect(links.verify(click.split('/t/c/')[1]!)).toMatchObject({ url: 'https://shop.nordwind.example/p/1' });
  });
});

describe('catalog', () => {
  const catalog = createTemplateCatalog(renderer);

  test('reports what a template reads, including partials, with loop items as the list they come from', () => {
    expect(catalog.variables('cart-reminder', 'email')).toEqual([
      'contact.firstName',
      'event.properties.cartUrl',
      'event.properties.currency',
      'event.properties.items',
      'event.properties.total',
      'links.preferences',
      'links.unsubscribe',
    ]);
    expect(catalog.variables('cart-incentive', 'email')).toContain('contact.attributes.incentiveCode');
    expect(catalog.variables('back-in-stock-alert', 'sms')).toEqual([
      'event.properties.productName',
      'event.properties.productUrl',
      'event.properties.size',
    ]);
  });

  test('knows which channels a template has', () => {
    expect(catalog.has('cart-reminder', 'push')).toBe(true);
    expect(catalog.has('cart-reminder', 'sms')).toBe(false);
    expect(catalog.has('back-in-stock-alert', 'sms')).toBe(true);
    expect(catalog.has('no-such-template', 'email')).toBe(false);
  });

  test('the example campaigns validate against the real templates', () => {
    for (const name of ['abandoned-cart', 'back-in-stock', 'whitepaper-drip']) {
      const campaign = JSON.parse(readFileSync(new URL(`../campaigns/${name}.json`, import.meta.url), 'utf8'));
      const result = validateCampaign(campaign, catalog);
      expect(result.ok ? [] : result.problems, name).toEqual([]);
    }
  });
});

describe('uploaded templates', () => {
  test('render like the ones on disk, with the shared layout and partials', () => {
    const uploads = TemplateRenderer.fromDirectory(templatesDir);
    uploads.register('winter-sale', {
      'meta.json': JSON.stringify({ channels: ['email'], description: 'Winterschlussverkauf' }),
      'email.de.subject.hbs': 'Winter-Sale: bis zu 40 % für dich, {{default contact.firstName "Outdoor-Fan"}}',
      'email.de.html.hbs': '{{> greeting}}<p>Jetzt <a href="https://shop.nordwind.example/sale">zum Sale</a>.</p>',
    });
    const mail = uploads.render('winter-sale', 'email', 'de', contextFor('de', cart));
    expect(mail.subject).toBe('Winter-Sale: bis zu 40 % für dich, Jana');
    expect(mail.html).toContain('NORDWIND OUTDOOR');
    expect(mail.text).toContain('zum Sale (https://shop.nordwind.example/sale)');
    expect(uploads.variables('winter-sale', 'email')).toEqual([
      'contact.firstName',
      'links.preferences',
      'links.unsubscribe',
    ]);
    expect(renderer.has('winter-sale', 'email')).toBe(false);
  });

  test('broken uploads are refused with the reason', () => {
    const uploads = TemplateRenderer.fromDirectory(templatesDir);
    const refuse = (files: Record<string, string>) => {
      try {
        uploads.register('broken', files);
      } catch (err) {
        return (err as TemplateError).code;
      }
      return 'accepted';
    };
    expect(refuse({ 'email.de.subject.hbs': 'Hallo {{contact.firstName' })).toBe('template_syntax');
    expect(refuse({ 'email.de.subject.hbs': 'x', 'email.de.html.hbs': '{{> no-such-partial}}' })).toBe(
      'template_syntax',
    );
    expect(refuse({ 'mail.de.subject.hbs': 'x' })).toBe('invalid_template');
    expect(
      refuse({ 'meta.json': '{"channels":["push"]}', 'email.de.subject.hbs': 'x', 'email.de.html.hbs': 'y' }),
    ).toBe('invalid_template');
    expect(refuse({ 'push.de.json.hbs': '{"title": "x",}' })).toBe('template_syntax');
  });
});
