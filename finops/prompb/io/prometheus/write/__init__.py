"""Generated protobuf modules; regenerate with scripts/gen-proto.sh."""
