# Shared helpers for tests/cli/*.sh. Each script is run by tests/run.sh with
# $GALLEY (the binary), $TMP (a fresh directory) and $TOP (source tree).
# check NAME CONDITION-COMMAND...: one assertion, counted by the runner.
check() {
	name=$1; shift
	if "$@" >/dev/null 2>&1; then
		echo "ok $name"
	else
		echo "FAIL $name"
	fi
}
# expect_status N CMD...: run CMD, stdout to $TMP/out, stderr to $TMP/err,
# succeed when the exit status is N.
expect_status() {
	want=$1; shift
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	[ "$got" = "$want" ] || { echo "  exit $got, expected $want: $*" >&2; cat "$TMP/err" >&2; return 1; }
}
# LD_PRELOAD=$FAULTS: write, fsync and rename fail, or a conversion
# crashes, as GALLEY_FAULT_* says (tests/cli/faults.c)
FAULTS=${BUILD:-$TOP/build}/faults.so
# no temporary files left in a directory
no_temps() { ! ls -a "$1" | grep -q '\.tmp'; }
EPUBCHECK="java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar /usr/share/java/epubcheck.jar"
# the python that has lxml (Debian's python3-lxml), whatever python3 is first on PATH
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
