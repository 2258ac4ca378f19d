import { createSealer, deriveKey } from '../../lib/crypto.js';
import type { Sealer } from '../accounts/credentials.js';

/** Endpoint secrets are sealed at rest with a key of their own (AES-256-GCM). */
export const webhookSealer = (secret: string): Sealer => createSealer(deriveKey(secret, 'webhook-secrets'));
