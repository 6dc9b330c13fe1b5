/**
 * How many turns the event loop took while `work` ran: each turn a request could be served in. Work that
 * holds this thread until it is done (a synchronous SQLite call) lets none happen.
 */
export async function turnsDuring<T>(work: () => Promise<T>): Promise<{ turns: number; result: T }> {
  let turns = 0;
  let running = true;
  const turn = () => {
    turns += 1;
    if (running) setImmediate(turn);
  };
  setImmediate(turn);
  try {
    return { result: await work(), turns };
  } finally {
    running = false;
  }
}
