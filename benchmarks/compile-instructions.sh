#!/usr/bin/env bash
# Counts the instructions rustc executes to build one crate (debug, non-incremental, dependencies
# cached): a figure that, unlike wall time, barely moves on a shared machine. A complement to
# `cargo xtask compile-time`, which times the same builds (BENCHMARKS.md, "Compile time").
#
#   benchmarks/compile-instructions.sh [CRATE_DIR PACKAGE]...
#   benchmarks/compile-instructions.sh . soracom-billing target/progenitor-baseline/progenitor-billing progenitor-billing
#
# For each (folder, package) pair it builds the package's dependencies once, then rebuilds the
# package alone with rustc run under `valgrind --tool=cachegrind --cache-sim=no` (through
# RUSTC_WRAPPER, so cargo sets the environment as usual), and prints the package, the count and
# its ratio to the first package's. Codegen threads are counted in full, so the count weighs LLVM
# work more than wall time does. Each folder gets its own target folder (`target/instructions`
# under it), so the normal build cache is left alone. Needs valgrind (Debian: `apt-get install
# valgrind`).
set -euo pipefail

if ! command -v valgrind >/dev/null; then
  echo "compile-instructions: needs valgrind (apt-get install valgrind)" >&2
  exit 1
fi
if (($# == 0 || $# % 2 != 0)); then
  echo "usage: $0 CRATE_DIR PACKAGE [CRATE_DIR PACKAGE]..." >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The wrapper runs rustc under cachegrind for the measured crate's library only.
cat >"$work/wrapper" <<'WRAPPER'
#!/usr/bin/env bash
rustc=$1
shift
if [[ " $* " == *" --crate-name $MEASURED_CRATE "* && " $* " == *" --crate-type lib "* ]]; then
  exec valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    --log-file="$MEASURED_LOG" "$rustc" "$@"
fi
exec "$rustc" "$@"
WRAPPER
chmod +x "$work/wrapper"

first=""
while (($# > 0)); do
  dir=$(cd "$1" && pwd)
  package=$2
  shift 2
  export CARGO_TARGET_DIR=$dir/target/instructions CARGO_INCREMENTAL=0
  export MEASURED_CRATE=${package//-/_} MEASURED_LOG=$work/$package.log
  # Dependencies first (the wrapper only measures the package itself), then the package alone.
  (cd "$dir" && RUSTC_WRAPPER=$work/wrapper cargo build --quiet -p "$package")
  (cd "$dir" && cargo clean --quiet -p "$package" && RUSTC_WRAPPER=$work/wrapper cargo build --quiet -p "$package")
  count=$(grep -o 'I *refs: *[0-9,]*' "$MEASURED_LOG" | tr -dc '0-9')
  if [[ -z $count ]]; then
    echo "compile-instructions: no count for $package (see $MEASURED_LOG)" >&2
    exit 1
  fi
  first=${first:-$count}
  awk -v p="$package" -v c="$count" -v f="$first" \
    'BEGIN { printf "%s: %.3f G instructions (%.3fx the first)\n", p, c / 1e9, c / f }'
done
