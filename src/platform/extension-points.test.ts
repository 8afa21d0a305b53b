import { describe, expect, it } from 'vitest';
import { defineModule, contributionsOf } from './module.ts';
import { defineExtensionPoint } from './extension-points.ts';

describe('extension points', () => {
  const greetings = defineExtensionPoint<{ text: string }>('test.greetings');
  const colours = defineExtensionPoint<string>('test.colours');

  it("hands the owner every module's values for its point, in module order, and nothing of other points", () => {
    const modules = [
      defineModule({ name: 'a', contributes: [greetings.provide({ text: 'hello' }), colours.provide('red')] }),
      defineModule({ name: 'b' }),
      defineModule({ name: 'c', contributes: [greetings.provide({ text: 'hi' }, { text: 'hey' })] }),
    ];
    const contributions = contributionsOf(modules);
    expect(greetings.from(contributions).map((greeting) => greeting.text)).toEqual(['hello', 'hi', 'hey']);
    expect(colours.from(contributions)).toEqual(['red']);
    expect(defineExtensionPoint<number>('test.nobody').from(contributions)).toEqual([]);
  });
});
