import { type EventsFacade, type ModelsFacade, uuidv7 } from '@rustok/contracts';
import type { CommentsConfig } from '../config';
import { LIMITS } from '../content/limits';
import { renderMarkdown } from '../content/markdown';
import { multiLine, singleLine } from '../content/text';
import { BlogErrors, blogError } from '../errors';
import type { CommentRow, CommentStatus } from '../models/comment';
import type { CommentRateRepository } from '../repositories/comment-rate';
import type { CommentRepository } from '../repositories/comments';
import type { EntryWrites } from '../repositories/entry-writes';
import type { Authors } from './authors';
import { can, userIdOf, type Caller } from './caller';

export interface AddCommentInput {
  postId: string;
  parentId?: string | null;
  body: string;
  guestName?: string | null;
  guestEmail?: string | null;
}

// Deliberately loose, like core's: one @, no spaces, a dot in the domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** One in this many comment attempts also forgets old rate windows; keeps the table small without a timer. */
const PRUNE_EVERY = 64;

/**
 * Comments on published posts, by signed-in users or guests (name and
 * email). Each attempt from an IP is counted first, in its own committed
 * transaction, so refused attempts count too and parallel requests cannot
 * slip past the limit. Replies go one level deep. Whose comments wait for
 * moderation is configured (`comments.moderation`); moderators' own never do.
 */
export class Comments {
  private attempts = 0;

  constructor(
    private readonly models: ModelsFacade,
    private readonly events: EventsFacade,
    private readonly comments: CommentRepository,
    private readonly rate: CommentRateRepository,
    private readonly entries: EntryWrites,
    private readonly authors: Authors,
    private readonly config: CommentsConfig,
  ) {}

  async add(caller: Caller, input: AddCommentInput): Promise<CommentRow> {
    const tenantId = caller.tenant.id;
    const { max, windowSeconds } = this.config.rateLimit;
    const prune = ++this.attempts % PRUNE_EVERY === 0;
    const hits = await this.models.transaction(async (t) => {
      if (prune) await this.rate.prune(tenantId, windowSeconds, t);
      return this.rate.hit(tenantId, caller.ip, windowSeconds, t);
    });
    if (hits > max) {
      throw blogError(BlogErrors.RATE_LIMITED, `At most ${max} comments per ${windowSeconds} s from one address.`, { details: { retryAfterSeconds: windowSeconds }, fix: 'Wait a little and send it again.' });
    }
    const body = multiLine(input.body, 'input.body', this.config.maxLength);
    if (body === null) throw blogError(BlogErrors.BODY_REQUIRED, 'A comment needs some text.', { field: 'input.body' });
    const rendered = renderMarkdown(body, 'comment');
    if (rendered.depth > LIMITS.markdownDepth) throw blogError(BlogErrors.MARKDOWN_TOO_DEEP, 'The comment nests too deeply.', { field: 'input.body' });
    const author = await this.author(caller, input);
    const status: CommentStatus = this.needsModeration(caller, author.id) ? 'pending' : 'approved';

    return this.models.transaction(async (t) => {
      // Shares the post's row lock with other comments, and waits for a save closing comments to finish.
      const post = await this.entries.lockShared(tenantId, 'post', input.postId, t);
      if (post === null || post.status !== 'published') throw blogError(BlogErrors.POST_NOT_FOUND, 'No such published post.', { field: 'input.postId' });
      if (post.commentsClosed) throw blogError(BlogErrors.COMMENTS_CLOSED, 'Comments on this post are closed.', { field: 'input.postId' });
      if (input.parentId != null) {
        const parent = await this.comments.find(tenantId, input.parentId, t);
        if (parent === null || parent.postId !== post.id || parent.parentId !== null || parent.status !== 'approved') {
          throw blogError(BlogErrors.COMMENT_PARENT_INVALID, 'Replies go to a published top-level comment of the same post.', { field: 'input.parentId', fix: 'Reply to the top-level comment of the thread.' });
        }
      }
      const created = await this.comments.insert(
        { id: uuidv7(), postId: post.id, parentId: input.parentId ?? null, authorId: author.id, authorName: author.name, guestEmail: author.email, body, bodyHtml: rendered.html, status, ip: caller.ip, userAgent: caller.userAgent },
        t,
      );
      await this.events.emit('blog.comment.created@1', { tenantId, commentId: created.id, postId: post.id, parentId: created.parentId, authorId: author.id, status }, { transaction: t });
      return created;
    });
  }

  async moderate(caller: Caller, id: string, status: CommentStatus): Promise<CommentRow> {
    return this.models.transaction(async (t) => {
      const tenantId = caller.tenant.id;
      const current = await this.comments.lock(tenantId, id, t);
      if (current === null) throw blogError(BlogErrors.COMMENT_NOT_FOUND, 'No such comment.', { field: 'id' });
      if (current.status === status) return current;
      const moderator = caller.actor === null ? null : `${caller.actor.kind}:${caller.actor.id}`;
      const updated = await this.comments.moderate(tenantId, id, status, moderator, t);
      await this.events.emit('blog.comment.moderated@1', { tenantId, commentId: id, postId: current.postId, from: current.status, to: status, moderator }, { transaction: t });
      return updated;
    });
  }

  private needsModeration(caller: Caller, userId: string | null): boolean {
    if (can(caller, 'blog.comment.moderate')) return false;
    const { moderation } = this.config;
    return moderation === 'all' || (moderation === 'guests' && userId === null);
  }

  /** A signed-in user writes under their display name; anyone else (guests, API tokens of a storefront) as a guest. */
  private async author(caller: Caller, input: AddCommentInput): Promise<{ id: string | null; name: string; email: string | null }> {
    const userId = userIdOf(caller);
    if (userId !== null) {
      const user = (await this.authors.byIds(caller.tenant.id, [userId])).get(userId);
      return { id: userId, name: user?.displayName ?? 'Member', email: null };
    }
    const name = singleLine(input.guestName, 'input.guestName', LIMITS.guestName);
    if (name === null) throw blogError(BlogErrors.GUEST_NAME_REQUIRED, 'Guests give a name with their comment.', { field: 'input.guestName' });
    const email = (input.guestEmail ?? '').trim().toLowerCase();
    if (email.length > 254 || !EMAIL.test(email)) throw blogError(BlogErrors.EMAIL_INVALID, 'Guests give a valid email address (it is not shown).', { field: 'input.guestEmail' });
    return { id: null, name, email };
  }
}
