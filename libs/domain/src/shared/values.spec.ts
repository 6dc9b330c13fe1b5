import { describe, expect, it } from '@jest/globals';
import { isCleanText, shortened } from './values.js';

describe('shortened text', () => {
  it('keeps text that fits and cuts longer text to the limit, ending in an ellipsis', () => {
    expect(shortened('Netzwerk', 8)).toBe('Netzwerk');
    expect(shortened('Netzwerk Frühe Hilfen', 9)).toBe('Netzwerk…');
  });

  it('never cuts between the halves of a surrogate pair, wherever the limit falls', () => {
    const note = `${'x'.repeat(5)}😀${'y'.repeat(5)}`;
    for (let max = 2; max <= note.length; max += 1) {
      const cut = shortened(note, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(isCleanText(cut)).toBe(true);
    }
    expect(shortened(note, 7)).toBe('xxxxx…');
    expect(shortened(note, 8)).toBe('xxxxx😀…');
  });
});
