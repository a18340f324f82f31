#!/usr/bin/env bash
# Builds the tracking payload fuzzer (src/ingest/payload_fuzz.cpp) with clang's libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer, then fuzzes ParseBatch and ParseMessage for a
# bounded time from the seed corpus. Exits non-zero on any crash, leak, sanitizer report or broken
# invariant; the input that caused it is left in the build directory as crash-*/leak-*/oom-*.
#
#   tests/fuzz/run_payload_fuzz.sh [build-dir]      (default: build/dev/fuzz)
#   FUZZ_SECONDS=300 tests/fuzz/run_payload_fuzz.sh  (fuzz longer; default 20 s)
#   tests/fuzz/run_payload_fuzz.sh build/dev/fuzz build/dev/fuzz/crash-<sha>   (replay inputs)
#
# Needs clang++ and libclang-rt-14-dev (libFuzzer), which scripts/bootstrap installs.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(mkdir -p "${1:-$root/build/dev/fuzz}" && cd "${1:-$root/build/dev/fuzz}" && pwd)"
shift || true
cxx="${CXX_FUZZ:-clang++}"
seconds="${FUZZ_SECONDS:-20}"

# The parser and the little of src/core it uses; nothing else is linked in.
sources=(
  src/ingest/payload_fuzz.cpp
  src/ingest/payload.cpp
  src/core/error.cpp
  src/core/id.cpp
  src/core/time.cpp
)
flags=(-std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
  -fno-sanitize-recover=all -I "$root/src")
binary="$out/payload_fuzz"

# Recompiles only the objects whose source or any header under src/ changed since the last build.
newest_header="$(find "$root/src" -name '*.hpp' -newer "$binary" -print -quit 2>/dev/null || true)"
objects=()
pids=()
for source in "${sources[@]}"; do
  object="$out/$(basename "${source%.cpp}").o"
  objects+=("$object")
  if [[ ! -f "$binary" || -n "$newest_header" || "$root/$source" -nt "$object" ]]; then
    "$cxx" "${flags[@]}" -c "$root/$source" -o "$object" &
    pids+=($!)
  fi
done
for pid in "${pids[@]}"; do wait "$pid"; done
if ((${#pids[@]})) || [[ ! -f "$binary" ]]; then
  "$cxx" "${flags[@]}" "${objects[@]}" -lboost_json -lfmt -o "$binary"
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# Replaying given inputs (a crash to reproduce, or the seeds as a quick check).
if (($#)); then
  exec "$binary" "$@"
fi

# Fuzzes a scratch copy of the seeds, so that the inputs it discovers stay out of the source tree.
corpus="$out/payload_corpus"
rm -rf "$corpus"
cp -r "$root/tests/fuzz/payload_corpus" "$corpus"
echo "fuzzing the payload parser for ${seconds}s ($binary)"
"$binary" "$corpus" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=16384 \
  -print_final_stats=1 -artifact_prefix="$out/"
