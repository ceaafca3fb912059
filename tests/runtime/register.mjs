// Loaded with `node --import ./tests/runtime/register.mjs --test tests/runtime/`: lets the runtime's tests import
// runtime modules that import Forge packages (@forge/api, @forge/kvs, @forge/resolver). Those resolve from the
// toolchain's node_modules, pinned by tests/toolchain/package-lock.json, as they would inside an installed app.
import { register } from 'node:module';

register('./resolve-toolchain.mjs', import.meta.url);
