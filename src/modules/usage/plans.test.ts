import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueFor, defaultCatalogue } from './plans.ts';

const fileWith = (content: string) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'plans-')), 'plans.json');
  writeFileSync(file, content);
  return file;
};

describe('the plans catalogue', () => {
  it('is the default three plans unless the deployment gives its own', () => {
    expect(catalogueFor({}).plans.map((plan) => plan.id)).toEqual(['free', 'pro', 'business']);
    const custom = [{ ...defaultCatalogue[0], monthlyCredits: 50 }, { ...defaultCatalogue[1], id: 'team', name: 'Team' }];
    const catalogue = catalogueFor({ PLANS_FILE: fileWith(JSON.stringify(custom)) });
    expect(catalogue.plans.map((plan) => `${plan.id}:${plan.monthlyCredits}`)).toEqual(['free:50', 'team:5000']);
    // A workspace on a plan the deployment removed keeps the free plan's terms.
    expect(catalogue.get('business').id).toBe('free');
  });

  it('refuses a catalogue file it cannot trust, saying why', () => {
    expect(() => catalogueFor({ PLANS_FILE: fileWith('{ not json') })).toThrow(/could not be read as JSON/);
    expect(() => catalogueFor({ PLANS_FILE: fileWith(JSON.stringify([{ ...defaultCatalogue[1] }])) })).toThrow(/needs a "free" plan/);
    expect(() => catalogueFor({ PLANS_FILE: fileWith(JSON.stringify([{ ...defaultCatalogue[0], monthlyCredits: -1 }])) })).toThrow(/0\.monthlyCredits/);
  });
});
