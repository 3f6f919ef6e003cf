// The system under simulation: the backend servers, the device, the workload.
export * from './allocator.js';
export * from './config.js';
export * from './connectSvr.js';
export * from './device.js';
export * from './directory.js';
export * from './events.js';
export * from './msgStore.js';
export * from './mutants.js';
export * from './platformPush.js';
export * from './pushSvr.js';
export * from './receiveSvr.js';
export * from './sendSvr.js';
export * from './topology.js';
export * from './wire.js';
export * from './workload.js';
export * from './world.js';
