import type { PlannedChangeKind } from '@itops/hr-feed/domain';

/**
 * The answer to `PUT /v1/employments/:id` and `DELETE /v1/employments/:id`: the kind of event sent
 * (UNCHANGED when none), under which person id, and the pushed change's id (the event's snapshot_id
 * and correlation id; null when nothing changed). Never the personnummer.
 */
export interface EmploymentChangeResult {
  employmentId: string;
  personId: string;
  change: PlannedChangeKind | 'UNCHANGED';
  changeId: string | null;
}
