import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { AccessReview, AccessReviewItem, AccessReviewRepository } from '@itops/identity/data-access';
import { AuthUser, CurrentUser, Role, Roles } from '@itops/shared/auth';
import { callerOf } from '../requests/access-requests.controller';
import { parseInput } from '../requests/http-input.parser';
import { AccessReviewsService, CloseResult, ReviewWithItems } from './access-reviews.service';

const startSchema = z.object({
  customerCode: z.string().trim().regex(/^[A-Z]\d{3}$/, 'must be a customer code such as N138').optional(),
  closesOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be the last day to answer, YYYY-MM-DD'),
});
const answerSchema = z.object({
  answer: z.enum(['confirm', 'reject'], { errorMap: () => ({ message: 'must be confirm or reject' }) }),
});

/**
 * Access reviews (behörighetsrevision). Operators start and close them; managers (token subject =
 * their sAMAccountName) answer for their staff's extra access; auditors read them.
 */
@Controller('v1/access/reviews')
export class AccessReviewsController {
  constructor(
    private readonly service: AccessReviewsService,
    private readonly reviews: AccessReviewRepository,
  ) {}

  @Post()
  @Roles(Role.Operator)
  async start(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ReviewWithItems> {
    return this.service.start(parseInput(startSchema, body, 'the review'), callerOf(user));
  }

  @Get()
  @Roles(Role.Operator, Role.Auditor, Role.Manager)
  async list(@Query('limit') limit?: string): Promise<{ reviews: AccessReview[] }> {
    return { reviews: await this.reviews.list(Math.min(Math.max(Number(limit) || 100, 1), 1000)) };
  }

  /** A manager sees the items they answer; operators and auditors see all. */
  @Get(':id')
  @Roles(Role.Operator, Role.Auditor, Role.Manager)
  async show(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser): Promise<ReviewWithItems> {
    const shown = await this.service.show(id);
    const seesAll = user.roles.some((r) => r === Role.Operator || r === Role.Auditor || r === Role.Admin);
    const subject = user.subject.toLowerCase();
    return seesAll ? shown : { ...shown, items: shown.items.filter((i) => i.reviewers.includes(subject)) };
  }

  @Post(':id/items/:itemId/answer')
  @HttpCode(200)
  @Roles(Role.Manager)
  async answer(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('itemId', new ParseUUIDPipe()) itemId: string,
    @Body() body: unknown,
    @CurrentUser() user: AuthUser,
  ): Promise<AccessReviewItem> {
    const { answer } = parseInput(answerSchema, body, 'the answer');
    return this.service.answer(id, itemId, answer === 'confirm' ? 'CONFIRMED' : 'REJECTED', callerOf(user));
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(Role.Operator)
  async close(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser): Promise<CloseResult> {
    return this.service.close(id, callerOf(user));
  }
}
