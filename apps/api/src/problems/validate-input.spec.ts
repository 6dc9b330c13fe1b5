import { describe, expect, it } from '@jest/globals';
import { IsOptional, IsString } from 'class-validator';
import { validateInput } from './validate-input.js';

class Note {
  @IsOptional()
  @IsString()
  text?: string;
}

const fieldsOf = (raw: unknown) => validateInput(Note, raw, 'body').errors.map((error) => error.field);

describe('validateInput', () => {
  it('accepts a valid body as a DTO instance', () => {
    const { value, errors } = validateInput(Note, { text: 'Sprachförderung' }, 'body');
    expect(errors).toEqual([]);
    expect(value).toBeInstanceOf(Note);
    expect(value?.text).toBe('Sprachförderung');
  });

  it('names every colliding key with its path, in document order', () => {
    const raw = JSON.parse('{"a":[{"__proto__":1}],"constructor":2,"b":{"c":{"prototype":3}}}') as unknown;
    expect(fieldsOf(raw)).toEqual(['a.0.__proto__', 'constructor', 'b.c.prototype', 'a', 'b']);
  });

  it('still names the colliding keys of a body it refuses for its depth', () => {
    // The counterexample fast-check found: nine levels deep, and a `prototype` under the empty key.
    const raw = JSON.parse('{"occurredAt":[[{"occurredAt":[[[[[]]]]]}]],"":{"prototype":0}}') as unknown;
    expect(fieldsOf(raw)).toEqual(['(body)', '.prototype']);
  });

  it('refuses a body that is not an object', () => {
    expect(fieldsOf([1])).toEqual(['(body)']);
    expect(fieldsOf('text')).toEqual(['(body)']);
  });
});
