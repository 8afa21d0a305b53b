import { describe, expect, it } from 'vitest';
import { deviceClassOf, referrerHostOf } from './visitors.ts';

describe('what a page view keeps of its visitor', () => {
  it('classes devices from the user agent', () => {
    expect(deviceClassOf('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148')).toBe('phone');
    expect(deviceClassOf('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36')).toBe('phone');
    expect(deviceClassOf('Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15')).toBe('tablet');
    expect(deviceClassOf('Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 Chrome/120.0 Safari/537.36')).toBe('tablet');
    expect(deviceClassOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36')).toBe('desktop');
    expect(deviceClassOf('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)')).toBe('bot');
    expect(deviceClassOf(undefined)).toBe('other');
  });

  it('keeps only the host of another site that referred the visitor', () => {
    expect(referrerHostOf('https://www.google.com/search?q=sourdough+lisbon', 'http://localhost:3001')).toBe('www.google.com');
    expect(referrerHostOf('http://localhost:3001/bakery/', 'http://localhost:3001')).toBeNull();
    expect(referrerHostOf('javascript:alert(1)', 'http://localhost:3001')).toBeNull();
    expect(referrerHostOf('not a url', 'http://localhost:3001')).toBeNull();
    expect(referrerHostOf('', 'http://localhost:3001')).toBeNull();
  });
});
