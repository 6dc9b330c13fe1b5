// Jest runs in ESM mode: every @nestjs/* 12 package is ESM-only (see docs/development.md).
export default {
  testEnvironment: 'node',
  // Generous, because suites wait for subscriptions; no test asserts on timing.
  testTimeout: 30_000,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tests'],
  testMatch: ['**/*.spec.ts'],
  // Decorators (class-validator, Nest) need the Reflect metadata API, as main.ts loads it.
  setupFiles: ['reflect-metadata'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^#domain$': '<rootDir>/libs/domain/src/index.ts',
    '^#event-store$': '<rootDir>/libs/event-store/src/index.ts',
    '^#event-store/canonical-form$': '<rootDir>/libs/event-store/src/canonical-form.ts',
    '^#projections$': '<rootDir>/libs/projections/src/index.ts',
    '^#integrity$': '<rootDir>/libs/integrity/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
};
