// Finds the one profile an event or API call is about, creating it on first sight. Email and external
// id are both unique; when two requests race to create the same contact, the loser reads the winner's.
import type { Store } from '../store/store';

export interface ContactRef {
  id?: string;
  email?: string;
  externalId?: string;
}

export class ContactNotFoundError extends Error {
  readonly code = 'CONTACT_NOT_FOUND';
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number }).code === 11000;
}

export async function resolveContact(store: Store, ref: ContactRef, create = true): Promise<string> {
  if (ref.id) {
    const found = await store.contacts.exists({ _id: ref.id, erasedAt: { $exists: false } });
    if (!found) throw new ContactNotFoundError(`contact ${ref.id} does not exist`);
    return String(found._id);
  }
  const email = ref.email?.trim().toLowerCase();
  const filter = email ? { email } : { externalId: ref.externalId };
  if (!email && !ref.externalId) throw new ContactNotFoundError('a contact needs an id, email or externalId');
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await store.contacts.findOne(filter, { _id: 1, externalId: 1, erasedAt: 1 }).lean();
    if (existing) {
      // An email we know, seen now with an external id we did not have: link them.
      if (email && ref.externalId && !existing.externalId) {
        await store.contacts.updateOne({ _id: existing._id }, { $set: { externalId: ref.externalId } }).catch(() => {});
      }
      return String(existing._id);
    }
    if (!create) throw new ContactNotFoundError('no such contact');
    try {
      const created = await store.contacts.create({ email, externalId: ref.externalId });
      return String(created._id);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw new Error('contact could not be resolved after concurrent creates');
}
