import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { EVENT_CATALOGUE } from '../index.js';
import { defineEvents, EventCatalogue } from './event-catalogue.js';

describe('the event catalogue', () => {
  it('accepts data of the current shape and names the version it is written with', () => {
    expect(EVENT_CATALOGUE.validate('GoalStatusChanged', { goalId: 'g-1', to: 'implemented', reason: 'fertig' })).toEqual({
      ok: true,
      version: 2,
      data: { goalId: 'g-1', to: 'implemented', reason: 'fertig' },
    });
  });

  it('names every field of malformed data, and refuses unknown fields and unknown types', () => {
    const result = EVENT_CATALOGUE.validate('GoalStatusChanged', { goalId: 'g 1', to: 'done', reason: ' x', from: 'agreed' });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((issue) => issue.field).sort()).toEqual(['(data)', 'goalId', 'reason', 'to']);
    expect(EVENT_CATALOGUE.validate('GoalExploded', {})).toMatchObject({ ok: false, issues: [{ field: '(type)' }] });
  });

  it('upcasts a version-1 status change to the current shape without touching the stored object', () => {
    const stored = { goalId: 'g-1', from: 'agreed', to: 'in_progress', reason: 'Auftakt' };
    expect(EVENT_CATALOGUE.upcast('GoalStatusChanged', 1, stored)).toEqual({ version: 2, data: { goalId: 'g-1', to: 'in_progress', reason: 'Auftakt' } });
    expect(stored).toEqual({ goalId: 'g-1', from: 'agreed', to: 'in_progress', reason: 'Auftakt' });
  });

  it('leaves current versions and unknown types as they are', () => {
    const data = { n: 1 };
    expect(EVENT_CATALOGUE.upcast('TestHappened', 1, data)).toEqual({ version: 1, data });
    expect(EVENT_CATALOGUE.upcast('GoalRevised', 1, data).data).toBe(data);
  });

  it('refuses a definition without an upcaster for every older version, and a type defined twice', () => {
    const schema = z.strictObject({});
    expect(() => defineEvents('x', { XHappened: { version: 3, schema, description: '', correctable: [], upcasters: { 1: { change: '', upcast: (d) => d } } } })).toThrow('upcaster from version 2');
    const one = defineEvents('x', { XHappened: { version: 1, schema, description: '', correctable: [] } });
    expect(() => new EventCatalogue([one, one])).toThrow('defined twice');
  });
});

describe('corrections in the catalogue', () => {
  it('upcasts the replacement a correction carries, recorded in an older shape of its type', () => {
    const stored = {
      revision: 1,
      reason: 'Datum korrigiert',
      type: 'GoalStatusChanged',
      schemaVersion: 1,
      data: { goalId: 'g-1', from: 'agreed', to: 'in_progress', reason: 'Auftakt' },
    };
    expect(EVENT_CATALOGUE.upcast('EventSuperseded', 1, stored)).toEqual({
      version: 1,
      data: { ...stored, schemaVersion: 2, data: { goalId: 'g-1', to: 'in_progress', reason: 'Auftakt' } },
    });
  });
});
