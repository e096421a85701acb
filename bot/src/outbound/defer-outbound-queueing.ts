import type { Queues } from "../queues/queues.ts";

/**
 * The queues, except that outbound jobs are held back until `flush()`: messages recorded inside a transaction are
 * queued after its commit, since a job queued before could reach the sender before its row is visible. If the
 * process dies before the flush, the rows stay QUEUED and the recover-outbound job sends them.
 */
export function deferOutboundQueueing(queues: Queues): { queues: Queues; flush(): Promise<void> } {
  const held: Array<() => Promise<unknown>> = [];
  const outbound = new Proxy(queues.outbound, {
    get(target, property, receiver) {
      if (property !== "add") return Reflect.get(target, property, receiver);
      return (...args: Parameters<typeof target.add>) => {
        held.push(() => target.add(...args));
        return Promise.resolve(undefined);
      };
    },
  });
  return {
    queues: { ...queues, outbound },
    flush: async () => {
      for (const add of held.splice(0)) await add();
    },
  };
}
