import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthUser } from './auth-user.model';

/** Where the guard leaves the authenticated caller on the HTTP request. */
export interface AuthenticatedRequest {
  user?: AuthUser;
}

/**
 * The authenticated caller: `{ subject, roles, customers }`. A `@Public()` route has no
 * caller, so using this there is a programming error and fails the request.
 */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) {
    throw new Error('@CurrentUser() used on a route that is not authenticated (a @Public() route has no caller)');
  }
  return user;
});
