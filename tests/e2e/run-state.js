// What global-setup.js started, for global-teardown.js (same process).
export const handles = { gateway: null, servers: [], dataDir: null };
