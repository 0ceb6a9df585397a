// Each run starts with no outcomes left from an earlier one, and searches the properties deeper.
const { rmSync } = require('node:fs');
const { join } = require('node:path');

module.exports = async () => {
  // The property specs search ten times as many cases here as in npm test.
  process.env.SAMSPAR_PROPERTY_SCALE = '10';
  rmSync(join(__dirname, '..', '..', 'bench', 'results', 'hardening-parts'), { recursive: true, force: true });
};
