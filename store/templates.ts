// Templates uploaded through the API (the ones in templates/ ship with the code), checked by the renderer
// before they are saved. Files are a list, not a name -> source map: file names contain dots, which
// MongoDB does not allow in keys.
import { type InferSchemaType, Schema } from 'mongoose';

export const uploadedTemplateSchema = new Schema(
  {
    _id: { type: String, required: true },
    files: {
      type: [{ _id: false, name: { type: String, required: true }, source: { type: String, required: true } }],
      required: true,
    },
    revision: { type: Number, required: true, default: 1 },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
uploadedTemplateSchema.index({ updatedAt: 1 });

export type UploadedTemplate = InferSchemaType<typeof uploadedTemplateSchema>;

export function filesToList(files: Record<string, string>): { name: string; source: string }[] {
  return Object.entries(files).map(([name, source]) => ({ name, source }));
}

export function filesFromList(list: readonly { name: string; source: string }[]): Record<string, string> {
  return Object.fromEntries(list.map((f) => [f.name, f.source]));
}
