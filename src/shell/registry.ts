// The command table of one shell. Each shell gets its own, so a lab can offer a different set of commands.

import type { Command } from './types.ts';

export interface Registry {
  /** Adds a command; a later registration under the same name replaces the earlier one. */
  register(cmd: Command): void;
  lookup(name: string): Command | undefined;
  /** Registered names, sorted. */
  names(): string[];
}

export function createRegistry(commands: readonly Command[] = []): Registry {
  const table = new Map<string, Command>();
  const registry: Registry = {
    register(cmd) {
      table.set(cmd.name, cmd);
    },
    lookup(name) {
      return table.get(name);
    },
    names() {
      return [...table.keys()].sort();
    },
  };
  for (const cmd of commands) registry.register(cmd);
  return registry;
}
