import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, loadConfig } from './config.ts';

describe('configuration', () => {
  it('runs on the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: 'localhost', NODE_ENV: 'development' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(path.isAbsolute(config.DATA_DIR)).toBe(true);
  });

  it('names each bad variable and what it expects', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(new ConfigError(['PORT must be a port number (0-65535)']));
    expect(() => loadConfig({ DATABASE_URL: 'mysql://localhost/db', LOG_LEVEL: 'loud' })).toThrow(
      new ConfigError([
        'DATABASE_URL must be a PostgreSQL URL like postgres://user:password@host:5432/database',
        'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
      ]),
    );
  });

  it('accepts a PostgreSQL URL and treats an empty one as unset', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://app:pw@db.internal:5432/atelier' }).DATABASE_URL).toBe(
      'postgres://app:pw@db.internal:5432/atelier',
    );
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('derives the public URL from the port unless given, and takes only an origin', () => {
    expect(loadConfig({ PORT: '4100' }).PUBLIC_URL).toBe('http://localhost:4100');
    expect(loadConfig({ PUBLIC_URL: 'https://Atelier.example.com/' }).PUBLIC_URL).toBe('https://atelier.example.com');
    expect(() => loadConfig({ PUBLIC_URL: 'https://atelier.example.com/app' })).toThrow(ConfigError);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.com' })).toThrow(ConfigError);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).TRUST_PROXY).toBe('10.0.0.0/8, 127.0.0.1');
    expect(() => loadConfig({ TRUST_PROXY: 'everyone; drop table' })).toThrow(ConfigError);
  });

  it('is documented variable by variable in the README', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    for (const name of Object.keys(configSchema.shape)) expect(readme).toContain(`| \`${name}\``);
  });
});
