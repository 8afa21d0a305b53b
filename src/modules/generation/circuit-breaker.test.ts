import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker.ts';

describe('circuit breaker', () => {
  it('skips a provider after repeated failures, lets one request through after the cool-down, and closes on success', () => {
    let clock = 0;
    const breaker = createCircuitBreaker({ threshold: 3, coolDownMs: 1000, now: () => clock });
    breaker.failed('openai');
    breaker.failed('openai');
    expect(breaker.coolingDownFor('openai')).toBe(0);
    breaker.failed('openai');
    expect(breaker.coolingDownFor('openai')).toBe(1000);
    expect(breaker.coolingDownFor('anthropic')).toBe(0);
    clock = 600;
    expect(breaker.coolingDownFor('openai')).toBe(400);
    clock = 1000;
    expect(breaker.coolingDownFor('openai')).toBe(0);
    breaker.failed('openai');
    expect(breaker.coolingDownFor('openai')).toBe(1000);
    clock = 2500;
    expect(breaker.coolingDownFor('openai')).toBe(0);
    breaker.succeeded('openai');
    breaker.failed('openai');
    expect(breaker.coolingDownFor('openai')).toBe(0);
  });
});
