// Each run starts with no outcomes left from an earlier one.
const { rmSync } = require('node:fs');
const { join } = require('node:path');

module.exports = async () => {
  rmSync(join(__dirname, '..', '..', 'bench', 'results', 'hardening-parts'), { recursive: true, force: true });
};
