import { PGlite, protocol } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { bindAndExecute, syncMessage, type WireValue } from './bind-message.ts';

const reference = (statement: string, values: WireValue[], sync: boolean) => {
  const { serialize } = protocol;
  const parts = [serialize.bind({ statement, values: values as never[] }), serialize.execute({}), ...(sync ? [serialize.sync()] : [])];
  return Buffer.concat(parts);
};

describe('bindAndExecute', () => {
  it("writes exactly the bytes of PGlite's own Bind, Execute and Sync", () => {
    const cases: [string, WireValue[]][] = [
      ['atelier_1', []],
      ['atelier_42', ['1', null, '', 'déjà vu — 東京 🍞', JSON.stringify({ text: 'x'.repeat(5_000) })]],
      ['atelier_7', [new Uint8Array([0, 1, 2, 255]), null, 'after bytes', new Uint8Array(new ArrayBuffer(8), 2, 3)]],
    ];
    for (const [statement, values] of cases) {
      for (const sync of [false, true]) expect(Buffer.from(bindAndExecute(statement, values, sync))).toEqual(reference(statement, values, sync));
    }
    expect(Buffer.from(syncMessage)).toEqual(Buffer.from(protocol.serialize.sync()));
  });

  it('runs a prepared statement in PGlite with text, NULL and binary values', async () => {
    const client = await PGlite.create();
    try {
      await client.execProtocol(Buffer.concat([protocol.serialize.parse({ name: 'echo', text: 'select $1::text as words, $2::text as nothing, $3::bytea as bytes', types: [25, 25, 17] }), protocol.serialize.sync()]));
      const { messages } = await client.execProtocol(bindAndExecute('echo', ['pão ✓', null, new Uint8Array([7, 0, 9])], true));
      const row = messages.find((message) => message.name === 'dataRow') as unknown as { fields: (string | null)[] };
      expect(row.fields).toEqual(['pão ✓', null, '\\x070009']);
    } finally {
      await client.close();
    }
  });
});
