// The contact as conditions and templates see it: plain data, read fresh at the moment of use.
import type { Contact } from './contacts';
import type { Store } from './store';

/** The contact as conditions and templates see it: plain data, personal fields included. */
export interface ContactScope {
  id: string;
  email?: string;
  phone?: string;
  firstName?: string;
  lastName?: string;
  locale: string;
  timeZone: string;
  attributes: Record<string, unknown>;
  tags: string[];
  consent: Record<string, string | undefined>;
}

export async function readContactScope(store: Store, contactId: string): Promise<ContactScope | undefined> {
  const c = await store.contacts.findById(contactId).lean<Contact>();
  return c ? contactScopeOf(c) : undefined;
}

/** The scope of a contact document already read; undefined for an erased contact. */
export function contactScopeOf(c: Contact): ContactScope | undefined {
  if (c.erasedAt) return undefined;
  return {
    id: String(c._id),
    email: c.email ?? undefined,
    phone: c.phone ?? undefined,
    firstName: c.firstName ?? undefined,
    lastName: c.lastName ?? undefined,
    locale: c.locale,
    timeZone: c.timeZone,
    attributes: (c.attributes ?? {}) as Record<string, unknown>,
    tags: c.tags,
    consent: {
      email: c.consent?.email?.status,
      push: c.consent?.push?.status,
      sms: c.consent?.sms?.status,
    },
  };
}
