// Templates uploaded through the API (the ones in templates/ ship with the code). Files are stored as
// given (name -> handlebars source), checked by the renderer before they are saved.
import { type InferSchemaType, Schema } from 'mongoose';

export const uploadedTemplateSchema = new Schema(
  {
    _id: { type: String, required: true },
    files: { type: Schema.Types.Mixed, required: true },
    revision: { type: Number, required: true, default: 1 },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
uploadedTemplateSchema.index({ updatedAt: 1 });

export type UploadedTemplate = InferSchemaType<typeof uploadedTemplateSchema>;
