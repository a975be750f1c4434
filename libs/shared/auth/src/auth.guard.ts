import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthException, AuthExceptionCode } from './auth.exception';
import type { AuthUser } from './auth-user.model';
import type { AuthenticatedRequest } from './current-user.decorator';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';
import { Role } from './role.enum';
import { TokenVerifier } from './token-verifier.service';

interface HttpRequest extends AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
}

interface HttpResponse {
  setHeader(name: string, value: string): unknown;
}

type Requirement = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] } | { kind: 'undeclared' };

/**
 * Global guard: every HTTP route needs a valid bearer token and a declared role.
 * A route without `@Roles(...)` is refused even to admin, so a forgotten declaration is
 * found on the first call instead of leaving the route open.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Kafka and other transports carry no bearer token; their trust comes from the broker.
    if (context.getType() !== 'http') {
      return true;
    }
    const requirement = this.requirement(context);
    if (requirement.kind === 'public') {
      return true;
    }
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    try {
      const user = await this.verifier.verify(bearerToken(request));
      authorise(user, requirement);
      request.user = user;
      return true;
    } catch (error) {
      throw this.toHttp(error, http.getResponse<HttpResponse>());
    }
  }

  /** The handler's own declaration wins over its controller's; @Roles wins over @Public. */
  private requirement(context: ExecutionContext): Requirement {
    for (const target of [context.getHandler(), context.getClass()]) {
      const roles = this.reflector.get<Role[] | undefined>(ROLES_KEY, target);
      if (roles && roles.length > 0) {
        return { kind: 'roles', roles };
      }
      if (this.reflector.get<boolean | undefined>(PUBLIC_KEY, target) === true) {
        return { kind: 'public' };
      }
    }
    return { kind: 'undeclared' };
  }

  private toHttp(error: unknown, response: HttpResponse): unknown {
    if (!(error instanceof AuthException)) {
      return error;
    }
    const body = { code: error.code, message: error.message };
    switch (error.code) {
      case AuthExceptionCode.ROLE_REQUIRED:
      case AuthExceptionCode.ROLES_NOT_DECLARED:
        return new ForbiddenException({ statusCode: 403, error: 'Forbidden', ...body });
      case AuthExceptionCode.JWKS_UNAVAILABLE:
        this.logger.error(error.message);
        return new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', ...body });
      default:
        response.setHeader('WWW-Authenticate', wwwAuthenticate(error));
        return new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', ...body });
    }
  }
}

function bearerToken(request: HttpRequest): string {
  const header = request.headers['authorization'];
  if (header === undefined || header === '') {
    throw new AuthException(
      AuthExceptionCode.TOKEN_MISSING,
      'missing bearer token: send the header "Authorization: Bearer <access token>"',
    );
  }
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  if (!match) {
    throw new AuthException(
      AuthExceptionCode.TOKEN_MISSING,
      'missing bearer token: the Authorization header must read "Bearer <access token>"',
    );
  }
  return match[1];
}

function authorise(user: AuthUser, requirement: Requirement): void {
  if (requirement.kind === 'undeclared') {
    throw new AuthException(
      AuthExceptionCode.ROLES_NOT_DECLARED,
      'this route declares no required role (@Roles) and is refused to everyone until it does',
    );
  }
  if (requirement.kind === 'roles') {
    const allowed = user.roles.includes(Role.Admin) || user.roles.some((role) => requirement.roles.includes(role));
    if (!allowed) {
      const held = user.roles.length > 0 ? user.roles.join(', ') : 'none';
      throw new AuthException(
        AuthExceptionCode.ROLE_REQUIRED,
        `requires one of the roles ${requirement.roles.join(', ')} (or admin); the token has: ${held}`,
      );
    }
  }
}

/**
 * RFC 6750: a request without credentials gets the bare challenge; a bad token gets
 * error="invalid_token" and a description, restricted to the characters the RFC allows.
 */
function wwwAuthenticate(error: AuthException): string {
  if (error.code === AuthExceptionCode.TOKEN_MISSING) {
    return 'Bearer realm="itops"';
  }
  const description = error.message.replace(/[^\x20-\x7e]|["\\]/g, "'");
  return `Bearer realm="itops", error="invalid_token", error_description="${description}"`;
}
