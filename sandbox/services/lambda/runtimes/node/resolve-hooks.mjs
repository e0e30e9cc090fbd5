// Loader-thread resolve hook for Node versions without module.registerHooks (Node 22 before
// 22.15): a bare specifier that the function's own folders cannot satisfy is retried from the
// runtime's location, whose ancestor node_modules hold the packages Lambda provides (the AWS SDK).

let fallbackParentURL;

export function initialize(data) {
  fallbackParentURL = data?.fallbackParentURL;
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const bare = !/^(\.{0,2}\/|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier) && !specifier.startsWith('#');
    if (!bare || !fallbackParentURL || error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    try {
      return await nextResolve(specifier, { ...context, parentURL: fallbackParentURL });
    } catch {
      throw error;
    }
  }
}
