// A module resolution hook (see register.mjs): a package name that does not resolve where it is imported is
// looked up in tests/toolchain/node_modules instead.
const TOOLCHAIN = new URL('../toolchain/package.json', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  const isPackage = !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.includes(':');
  if (!isPackage) {
    return nextResolve(specifier, context);
  }
  try {
    return await nextResolve(specifier, context);
  } catch {
    return nextResolve(specifier, { ...context, parentURL: TOOLCHAIN });
  }
}
