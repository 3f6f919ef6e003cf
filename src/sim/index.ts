// The kernel's public surface. It knows nothing of chat.
export * from './connection.js';
export * from './errors.js';
export * from './eventQueue.js';
export * from './linkProfile.js';
export * from './network.js';
export * from './process.js';
export * from './random.js';
export * from './simulation.js';
export * from './time.js';
export * from './trace.js';
export * from './traceKinds.js';
