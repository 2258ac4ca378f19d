import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { contentSettings } from '../../db/schema.js';
import type { z } from 'zod';
import type { settingsPatch, settingsSchema } from './schemas.js';

export type ContentSettings = z.infer<typeof settingsSchema>;

const columns = {
  hashtagCap: contentSettings.hashtagCap,
  costCapMicros: contentSettings.costCapMicros,
  overCap: contentSettings.overCap,
  disclosureOn: contentSettings.disclosureOn,
  licenseOn: contentSettings.licenseOn,
  luxuryThreshold: contentSettings.luxuryThreshold,
  flyerPaper: contentSettings.flyerPaper,
};

/** The workspace's content settings; the column defaults until someone changes them. */
export async function getContentSettings(options: { db: Db; workspaceId: string }): Promise<ContentSettings> {
  const { db, workspaceId } = options;
  const [row] = await db
    .select(columns)
    .from(contentSettings)
    .where(eq(contentSettings.workspaceId, workspaceId));
  if (row) return row;
  const [created] = await db
    .insert(contentSettings)
    .values({ workspaceId })
    .onConflictDoUpdate({ target: contentSettings.workspaceId, set: { workspaceId } })
    .returning(columns);
  return created!;
}

export async function updateContentSettings(options: {
  db: Db;
  workspaceId: string;
  patch: z.output<typeof settingsPatch>;
}): Promise<ContentSettings> {
  const { db, workspaceId, patch } = options;
  const [row] = await db
    .insert(contentSettings)
    .values({ workspaceId, ...patch })
    .onConflictDoUpdate({ target: contentSettings.workspaceId, set: { ...patch, updatedAt: new Date() } })
    .returning(columns);
  return row!;
}
