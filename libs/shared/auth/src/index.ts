export { Role, ALL_ROLES, isRole } from './role.enum';
export { type AuthUser, canViewCustomer } from './auth-user.model';
export { AuthException, AuthExceptionCode } from './auth.exception';
export { type AuthModuleOptions } from './auth.options';
export { AuthModule } from './auth.module';
export { Roles, Public } from './roles.decorator';
export { CurrentUser } from './current-user.decorator';
export { DEV_ISSUER_URL, type DevTokenOptions, fetchDevToken } from './dev-issuer.client';
