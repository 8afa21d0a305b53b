import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { atelier } from '../../app.ts';
import { composeMatrix, permissionsOf, roles } from './permissions.ts';

describe('the role → permission matrix', () => {
  it('is composed from every module, and a typo in a declaration stops the start-up', () => {
    const matrix = composeMatrix([{ name: 'sites:write', description: 'Edit sites', roles: ['owner', 'admin', 'member'] }]);
    expect([...permissionsOf(matrix, 'member')]).toEqual(['sites:write']);
    expect([...permissionsOf(matrix, 'viewer')]).toEqual([]);
    expect(() => composeMatrix([{ name: 'sites:write', description: '', roles: ['editor'] }])).toThrow(/unknown role "editor"/);
    expect(() =>
      composeMatrix([
        { name: 'sites:write', description: '', roles: [] },
        { name: 'sites:write', description: '', roles: [] },
      ]),
    ).toThrow(/declared twice/);
  });

  it('is documented, row for row, in docs/architecture.md', () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, '../../../docs/architecture.md'), 'utf8');
    const documented = new Map(
      [...doc.matchAll(/^\| `([a-z_]+:[a-z_]+)` \|((?: [✓ ]? \|){4})/gmu)].map((match) => [
        match[1],
        (match[2] ?? '')
          .split('|')
          .slice(0, 4)
          .map((cell, index) => (cell.includes('✓') ? roles[index] : null))
          .filter(Boolean),
      ]),
    );
    const declared = atelier.modules.flatMap((module) => module.permissions ?? []);
    expect(declared.length).toBeGreaterThan(0);
    for (const permission of declared) expect(documented.get(permission.name), permission.name).toEqual([...permission.roles]);
    expect(documented.size).toBe(declared.length);
  });
});
