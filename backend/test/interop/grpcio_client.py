"""A client from another gRPC implementation (Python grpcio, C core) that knows nothing of Renkei
but what the server tells it: health checking, then reflection to discover the API, then a call
built from the reflected descriptors, the way grpcurl works. Prints one JSON object."""
import json
import os
import shutil
import sys
import tempfile

import grpc
from grpc_tools import protoc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

address, ca_path, health_dir, reflection_dir, renkei_proto_dir = sys.argv[1:6]
out = tempfile.mkdtemp()
# The well-known types (google/protobuf/any.proto) ship with grpc_tools.
well_known = os.path.join(os.path.dirname(protoc.__file__), "_proto")
# reflection.proto sits under grpc/, which would shadow the grpc package itself: compile a copy
# from another path (the path does not change the service's name on the wire).
staged = tempfile.mkdtemp()
os.makedirs(os.path.join(staged, "reflection_v1"))
shutil.copy(os.path.join(reflection_dir, "grpc/reflection/v1/reflection.proto"), os.path.join(staged, "reflection_v1"))
for include, proto in [
    (health_dir, "health/v1/health.proto"),
    (staged, "reflection_v1/reflection.proto"),
    (renkei_proto_dir, "google/rpc/status.proto"),
    (renkei_proto_dir, "google/rpc/error_details.proto"),
]:
    if protoc.main(["protoc", f"-I{include}", f"-I{well_known}", f"--python_out={out}", f"--grpc_python_out={out}", proto]) != 0:
        sys.exit(f"protoc failed for {proto}")
sys.path.insert(0, out)
from health.v1 import health_pb2, health_pb2_grpc  # noqa: E402
from reflection_v1 import reflection_pb2, reflection_pb2_grpc  # noqa: E402
from google.rpc import error_details_pb2, status_pb2  # noqa: E402

with open(ca_path, "rb") as f:
    credentials = grpc.ssl_channel_credentials(root_certificates=f.read())
channel = grpc.secure_channel(address, credentials)
result = {}

health = health_pb2_grpc.HealthStub(channel)
result["health"] = {
    name: health_pb2.HealthCheckResponse.ServingStatus.Name(health.Check(health_pb2.HealthCheckRequest(service=name), timeout=10).status)
    for name in ["", "renkei.v1.EnrollmentService"]
}

reflection = reflection_pb2_grpc.ServerReflectionStub(channel)
def ask(**request):
    return next(iter(reflection.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(**request)]), timeout=10)))

result["services"] = sorted(s.name for s in ask(list_services="").list_services_response.service)
# The reply holds the file and everything it imports; the pool wants imports added first.
files = {}
for raw in ask(file_containing_symbol="renkei.v1.EnrollmentService").file_descriptor_response.file_descriptor_proto:
    file = descriptor_pb2.FileDescriptorProto.FromString(raw)
    files[file.name] = file
pool = descriptor_pool.DescriptorPool()
added = set()
def add(name):
    if name in added:
        return
    for dependency in files[name].dependency:
        add(dependency)
    pool.Add(files[name])
    added.add(name)
for name in files:
    add(name)
method = pool.FindServiceByName("renkei.v1.EnrollmentService").methods_by_name["Enroll"]
def message_class(descriptor):
    get = getattr(message_factory, "GetMessageClass", None)
    return get(descriptor) if get else message_factory.MessageFactory(pool).GetPrototype(descriptor)
Request, Response = message_class(method.input_type), message_class(method.output_type)

enroll = channel.unary_unary("/renkei.v1.EnrollmentService/Enroll", request_serializer=Request.SerializeToString, response_deserializer=Response.FromString)
try:
    enroll(Request(enrollment_code="AAAAA-BBBBB", wireguard_public_key="x", device_name="python"), timeout=10)
    result["enroll"] = "unexpectedly succeeded"
except grpc.RpcError as error:
    details = dict(error.trailing_metadata()).get("grpc-status-details-bin")
    status = status_pb2.Status.FromString(details) if details else None
    info = error_details_pb2.ErrorInfo()
    localized = []
    for any_detail in status.details if status else []:
        if any_detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            any_detail.Unpack(info)
        elif any_detail.Is(error_details_pb2.LocalizedMessage.DESCRIPTOR):
            message = error_details_pb2.LocalizedMessage()
            any_detail.Unpack(message)
            localized.append(message.locale)
    result["enroll"] = {"code": error.code().name, "details": error.details(), "reason": info.reason, "locales": sorted(localized)}
print(json.dumps(result, ensure_ascii=False))
