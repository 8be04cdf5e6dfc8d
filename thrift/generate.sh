#!/usr/bin/env bash
# Regenerates the committed Java sources from the Thrift IDL and records the checksums that
# ThriftIdlDriftTest verifies. Needs the Thrift compiler 0.17 (Debian: apt-get install thrift-compiler).
#
#   thrift/generate.sh          regenerate src/main/gen-java and src/main/gen-java.sha256
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
idl_dir="$here/src/main/thrift"
out_dir="$here/src/main/gen-java"
expected_version="0.17.0"

command -v thrift >/dev/null || { echo "thrift compiler not found: apt-get install thrift-compiler" >&2; exit 1; }
actual_version="$(thrift --version | awk '{print $3}')"
if [ "$actual_version" != "$expected_version" ]; then
  echo "thrift compiler $actual_version found; the committed sources come from $expected_version" >&2
  exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for idl in "$idl_dir"/*.thrift; do
  thrift --gen java:generated_annotations=suppress -out "$tmp" "$idl"
done
rm -rf "$out_dir"
mkdir -p "$out_dir"
cp -r "$tmp"/. "$out_dir"/

# One line per IDL and generated file: "<sha256>  <path relative to thrift/>", sorted by path.
(cd "$here" && find src/main/thrift src/main/gen-java -type f \( -name '*.thrift' -o -name '*.java' \) \
  | LC_ALL=C sort | xargs sha256sum) > "$here/src/main/gen-java.sha256"
echo "generated $(find "$out_dir" -name '*.java' | wc -l) Java files into $out_dir"
