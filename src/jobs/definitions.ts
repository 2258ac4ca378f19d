import { listingEventJob } from '../modules/campaigns/listing-event.job.js';
import { generateContentJob } from '../modules/content/generate-content.job.js';
import { publishPostJob } from '../modules/posts/publish-post.job.js';
import { refreshTokensJob } from '../modules/accounts/refresh-tokens.job.js';
import { sendEmailJob } from '../modules/email/send-email.job.js';
import { sendStepJob } from '../modules/sequences/send-step.job.js';
import { importListingsJob } from '../modules/listings/import-listings.job.js';
import { analyzeJob } from '../modules/maintenance/analyze.job.js';
import { engageSandboxPostJob } from '../platforms/sandbox/engage.job.js';
import { deliverWebhookJob } from '../modules/webhooks/deliver-webhook.job.js';
import {
  metaWebhookJob,
  moderateJob,
  pollAccountJob,
  pollInboxJob,
  sendReplyJob,
} from '../modules/inbox/inbox-jobs.js';
import { rescoreAllJob } from '../modules/leads/rescore-all.job.js';
import { pullInsightsJob } from '../modules/analytics/pull-insights.job.js';
import type { JobContext } from './context.js';
import type { AnyJob } from './queue.js';

/** Every job this system runs. Adding one here creates its queue and starts its workers. */
export const jobDefinitions: AnyJob<JobContext>[] = [
  sendEmailJob,
  sendStepJob,
  importListingsJob,
  analyzeJob,
  generateContentJob,
  publishPostJob,
  engageSandboxPostJob,
  refreshTokensJob,
  listingEventJob,
  deliverWebhookJob,
  metaWebhookJob,
  pollInboxJob,
  pollAccountJob,
  sendReplyJob,
  moderateJob,
  rescoreAllJob,
  pullInsightsJob,
];
