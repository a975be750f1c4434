import { SetMetadata } from '@nestjs/common';
import { Role } from './role.enum';

export const ROLES_KEY = 'itops:auth:roles';
export const PUBLIC_KEY = 'itops:auth:public';

/**
 * The roles that may call a handler, or every handler of a controller. Any one of them is
 * enough; `admin` passes every check. A handler's own declaration replaces its controller's.
 */
export function Roles(...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator {
  if (roles.length === 0) {
    // The type forbids it, but a spread of an empty array gets through; an empty list
    // would read as "nobody", which is what a forgotten declaration already means.
    throw new Error('@Roles() needs at least one role; use @Public() for an open route');
  }
  return SetMetadata(ROLES_KEY, roles);
}

/**
 * Opens a handler or controller to callers without a token. Only for liveness, readiness and
 * metrics routes, which probes and scrapers call without credentials (docs/security.md).
 */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_KEY, true);
}
