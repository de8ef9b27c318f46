// Driving WireGuard through wireguard-tools: shared by the cloud and the clinic tunnel service.
export * from './keys';
export * from './run-tool';
export * from './wireguard-link';
