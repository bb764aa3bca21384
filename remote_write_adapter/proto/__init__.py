"""Protobuf schemas of Prometheus remote write/read (from the published specs) and their generated modules.

Regenerate with scripts/gen-proto.sh; `fast.proto` is a wire-compatible, decode-only view used on the hot path.
"""
