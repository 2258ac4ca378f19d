import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { AppError } from '../../lib/errors.js';
import { activateCampaign } from './activate-campaign.js';
import { campaignView, listCampaigns, type CampaignDeps } from './campaign-view.js';
import { changeCampaignState } from './change-campaign-state.js';
import { approveCampaign, rejectCampaign } from './decide-approval.js';
import { editPlannedPost, removePlannedPost } from './edit-planned-post.js';
import { importPosts } from './import-posts.js';
import { planBrandCampaign } from './plan-brand-campaign.js';
import { planListingCampaign } from './plan-listing-campaign.js';
import type { PlanDeps } from './plan-support.js';
import {
  brandCampaignBody,
  campaignList,
  campaignSchema,
  decisionBody,
  editPlannedPostBody,
  idParams,
  listCampaignsQuery,
  listingCampaignBody,
  plannedPostSchema,
  rejectBody,
} from './schemas.js';

const tags = ['campaigns'];
const security = [{ bearer: [] }];
const readErrors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const writeErrors = { ...readErrors, 409: errorBodySchema, 422: errorBodySchema };
const preview = {
  201: campaignSchema.describe('The preview: nothing is scheduled until it is activated'),
  ...writeErrors,
};

async function readCsvUpload(request: FastifyRequest) {
  if (!request.isMultipart()) {
    throw new AppError(
      'unsupported_media_type',
      'Send multipart/form-data with the CSV in a field named `file`',
    );
  }
  const file = await request.file();
  if (!file) throw new AppError('bad_request', 'Send the CSV in a multipart file field named `file`');
  if (file.fieldname !== 'file') {
    file.file.resume();
    throw new AppError('bad_request', `Send the CSV in a field named \`file\`, not \`${file.fieldname}\``);
  }
  return { filename: file.filename || null, csv: (await file.toBuffer()).toString('utf8') };
}

export const campaignRoutes =
  ({ db, jobs, storage, mediaUrls, config, models, auth }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    const deps = (request: FastifyRequest): CampaignDeps => {
      const { workspaceId, userId } = authOf(request);
      return { db, jobs, storage, urls: mediaUrls, workspaceId, userId };
    };
    const planDeps = (request: FastifyRequest): PlanDeps => ({ ...deps(request), models, config });

    app.post(
      '/listings/:id/campaigns',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Start marketing: a preview plan of a listing campaign from a template',
          description:
            'Every planned post has its text per platform (content studio), images for its platform format ' +
            "(creative studio, in the media library) and a time: the account's best time, in the campaign's " +
            'zone, out of quiet hours, within daily caps, with the reason. Edit posts with ' +
            '`PATCH /campaign-posts/{id}`, then `POST /campaigns/{id}/activate`.',
          params: idParams,
          body: listingCampaignBody,
          response: preview,
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await planListingCampaign({
            ...planDeps(request),
            listingId: request.params.id,
            body: request.body,
          }),
        ),
    );

    app.post(
      '/campaigns',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'A preview plan of a brand campaign: launch, weekly tips or evergreen posts',
          description:
            'Repeating templates need `count` or `until`; each occurrence keeps its local time across DST. ' +
            'Words come from `items` (used in turn) or are written for `topic` and `brief`.',
          body: brandCampaignBody,
          response: preview,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await planBrandCampaign({ ...planDeps(request), body: request.body })),
    );

    app.post(
      '/campaigns/import',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Import brand posts from a CSV file into a campaign preview (all rows or none)',
          description:
            'Multipart upload with one file field `file`. Columns: `scheduled_at` (2027-03-15T09:00 in the ' +
            'row’s `timezone`, or an instant), `accounts` (handles, platform:handle or ids, `;`-separated), ' +
            '`text`, and optionally `timezone`, `first_comment`, `media_ids`, `repeat` (daily|weekly|monthly) ' +
            'with `repeat_until` or `repeat_count`. Any invalid row answers 422 `import_invalid` with ' +
            '`details.errors: [{line, column, message}]`.',
          consumes: ['multipart/form-data'],
          response: { ...preview, 413: errorBodySchema, 415: errorBodySchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await importPosts({ ...planDeps(request), ...(await readCsvUpload(request)) })),
    );

    app.get(
      '/campaigns',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'Campaigns, newest first, with how many posts are in each status',
          querystring: listCampaignsQuery,
          response: { 200: campaignList, ...readErrors },
        },
      },
      async (request) => ({
        items: await listCampaigns({
          db,
          urls: mediaUrls,
          workspaceId: authOf(request).workspaceId,
          ...request.query,
        }),
      }),
    );

    app.get(
      '/campaigns/:id',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'A campaign with every planned post and its status',
          params: idParams,
          response: { 200: campaignSchema, ...readErrors },
        },
      },
      async (request) => campaignView(db, mediaUrls, authOf(request).workspaceId, request.params.id),
    );

    const stateChange = (verb: 'pause' | 'resume' | 'cancel', summary: string) =>
      app.post(
        `/campaigns/:id/${verb}`,
        {
          onRequest: auth.require('editor'),
          schema: {
            tags,
            security,
            summary,
            params: idParams,
            response: { 200: campaignSchema, ...writeErrors },
          },
        },
        async (request) => changeCampaignState({ ...deps(request), id: request.params.id, verb }),
      );

    app.post(
      '/campaigns/:id/activate',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Schedule every planned post through the posting engine, in one transaction',
          description:
            'With approval required (by the campaign or the workspace) the posts are created as drafts that ' +
            'wait for an admin or owner (`pending_approval`); nothing unapproved is ever published. 422 ' +
            '`post_invalid` lists each planned post that breaks a platform rule or has a compliance error.',
          params: idParams,
          response: { 200: campaignSchema, ...writeErrors },
        },
      },
      async (request) => activateCampaign({ ...deps(request), id: request.params.id }),
    );
    stateChange('pause', 'Pause: scheduled posts are held back until resumed');
    stateChange('resume', 'Resume: held posts are scheduled again (now, if their time passed)');
    stateChange('cancel', 'Cancel: every post not yet published is cancelled');

    app.post(
      '/campaigns/:id/approve',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          security,
          summary: 'Approve the posts waiting for approval (admins and owners); they are scheduled',
          params: idParams,
          body: decisionBody,
          response: { 200: campaignSchema, ...writeErrors },
        },
      },
      async (request) =>
        approveCampaign({ ...deps(request), id: request.params.id, comment: request.body.comment }),
    );

    app.post(
      '/campaigns/:id/reject',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          security,
          summary: 'Send the waiting posts back with a comment (admins and owners)',
          params: idParams,
          body: rejectBody,
          response: { 200: campaignSchema, ...writeErrors },
        },
      },
      async (request) =>
        rejectCampaign({ ...deps(request), id: request.params.id, comment: request.body.comment }),
    );

    app.patch(
      '/campaign-posts/:id',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Edit a planned post: text (checked again), time, images or first comment',
          params: idParams,
          body: editPlannedPostBody,
          response: { 200: plannedPostSchema, ...writeErrors },
        },
      },
      async (request) => editPlannedPost({ ...deps(request), id: request.params.id, body: request.body }),
    );

    app.delete(
      '/campaign-posts/:id',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Remove a planned post from its campaign (its post is cancelled if scheduled)',
          params: idParams,
          response: { 200: plannedPostSchema, ...writeErrors },
        },
      },
      async (request) => removePlannedPost({ ...deps(request), id: request.params.id }),
    );
  };
