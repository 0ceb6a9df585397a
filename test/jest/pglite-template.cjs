// Per test file: a new PGlite database starts from the run's initialised template (see global-setup.cjs)
// rather than from initdb. It is still a whole, real PostgreSQL; an existing data directory is opened as it is.
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Blob } = require('node:buffer');

const template = process.env.SAMSPAR_PGLITE_TEMPLATE;
const pglite = require('@electric-sql/pglite');
if (template && existsSync(template) && !pglite.PGlite.create.samsparTemplate) {
  const create = pglite.PGlite.create.bind(pglite.PGlite);
  let blob;
  const fresh = (dataDir) =>
    dataDir === undefined ||
    (typeof dataDir === 'string' && !dataDir.includes('://') && !existsSync(join(dataDir, 'PG_VERSION')));
  const patched = (dataDirOrOptions, maybeOptions) => {
    const options =
      typeof dataDirOrOptions === 'string' ? { ...maybeOptions, dataDir: dataDirOrOptions } : { ...dataDirOrOptions };
    if (options.loadDataDir === undefined && fresh(options.dataDir)) {
      blob ??= new Blob([readFileSync(template)]);
      options.loadDataDir = blob;
    }
    return create(options);
  };
  patched.samsparTemplate = true;
  pglite.PGlite.create = patched;
}
