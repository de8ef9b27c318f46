// Server reflection that strict clients accept. @grpc/reflection combines the .proto files per
// package and knows which combined file needs which (it sends them all), but leaves each file's
// `dependency` list empty (grpc-node issue #2595). Clients that build a descriptor pool from the
// reply (Python grpcio, grpcurl) then refuse it. This fills the lists in from the library's own
// dependency graph and re-encodes the files. If a new version of the library changes its
// internals, startup fails here and test/interop.test.ts says so.
import type * as grpc from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import descriptor from 'protobufjs/ext/descriptor/index.js';

interface FileDescriptor {
  name: string;
  dependency: string[];
}

interface ReflectionImplementation {
  files: Record<string, FileDescriptor>;
  fileDependencies: Map<FileDescriptor, FileDescriptor[]>;
  fileEncodings: Map<FileDescriptor, Uint8Array>;
}

function declareDependencies(implementation: ReflectionImplementation): void {
  if (!(implementation.fileDependencies instanceof Map) || !(implementation.fileEncodings instanceof Map)) {
    throw new Error('@grpc/reflection internals changed: see backend/src/rpc/reflection.ts');
  }
  for (const file of Object.values(implementation.files)) {
    const needed = implementation.fileDependencies.get(file) ?? [];
    file.dependency = [...new Set(needed.map((dependency) => dependency.name))];
    implementation.fileEncodings.set(file, descriptor.FileDescriptorProto.encode(file as never).finish());
  }
}

export function addReflection(server: grpc.Server, packageDefinition: PackageDefinition, services: string[]): void {
  const reflection = new ReflectionService(packageDefinition, { services });
  const versions = reflection as unknown as { v1: ReflectionImplementation; v1Alpha: ReflectionImplementation };
  declareDependencies(versions.v1);
  declareDependencies(versions.v1Alpha);
  reflection.addToServer(server);
}
