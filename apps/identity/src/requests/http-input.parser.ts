import { BadRequestException } from '@nestjs/common';
import type { z } from 'zod';

/** Parses a request body or query with its schema; a 400 names each field, its problem and what is allowed. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`);
  throw new BadRequestException(`${what} is not valid: ${problems.join('; ')}`);
}
