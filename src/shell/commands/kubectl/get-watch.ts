// kubectl get -w: after the table, a row for every change the API server's watch reports, as it happens in model
// time. A Process: on a watched terminal it runs until Ctrl-C; in a script the shell stops it as it stops tcpdump.
import type { ApiRecord } from '../../../model/api/types.ts';
import type { Cluster } from '../../../model/cluster/cluster.ts';
import type { GrowingTable } from '../../format/table.ts';
import type { Emission, Process } from '../../types.ts';

export class GetWatch implements Process {
  private readonly queue: Emission[] = [];
  private readonly unsubscribe: () => void;
  private finished = false;

  constructor(cluster: Cluster, kind: string, accept: (o: ApiRecord) => boolean, row: (o: ApiRecord) => string[], table: GrowingTable) {
    // The row is rendered when the event happens: a later look would see a later state.
    this.unsubscribe = cluster.store.watch(kind, (_type, obj) => {
      if (!this.finished && accept(obj)) this.queue.push({ at: cluster.now, stream: 'out', text: table.line(row(obj)) });
    });
  }

  get done(): boolean {
    return this.finished;
  }

  get exitCode(): number {
    return 0;
  }

  nextAt(): number {
    return Infinity;
  }

  runUntil(until: number): Emission[] {
    let n = 0;
    while (n < this.queue.length && this.queue[n].at <= until) n++;
    return this.queue.splice(0, n);
  }

  interrupt(): Emission[] {
    this.finished = true;
    this.unsubscribe();
    return [];
  }
}
