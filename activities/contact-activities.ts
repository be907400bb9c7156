// Reading and changing the contact from inside a journey: branch conditions see the profile as it is
// at that moment; update steps set attributes and tags.
import { ApplicationFailure } from '@temporalio/common';
import { readContactScope } from '../store/contact-scope';
import type { Store } from '../store/store';

export function createContactActivities(deps: { store: Store }) {
  return {
    async loadContactScope({ contactId }: { contactId: string }): Promise<Record<string, unknown> | undefined> {
      return (await readContactScope(deps.store, contactId)) as Record<string, unknown> | undefined;
    },

    async updateContact(input: {
      contactId: string;
      set?: Record<string, string | number | boolean | null>;
      addTags?: string[];
      removeTags?: string[];
    }): Promise<void> {
      const update: Record<string, unknown> = {};
      if (input.set && Object.keys(input.set).length > 0) {
        update.$set = Object.fromEntries(Object.entries(input.set).map(([k, v]) => [`attributes.${k}`, v]));
      }
      if (input.addTags?.length) update.$addToSet = { tags: { $each: input.addTags } };
      if (Object.keys(update).length > 0) {
        const result = await deps.store.contacts.updateOne({ _id: input.contactId }, update);
        if (result.matchedCount === 0) throw ApplicationFailure.nonRetryable('contact not found', 'CONTACT_NOT_FOUND');
      }
      // $addToSet and $pull on the same field in one update is a conflict in MongoDB: two writes.
      if (input.removeTags?.length) {
        await deps.store.contacts.updateOne({ _id: input.contactId }, { $pull: { tags: { $in: input.removeTags } } });
      }
    },
  };
}
