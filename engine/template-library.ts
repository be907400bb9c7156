// Shipped templates (templates/ on disk) plus the ones marketers uploaded (MongoDB), in one renderer.
// Every API and worker process keeps its renderer in step with uploads by polling for newer revisions,
// which FerretDB and MongoDB both support (no change streams needed).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from '../store/store';
import { filesFromList, filesToList } from '../store/templates';
import { TemplateRenderer } from '../templates/renderer';

export const SHIPPED_TEMPLATES = fileURLToPath(new URL('../templates', import.meta.url));

export class TemplateLibrary {
  private syncedUntil = new Date(0);
  private timer?: NodeJS.Timeout;

  constructor(
    readonly renderer: TemplateRenderer,
    private readonly store: Store,
    private readonly dir = SHIPPED_TEMPLATES,
  ) {}

  static async open(store: Store, dir = SHIPPED_TEMPLATES): Promise<TemplateLibrary> {
    const library = new TemplateLibrary(TemplateRenderer.fromDirectory(dir), store, dir);
    await library.sync();
    return library;
  }

  /** Registers uploads newer than the last sync. A broken stored template is skipped, not fatal. */
  async sync(): Promise<void> {
    const fresh = await this.store.templates
      .find({ updatedAt: { $gt: this.syncedUntil } })
      .sort({ updatedAt: 1 })
      .lean();
    for (const t of fresh) {
      try {
        this.renderer.register(t._id, filesFromList(t.files));
      } catch {
        // It was checked on upload; a renderer change since then must not take the process down.
      }
      this.syncedUntil = t.updatedAt;
    }
  }

  /** Checks with the renderer (throws TemplateError on a bad upload), then stores and registers it. */
  async upload(id: string, files: Record<string, string>): Promise<number> {
    this.renderer.register(id, files);
    const saved = await this.store.templates
      .findOneAndUpdate(
        { _id: id },
        { $set: { files: filesToList(files), updatedAt: new Date() }, $inc: { revision: 1 } },
        { upsert: true, new: true },
      )
      .lean();
    return saved?.revision ?? 1;
  }

  /** A shipped template's files as on disk (for reading them through the API). */
  shippedFiles(id: string): Record<string, string> | undefined {
    const dir = join(this.dir, id);
    if (!existsSync(dir)) return undefined;
    return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  }

  startPolling(intervalMs = 5_000): void {
    this.timer = setInterval(() => void this.sync().catch(() => {}), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
