// Why the figures are what they are on the local stack: how one MongoDB operation's latency grows with
// the size of the collection it touches, measured on the FerretDB of this run. On MongoDB an update by
// _id costs the same at 1,000 and 10,000 documents; a full scan costs ten times as much.
import { callLoop } from './bare-temporal';
import type { BenchStack } from './stack';

export interface StoreDiagnostic {
  documents: number;
  findByIdMs: number;
  updateByIdMs: number;
  countByFieldMs: number;
}

export async function storeDiagnostic(stack: BenchStack, sizes = [1_000, 10_000]) {
  const tenant = await stack.tenant('diagnostic');
  const db = tenant.store.conn.db;
  if (!db) throw new Error('no database connection');
  const collection = db.collection<{ _id: string; contactId: string; name: string }>('diagnostic');
  const rows: StoreDiagnostic[] = [];
  let have = 0;
  for (const size of sizes) {
    for (let start = have; start < size; start += 1_000) {
      const docs = Array.from({ length: Math.min(1_000, size - start) }, (_, i) => ({
        _id: `event:${start + i}`,
        contactId: `contact-${(start + i) % 500}`,
        name: 'email.sent',
        properties: { deliveryId: `d_${start + i}`, template: 'whitepaper-download', transactional: false },
        occurredAt: new Date(),
      }));
      await collection.insertMany(docs);
    }
    have = size;
    const ids = (i: number) => `event:${(i * 7919) % size}`;
    const find = await callLoop(40, 1, async (i) => void (await collection.findOne({ _id: ids(i) })));
    const update = await callLoop(40, 1, async (i) => {
      await collection.updateOne({ _id: ids(i) }, { $set: { routedAt: new Date() } });
    });
    const count = await callLoop(20, 1, async (i) => {
      await collection.countDocuments({ contactId: `contact-${i}`, name: 'email.sent' });
    });
    rows.push({
      documents: size,
      findByIdMs: find.latencyMs.p50,
      updateByIdMs: update.latencyMs.p50,
      countByFieldMs: count.latencyMs.p50,
    });
  }
  const explained = (await db.command({
    explain: { find: 'diagnostic', filter: { _id: 'event:1' } },
  })) as { queryPlanner?: { Plan?: string[] }; filterPushdown?: boolean };
  await db.dropDatabase();
  return {
    rows,
    findByIdPlan: (explained.queryPlanner?.Plan ?? []).join('; '),
    findByIdPushdown: explained.filterPushdown ?? false,
  };
}
