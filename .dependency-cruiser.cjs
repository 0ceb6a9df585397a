/** Dependencies point one way: apps → libs → kernel. Checked in CI. */
module.exports = {
  forbidden: [
    // The generated api client's own files refer to each other; it is checked against the document instead.
    { name: 'no-circular', severity: 'error', from: { pathNot: '^libs/api-client/src/generated/' }, to: { circular: true } },
    {
      name: 'kernel-imports-nothing-of-ours',
      comment: 'libs/kernel is the centre: it may use node and npm packages, nothing of Samspår.',
      severity: 'error',
      from: { path: '^libs/kernel/' },
      to: { path: '^(apps|libs/(?!kernel/))' },
    },
    { name: 'libs-never-import-apps', severity: 'error', from: { path: '^libs/' }, to: { path: '^apps/' } },
    {
      name: 'journeys-never-import-read-models',
      severity: 'error',
      from: { path: '^libs/journeys/' },
      to: { path: '^libs/read-models/' },
    },
    {
      name: 'retention-uses-only-what-gallring-needs',
      comment: 'Gallring reads the log and the journeys read model, destroys keys and audits: nothing else of ours.',
      severity: 'error',
      from: { path: '^libs/retention/' },
      to: { path: '^libs/(?!(retention|journeys|read-models|access|privacy|event-store|kernel)/)' },
    },
    {
      name: 'only-apps-and-tests-import-retention',
      comment: 'Gallring stands above the write side and the read models; no lib below it calls it.',
      severity: 'error',
      from: { path: '^libs/(?!retention/)' },
      to: { path: '^libs/retention/' },
    },
    {
      name: 'read-models-never-import-journeys-internals',
      severity: 'error',
      from: { path: '^libs/read-models/' },
      to: { path: '^libs/journeys/src/(?!index\\.ts$|testing/index\\.ts$)' },
    },
    {
      name: 'libs-expose-only-their-index',
      comment:
        'Another lib is reached only through its index.ts (@samspar/<lib>), its testing/index.ts in tests, or @samspar/platform/tracing (loaded before the rest).',
      severity: 'error',
      from: { path: '^(apps|libs|test|bench)/([^/]+)' },
      to: { path: '^libs/([^/]+)/src/(?!index\\.ts$|testing/index\\.ts$|tracing/index\\.ts$)', pathNot: '^libs/$2/' },
    },
    {
      name: 'apps-never-import-each-other',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'web-reaches-the-api-through-client-ts',
      comment: 'One module (apps/web/src/api/client.ts) wraps the generated client, so it can be swapped in one place.',
      severity: 'error',
      from: { path: '^apps/web/', pathNot: '^apps/web/src/api/client\\.ts$' },
      to: { path: '^libs/api-client/' },
    },
  ],
  options: {
    // The api client is generated (npm run generate:client): reached, not followed into.
    doNotFollow: { path: ['node_modules', '^libs/api-client/src/generated/'] },
    exclude: { path: '^(dist|data|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
