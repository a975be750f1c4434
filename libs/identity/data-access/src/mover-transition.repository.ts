import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { EntityManager, IsNull } from 'typeorm';
import { MoverTransitionRecord } from './mover-transition.entity';

export type NewMoverTransition = Omit<MoverTransitionRecord, 'id' | 'endedAt' | 'createdAt'>;

@Injectable()
export class MoverTransitionRepository {
  async start(manager: EntityManager, transition: NewMoverTransition): Promise<MoverTransitionRecord> {
    const repository = manager.getRepository(MoverTransitionRecord);
    const id = uuidv7();
    await repository.insert(repository.create({ ...transition, id, endedAt: null }));
    return repository.findOneByOrFail({ id });
  }

  /** The person's transitions whose old access is still kept, the soonest to end first. */
  async openForPerson(manager: EntityManager, personId: string): Promise<MoverTransitionRecord[]> {
    return manager.getRepository(MoverTransitionRecord).find({ where: { personId, endedAt: IsNull() }, order: { until: 'ASC', id: 'ASC' } });
  }

  async end(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.getRepository(MoverTransitionRecord).update({ id, endedAt: IsNull() }, { endedAt: at });
  }

  /** Every transition of a person, for the access rules and the operators. */
  async forPerson(manager: EntityManager, personId: string): Promise<MoverTransitionRecord[]> {
    return manager.getRepository(MoverTransitionRecord).find({ where: { personId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
