import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { AUTH_OPTIONS, validateAuthOptions, type AuthModuleOptions } from './auth.options';
import { TokenVerifier } from './token-verifier.service';

/**
 * Authentication and roles for a service's HTTP API. Importing it once, in the app module,
 * puts every HTTP route behind the guard; nothing is exported because handlers only need
 * the decorators.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: AUTH_OPTIONS, useValue: validateAuthOptions(options) },
        TokenVerifier,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
