import { fromBinary, toBinary } from '@bufbuild/protobuf';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { ContractException, ContractExceptionCode } from './contract.exception';

/** Protobuf binary of an event, the Kafka message value. */
export function encodeEvent<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): Uint8Array {
  return toBinary(schema, message);
}

/**
 * Decodes a Kafka message value. Bytes that are not protobuf of this schema throw a
 * ContractException (UNDECODABLE_EVENT), a permanent failure: retrying cannot help.
 */
export function decodeEvent<Desc extends DescMessage>(schema: Desc, bytes: Uint8Array): MessageShape<Desc> {
  try {
    return fromBinary(schema, bytes);
  } catch (error) {
    throw new ContractException(
      ContractExceptionCode.UNDECODABLE_EVENT,
      `event bytes (${bytes.length} bytes) do not decode as ${schema.typeName}: ${(error as Error).message}`,
    );
  }
}
