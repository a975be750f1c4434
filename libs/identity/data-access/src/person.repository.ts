import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Person } from './person.entity';

export type PersonFacts = Pick<Person, 'personId' | 'givenName' | 'surname' | 'protectedIdentity' | 'sourceOccurredAt'>;

@Injectable()
export class PersonRepository {
  /**
   * Records what an HR event says about the person and locks the person's row for the rest of
   * the transaction, so two events of one person (say during a consumer rebalance) never decide
   * the account at the same time. Facts older than the stored ones are ignored. Returns the
   * person as stored.
   */
  async recordAndLock(manager: EntityManager, facts: PersonFacts): Promise<Person> {
    // ON CONFLICT DO UPDATE locks the row even when its WHERE leaves it unchanged.
    await manager.query(
      `INSERT INTO person (person_id, given_name, surname, protected_identity, source_occurred_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (person_id) DO UPDATE
          SET given_name = EXCLUDED.given_name, surname = EXCLUDED.surname,
              protected_identity = EXCLUDED.protected_identity, source_occurred_at = EXCLUDED.source_occurred_at, updated_at = now()
        WHERE person.source_occurred_at <= EXCLUDED.source_occurred_at`,
      [facts.personId, facts.givenName, facts.surname, facts.protectedIdentity, facts.sourceOccurredAt],
    );
    return manager.getRepository(Person).findOneByOrFail({ personId: facts.personId });
  }
}
