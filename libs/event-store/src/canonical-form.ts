import canonicalize from 'canonicalize';
import type { RecordedEvent } from './event-store.port.js';

/**
 * The canonical bytes of a recorded event, as stored (not upcast): RFC 8785 JSON canonicalisation of
 * its id, position, stream, revision, type, schema version, data and metadata with both times. Key order,
 * white space and number spelling of the stored JSON do not matter, so every store yields the same bytes
 * for the same event — the leaf that tamper evidence hashes.
 */
export function canonicalEventBytes(event: RecordedEvent): Buffer {
  const { id, position, stream, revision, type, schemaVersion, data, metadata } = event;
  // canonicalize answers undefined only for values JSON cannot express; a stored event is plain JSON.
  return Buffer.from(canonicalize({ id, position, stream, revision, type, schemaVersion, data, metadata }) as string, 'utf8');
}
