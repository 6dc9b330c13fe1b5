import { describe, expect, it } from '@jest/globals';
import { canonicalEventBytes } from './canonical-form.js';
import type { RecordedEvent } from './event-store.port.js';

const event: RecordedEvent = {
  id: '0190f5a2-7c1e-7cc3-9d0e-3f6f0c2b8a11',
  stream: 'goal-warendorf-netzwerk',
  revision: 0,
  position: 7,
  type: 'GoalFormulated',
  schemaVersion: 1,
  data: { title: 'Netzwerk Müssingen', targetDate: null, amount: 1.5e2 },
  metadata: { actor: 'a', correlationId: 'c', causationId: null, occurredAt: '2012-11-15T00:00:00.000Z', recordedAt: '2012-11-20T09:00:00.000Z' },
};

describe('the canonical form of an event (RFC 8785)', () => {
  it('sorts keys, drops white space and spells numbers canonically', () => {
    expect(canonicalEventBytes(event).toString('utf8')).toBe(
      '{"data":{"amount":150,"targetDate":null,"title":"Netzwerk Müssingen"},"id":"0190f5a2-7c1e-7cc3-9d0e-3f6f0c2b8a11","metadata":{"actor":"a","causationId":null,"correlationId":"c",' +
        '"occurredAt":"2012-11-15T00:00:00.000Z","recordedAt":"2012-11-20T09:00:00.000Z"},"position":7,"revision":0,' +
        '"schemaVersion":1,"stream":"goal-warendorf-netzwerk","type":"GoalFormulated"}',
    );
  });

  it('gives the same bytes whatever order the stored JSON kept its keys in', () => {
    const reordered = { ...event, data: { targetDate: null, amount: 150, title: 'Netzwerk Müssingen' } };
    expect(canonicalEventBytes(reordered).equals(canonicalEventBytes(event))).toBe(true);
  });

  it('covers every field of the event', () => {
    for (const change of [{ id: '0190f5a2-7c1e-7cc3-9d0e-3f6f0c2b8a12' }, { position: 8 }, { revision: 1 }, { stream: 'goal-x' }, { type: 'GoalRevised' }, { schemaVersion: 2 }, { data: {} }]) {
      expect(canonicalEventBytes({ ...event, ...change }).equals(canonicalEventBytes(event))).toBe(false);
    }
    const metadata = { ...event.metadata, recordedAt: '2012-11-20T09:00:00.001Z' };
    expect(canonicalEventBytes({ ...event, metadata }).equals(canonicalEventBytes(event))).toBe(false);
  });
});
