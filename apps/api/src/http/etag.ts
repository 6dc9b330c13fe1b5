/** ETags are the stream revision in quotes: `"3"` is the goal after its fourth event. */
export const etagOf = (revision: number): string => `"${revision}"`;
