/**
 * A place where one module lets others plug things in (the generation layer's tasks, say) without
 * importing them: the owner defines the point, contributors list `point.provide(...)` in their
 * module declaration, and the owner reads `point.from(contributions)` wherever it runs (routes,
 * jobs). The kernel carries the values and knows nothing of what they are.
 */
export interface Contribution {
  readonly point: string;
  readonly values: readonly unknown[];
}

/** Every module's contributions, gathered once by the composition root. */
export interface Contributions {
  valuesOf(point: string): readonly unknown[];
}

export interface ExtensionPoint<T> {
  readonly name: string;
  provide(...values: T[]): Contribution;
  from(contributions: Contributions): readonly T[];
}

export function defineExtensionPoint<T>(name: string): ExtensionPoint<T> {
  return {
    name,
    provide: (...values) => ({ point: name, values }),
    // Only `provide` of this very point puts values under its name, so they are T.
    from: (contributions) => contributions.valuesOf(name) as readonly T[],
  };
}

export function gatherContributions(contributions: readonly Contribution[]): Contributions {
  const byPoint = new Map<string, unknown[]>();
  for (const contribution of contributions) {
    const values = byPoint.get(contribution.point) ?? [];
    values.push(...contribution.values);
    byPoint.set(contribution.point, values);
  }
  return { valuesOf: (point) => byPoint.get(point) ?? [] };
}

export const noContributions: Contributions = gatherContributions([]);
