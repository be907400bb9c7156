// Contacts for a benchmark, created with the product's own upsert (engine/contacts-service.ts, what
// POST /v1/contacts calls) in-process: the same documents and lookup keys the API would write, without
// timing HTTP for setup that no figure measures.
import { upsertContact } from '../engine/contacts-service';
import type { Store } from '../store/store';
import { callLoop } from './bare-temporal';

export interface SeededContact {
  id: string;
  email: string;
}

const PARALLEL = 8;

/** `count` contacts who granted email consent, with addresses `<prefix>-<n>@bench.example`. */
export async function seedContacts(
  store: Store,
  prefix: string,
  count: number,
  options: { attributes?: Record<string, unknown> } = {},
): Promise<SeededContact[]> {
  const seeded: SeededContact[] = new Array(count);
  await callLoop(count, PARALLEL, async (i) => {
    const email = `${prefix}-${i}@bench.example`;
    const contact = await upsertContact(
      store,
      {
        email,
        firstName: 'Bench',
        locale: 'de',
        timeZone: 'Europe/Berlin',
        attributes: options.attributes ?? {},
        consent: { email: 'granted' },
      },
      'bench',
    );
    seeded[i] = { id: contact.id, email };
  });
  return seeded;
}
