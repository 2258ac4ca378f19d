import { isIP } from 'node:net';
import { AppError } from '../../lib/errors.js';
import { classifyAddress } from '../../lib/public-address.js';

export interface WebhookUrlPolicy {
  /** WEBHOOK_ALLOW_LOOPBACK: loopback hosts and plain http, for local development and tests. */
  allowLoopback: boolean;
}

const refused = (message: string) => new AppError('fetch_refused', message);

/**
 * What can be said of an endpoint URL without the network: https (http only where loopback is
 * allowed), no credentials, not an internal address written out. Names are resolved and checked again
 * at every delivery, since DNS answers change. Returns the URL normalised, without a fragment.
 */
export function checkWebhookUrl(text: string, policy: WebhookUrlPolicy): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refused('The webhook URL is not a valid URL');
  }
  const plainHttpAllowed = policy.allowLoopback && url.protocol === 'http:';
  if (url.protocol !== 'https:' && !plainHttpAllowed) throw refused('Webhook endpoints must use https');
  if (url.username || url.password) throw refused('Webhook URLs cannot carry a user name or password');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const loopbackName = host === 'localhost' || host.endsWith('.localhost');
  const kind = isIP(host) ? classifyAddress(host) : loopbackName ? 'loopback' : 'public';
  if (kind === 'internal' || (kind === 'loopback' && !policy.allowLoopback)) {
    throw refused(`${host} is a private or internal network address; webhooks go to public hosts only`);
  }
  url.hash = '';
  return url.href;
}
