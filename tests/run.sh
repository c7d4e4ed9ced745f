#!/bin/sh
# Test runner: unit binaries given as arguments, then every tests/cli/*.sh.
# Prints one line per assertion and a closing "N passed, N failed".
TOP=$(cd "$(dirname "$0")/.." && pwd)
export TOP GALLEY
pass=0; fail=0
log=$(mktemp)
for t in "$@"; do
	if "$t" >>"$log" 2>&1; then pass=$((pass+1)); echo "ok unit $(basename "$t")";
	else fail=$((fail+1)); echo "FAIL unit $(basename "$t")"; fi
done
grep -h FAIL "$log" | head -50
for s in "$TOP"/tests/cli/*.sh; do
	[ -f "$s" ] || continue
	TMP=$(mktemp -d); export TMP
	out=$( (cd "$TMP" && timeout 600 sh -c ". '$TOP/tests/lib.sh'; . '$s'") 2>&1)
	rc=$?
	p=$(printf '%s\n' "$out" | grep -c '^ok ')
	f=$(printf '%s\n' "$out" | grep -c '^FAIL')
	[ $rc -ne 0 ] && [ "$f" = 0 ] && { f=1; out="$out
FAIL $(basename "$s") exited $rc"; }
	pass=$((pass+p)); fail=$((fail+f))
	if [ "$f" != 0 ]; then printf '%s\n' "$out" | grep -v '^ok '; fi
	echo "$(basename "$s"): $p passed, $f failed"
	rm -rf "$TMP"
done
rm -f "$log"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
