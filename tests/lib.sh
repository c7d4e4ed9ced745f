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
# wait_for CMD...: until CMD succeeds (at most 60 s): for a state that
# a test can see, never for a length of time
wait_for() {
	_n=0
	until "$@" >/dev/null 2>&1; do
		_n=$((_n + 1)); [ $_n -gt 1200 ] && return 1
		sleep 0.05
	done
}
# no temporary files left in a directory
no_temps() { ! ls -a "$1" | grep -q '\.tmp'; }
EPUBCHECK="java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar /usr/share/java/epubcheck.jar"
# shared_dir NAME: the shared folder NAME (corpus, corpus2, tools) next
# to the source tree, or one level further up (a worktree in a folder of
# worktrees); its expected place when it is in neither
shared_dir() {
	for _d in "$TOP/../shared/$1" "$TOP/../../shared/$1"; do
		[ -d "$_d" ] && { (cd "$_d" && pwd); return; }
	done
	echo "$TOP/../shared/$1"
}
# corpus_files DIR SUB...: CORPUS_FILES lists the *.xml of each DIR/SUB.
# A folder that is missing or holds no XML is a failed test, never a
# silent skip: the tests that read it cannot run.
corpus_files() {
	_dir=$1; shift
	CORPUS_FILES=
	for _sub in "$@"; do
		_found=$(ls "$_dir/$_sub"/*.xml 2>/dev/null)
		if [ -n "$_found" ]; then
			CORPUS_FILES="$CORPUS_FILES $_found"
		else
			echo "FAIL corpus folder missing or without XML: $_dir/$_sub"
		fi
	done
}
# the python that has lxml (Debian's python3-lxml), whatever python3 is first on PATH
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
