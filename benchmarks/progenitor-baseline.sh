#!/usr/bin/env bash
# Builds the compile-time baseline: a progenitor client generated from the same billing spec as
# the SDK, so that `cargo xtask compile-time` can time the two crates side by side.
#
#   cargo xtask compile-time --baseline "$(benchmarks/progenitor-baseline.sh)" [--record]
#
# What it does, from any working directory:
#   1. Installs cargo-progenitor $PROGENITOR_VERSION with `cargo install --locked` into
#      target/progenitor-baseline/tools (skipped when that exact version is already there; the
#      first run compiles it, several minutes).
#   2. Generates the crate `progenitor-billing` from spec/soracom-billing-api-openapi.yml into
#      target/progenitor-baseline/progenitor-billing with the CLI's defaults (positional interface,
#      merged tags, depends on progenitor-client). The spec goes in unchanged: progenitor 0.15.1
#      accepts the whole file and writes one method per operation, which is checked below. The
#      crate is generated into a scratch folder first and copied over only when its text changed,
#      so a rerun does not touch the files and leaves the build cache valid.
#   3. Makes the crate its own workspace (an empty `[workspace]` table; it lives under this
#      repository's workspace otherwise) and builds it once in debug, which proves that it builds
#      and caches its dependencies (progenitor-client, reqwest, …) in its own target/ folder.
#   4. Prints the crate's folder, alone on stdout; all progress goes to stderr.
#
# Needs cargo and network access to crates.io (for the install and the crate's dependencies;
# the generated crate has no lockfile, so its dependencies resolve to the newest matching
# versions on the first build, recorded in its Cargo.lock after that).
set -euo pipefail

# The latest 0.15 release of cargo-progenitor on crates.io; BENCHMARKS.md names it.
PROGENITOR_VERSION=0.15.1
CRATE_NAME=progenitor-billing
CRATE_VERSION=0.1.0

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SPEC=$REPO/spec/soracom-billing-api-openapi.yml
BASE=$REPO/target/progenitor-baseline
TOOLS=$BASE/tools
OUT=$BASE/$CRATE_NAME
PROGENITOR=$TOOLS/bin/cargo-progenitor

log() { printf '%s\n' "progenitor-baseline: $*" >&2; }

mkdir -p "$BASE"

# 1. cargo-progenitor, once per version. `cargo install` records what it installed in
#    .crates.toml; checking that file keeps a warm run off the network.
if [[ -x $PROGENITOR ]] && grep -qF "\"cargo-progenitor $PROGENITOR_VERSION " "$TOOLS/.crates.toml" 2>/dev/null; then
    log "cargo-progenitor $PROGENITOR_VERSION already in $TOOLS"
else
    log "installing cargo-progenitor $PROGENITOR_VERSION into $TOOLS (takes several minutes)"
    cargo install --locked --version "$PROGENITOR_VERSION" cargo-progenitor --root "$TOOLS" >&2
fi

# 2. Generate into a scratch folder. cargo-progenitor prints its whole type space on stdout:
#    kept in a log, shown only when it fails.
SCRATCH=$BASE/generate.tmp
GENLOG=$BASE/generate.log
rm -rf "$SCRATCH"
if ! "$PROGENITOR" progenitor \
    --input "$SPEC" \
    --output "$SCRATCH" \
    --name "$CRATE_NAME" \
    --version "$CRATE_VERSION" >"$GENLOG" 2>&1; then
    cat "$GENLOG" >&2
    log "cargo-progenitor $PROGENITOR_VERSION failed on $SPEC"
    exit 1
fi

# Progenitor must not have left an operation out, or the baseline would be a smaller crate.
spec_ops=$(grep -cE '^[[:space:]]+operationId:' "$SPEC" || true)
crate_ops=$(grep -cE '^    pub async fn ' "$SCRATCH/src/lib.rs" || true)
if [[ $spec_ops != "$crate_ops" ]]; then
    log "the spec has $spec_ops operations, the generated client $crate_ops methods"
    exit 1
fi

# 3a. Its own workspace: otherwise cargo finds this repository's Cargo.toml above it and refuses
#     to build a package that is not a member.
if ! grep -qE '^\[workspace\]' "$SCRATCH/Cargo.toml"; then
    printf '\n[workspace]\n' >>"$SCRATCH/Cargo.toml"
fi

# Replace the crate only when the generated text differs (target/ and Cargo.lock are kept).
mkdir -p "$OUT"
if diff -rq --exclude=target --exclude=Cargo.lock "$SCRATCH" "$OUT" >/dev/null 2>&1; then
    log "$OUT is up to date ($crate_ops operations)"
else
    log "writing $OUT ($crate_ops operations)"
    find "$OUT" -mindepth 1 -maxdepth 1 ! -name target ! -name Cargo.lock -exec rm -rf {} +
    cp -R "$SCRATCH"/. "$OUT"/
fi
rm -rf "$SCRATCH"

# 3b. One debug build: proves the crate builds, and caches its dependencies.
log "building $OUT"
(cd "$OUT" && cargo build >&2)

# 4. For `cargo xtask compile-time --baseline DIR`.
log "done; time it with: cargo xtask compile-time --baseline $OUT"
printf '%s\n' "$OUT"
