# Batches: directories walked and mirrored, collisions, partial failure,
# worker processes (-j, crashes), sharding, --update, progress, and the
# JSON and JUnit reports.
S=$TOP/samples
export SOURCE_DATE_EPOCH=1700000000
cd "$TMP" || exit 1

# a tree: in/a.xml in/sub/b.xml in/sub/deeper/c.xml in/z.xml, plus noise
mkdir -p in/sub/deeper in/.hidden
cp "$S/north-korea-china.xml" in/a.xml
cp "$S/stadtwerke-solar.xml" in/sub/b.xml
cp "$S/north-korea-china.xml" in/sub/deeper/c.xml
cp "$S/stadtwerke-solar.xml" in/z.xml
cp "$S/north-korea-china.xml" in/.hidden/h.xml
echo 'not xml' >in/notes.txt

# ---- walking and naming ------------------------------------------------------
check "directory: exit 0" expect_status 0 "$GALLEY" -t dump -o tree in
check "REL paths mirrored" sh -c "test -s tree/a.dump && test -s tree/sub/b.dump && test -s tree/sub/deeper/c.dump && test -s tree/z.dump"
check "only *.xml, no hidden entries" sh -c "[ \$(find tree -type f | wc -l) = 4 ]"
check "-o DIR/ and a file: REL empty" sh -c "'$GALLEY' -t dump -o flat/ in/sub/b.xml && test -s flat/b.dump"
check "walk order is sorted" sh -c "'$GALLEY' -v -t dump -o ord in 2>&1 | grep wrote | sed 's/:.*//' >'$TMP/order'; printf 'in/a.xml\nin/sub/b.xml\nin/sub/deeper/c.xml\nin/z.xml\n' | cmp -s - '$TMP/order'"

# ---- collisions: refused before any work ---------------------------------------
mkdir -p col/one col/two
cp "$S/north-korea-china.xml" col/one/x.xml
cp "$S/stadtwerke-solar.xml" col/two/x.xml
check "collision: exit 2" expect_status 2 "$GALLEY" -t dump -o colout col/one/x.xml col/two/x.xml
check "collision: message names both" sh -c "grep -q 'col/one/x.xml' '$TMP/err' && grep -q 'col/two/x.xml' '$TMP/err'"
check "collision: nothing written" test ! -e colout
check "same input twice: exit 2" expect_status 2 "$GALLEY" -t dump -o colout in/a.xml in/a.xml
check "collision through a directory: exit 2" expect_status 2 "$GALLEY" -t dump -o colout in/a.xml col/one col/two
mkdir -p ovr/in ovr/out
cp "$S/north-korea-china.xml" ovr/in/a.xml
cp "$S/stadtwerke-solar.xml" ovr/in/b.xml
ln -s ../in/b.xml ovr/out/b.dump
check "output over an input (symlink): exit 2" expect_status 2 "$GALLEY" -t dump -o ovr/out ovr/in
check "output over an input: message names both" sh -c "grep -q 'ovr/out/b.dump would overwrite the input ovr/in/b.xml' '$TMP/err'"
check "output over an input: input untouched" cmp -s ovr/in/b.xml "$S/stadtwerke-solar.xml"
check "output over an input: nothing written" test ! -e ovr/out/a.dump
check "-o FILE with two inputs is a directory" sh -c "'$GALLEY' -t dump -o odir in/a.xml in/z.xml && test -s odir/a.dump && test -s odir/z.dump"

# ---- partial failure and the report ----------------------------------------------
mkdir -p mix
cp "$S/north-korea-china.xml" mix/a-good.xml
printf '<article>\n<head><title>x</title>\n</article>\n' >mix/b-bad.xml
cp "$S/stadtwerke-solar.xml" mix/c-good.xml
printf '<article><head><title>T</title></head><body><p>x<blink>y</blink></p></body></article>\n' >mix/d-warn.xml
check "partial failure: exit 1" expect_status 1 "$GALLEY" -t dump -o mixout --report report.json --junit junit.xml mix
check "partial failure: good outputs written" sh -c "test -s mixout/a-good.dump && test -s mixout/c-good.dump && test -s mixout/d-warn.dump"
check "partial failure: no output for the bad one" test ! -e mixout/b-bad.dump
check "partial failure: located error" grep -Eq '^mix/b-bad\.xml:[0-9]+:[0-9]+: error: ' "$TMP/err"
check "report is JSON" python3 -m json.tool report.json
cat >check_report.py <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["version"] == 1 and isinstance(r["galley"], str)
keys = {"input", "format", "status", "outputs", "pages", "warnings", "errors", "ms"}
for i in r["inputs"]:
    assert keys <= set(i), i.keys()
    assert i["status"] in ("ok", "error")
    for o in i["outputs"]:
        assert {"path", "format", "bytes", "sha256"} <= set(o)
        assert len(o["sha256"]) == 64 and o["bytes"] > 0
    for m in i["warnings"] + i["errors"]:
        assert {"line", "col", "code", "message"} <= set(m)
t = r["totals"]
assert {"inputs", "ok", "failed", "warnings", "ms"} <= set(t)
assert t["inputs"] == len(r["inputs"]) == t["ok"] + t["failed"]
assert t["warnings"] == sum(len(i["warnings"]) for i in r["inputs"])
bad = [i["input"] for i in r["inputs"] if i["status"] == "error"]
want = sys.argv[2:] 
assert bad == want, (bad, want)
EOF
check "report fields (DESIGN.md)" python3 check_report.py report.json mix/b-bad.xml
check "report: how the run was made" python3 -c "
import json, re; r = json.load(open('report.json'))
assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', r['started']), r['started']
assert r['style']['name'] == 'brief' and r['style']['path'].endswith('styles/brief.ini')
assert r['command'] == ['-t', 'dump', '-o', 'mixout', '--report', 'report.json', '--junit', 'junit.xml', 'mix']
o = r['options']
assert o['to'] == ['dump'] and o['from'] == 'auto' and o['jobs'] >= 1 and o['strict'] is False
assert o['shard'] is None and o['metadata'] == {} and o['limits']['pages'] == 5000"
check "report: the bad input has its error" python3 -c "
import json; r = json.load(open('report.json'))
b = [i for i in r['inputs'] if i['input'] == 'mix/b-bad.xml'][0]
assert b['errors'] and b['errors'][0]['line'] > 0 and not b['outputs']"
check "report: sha256 matches the file" python3 -c "
import json, hashlib; r = json.load(open('report.json'))
for i in r['inputs']:
    for o in i['outputs']:
        assert hashlib.sha256(open(o['path'], 'rb').read()).hexdigest() == o['sha256']"
check "report: warnings counted" python3 -c "
import json; r = json.load(open('report.json'))
assert r['totals']['warnings'] >= 1
w = [i for i in r['inputs'] if i['input'] == 'mix/d-warn.xml'][0]['warnings']
assert w and w[0]['code']"
check "junit is XML" python3 -c "
import xml.etree.ElementTree as E; t = E.parse('junit.xml')
cases = t.findall('.//testcase'); assert len(cases) == 4
f = [c for c in cases if c.find('failure') is not None]
assert len(f) == 1 and f[0].get('name') == 'mix/b-bad.xml'"
check "report to a bad place: exit 1" sh -c "'$GALLEY' -q -t dump -o r0 --report /dev/null/r.json in/a.xml; [ \$? = 1 ]"

# ---- workers ------------------------------------------------------------------------
mkdir -p many
for i in 01 02 03 04 05 06 07 08; do cp "$S/north-korea-china.xml" many/n$i.xml; done
cp "$S/stadtwerke-solar.xml" many/s.xml
printf '<article>\n<head><title>x</title>\n</article>\n' >many/n05.xml
check "-j1: exit 1 (one bad)" sh -c "'$GALLEY' -j1 -t dump,pdf -o j1 many 2>'$TMP/e1'; [ \$? = 1 ]"
check "-j3: exit 1 (one bad)" sh -c "'$GALLEY' -j3 -t dump,pdf -o j3 many 2>'$TMP/e3'; [ \$? = 1 ]"
check "-j1 and -j3: same bytes" diff -r j1 j3
# workers forked right after the fonts are set up (no dictionaries to load
# first) must not inherit Pango's font setup half done
check "-j3 layout traces finish" sh -c "timeout 60 '$GALLEY' -q -j3 -t layout -o jl many; [ \$? = 1 ] && test -s jl/n01.layout && test -s jl/s.layout"
# the summary line at the end gives the time, which differs run to run
check "-j1 and -j3: same messages" sh -c "grep -v '^galley: [0-9]* inputs, ' '$TMP/e1' >'$TMP/e1m'; grep -v '^galley: [0-9]* inputs, ' '$TMP/e3' >'$TMP/e3m'; cmp '$TMP/e1m' '$TMP/e3m' && test -s '$TMP/e1m'"
# the crash tests run over inputs that all convert (many/ holds a bad
# one), so that their exit 1 can only come from the crash
mkdir -p good
for i in 01 02 03 04 05 06 07; do cp "$S/north-korea-china.xml" good/n$i.xml; done
cp "$S/stadtwerke-solar.xml" good/s.xml
check "good batch without a fault: exit 0" expect_status 0 "$GALLEY" -q -j2 -t dump -o crash0 good
check "worker crash: exit 1" sh -c "LD_PRELOAD='$FAULTS' GALLEY_FAULT_CRASH=n03.xml '$GALLEY' -j2 -t dump -o crash good 2>'$TMP/ec'; [ \$? = 1 ]"
check "worker crash: named as that input's failure" grep -q '^good/n03.xml: error: .*signal' "$TMP/ec"
check "worker crash: the only failure" sh -c "[ \$(grep -c 'error:' '$TMP/ec') = 1 ]"
check "worker crash: the others converted" sh -c "[ \$(ls crash | wc -l) = 7 ] && test -s crash/n07.dump && test ! -e crash/n03.dump"
check "worker crash: no temporary file" no_temps crash
check "worker killed: exit 1, the others converted, no temporary file" sh -c "LD_PRELOAD='$FAULTS' GALLEY_FAULT_CRASH=kill:n02.xml '$GALLEY' -j2 -t dump -o crash2 good 2>/dev/null; [ \$? = 1 ] && [ \$(ls crash2 | wc -l) = 7 ] && test ! -e crash2/n02.dump && ! ls -a crash2 | grep -q tmp"
check "crash with -j1: replaced, the rest converted" sh -c "LD_PRELOAD='$FAULTS' GALLEY_FAULT_CRASH=n01.xml '$GALLEY' -j1 -t dump -o crash3 good 2>/dev/null; [ \$? = 1 ] && [ \$(ls crash3 | wc -l) = 7 ] && test ! -e crash3/n01.dump"
# a worker's committer thread syncs and renames while the next input is
# converted: its failures still fail their inputs, and leave nothing
check "-j2, fsync fails: every input fails" sh -c "LD_PRELOAD='$FAULTS' GALLEY_FAULT_FSYNC=1 '$GALLEY' -j2 -t dump -o syncfail many 2>'$TMP/ef'; [ \$? = 1 ] && [ \$(grep -c '^syncfail/.*: error: cannot write' '$TMP/ef') = 8 ]"
check "-j2, fsync fails: no output, no temporary file" sh -c "[ -z \"\$(ls -A syncfail)\" ]"
# one input is converted in-process; a crash there still fails only with
# a message, exit 1 and no temporary file (the sanitizer build leaves the
# crash to the sanitizers' own report)
if [ -z "$GALLEY_SANITIZE" ]; then
	mkdir -p one
	cp "$S/north-korea-china.xml" one/solo.xml
	check "single input crash: exit 1" sh -c "LD_PRELOAD='$FAULTS' GALLEY_FAULT_CRASH=solo.xml '$GALLEY' -o oneout/ one/solo.xml 2>'$TMP/es'; [ \$? = 1 ]"
	check "single input crash: says which input" grep -q '^one/solo.xml: error: conversion crashed (signal 11)' "$TMP/es"
	check "single input crash: no temporary file" sh -c "! ls -a oneout 2>/dev/null | grep -q tmp"
fi

# ---- sharding --------------------------------------------------------------------------
for k in 1 2 3; do
	"$GALLEY" -q --shard $k/3 -t dump -o sh --report shard$k.json many 2>/dev/null
done
check "shards: union is every input, no overlap" python3 -c "
import json, glob, os
seen = []
for k in (1, 2, 3):
    seen += [i['input'] for i in json.load(open('shard%d.json' % k))['inputs']]
allin = sorted('many/' + f for f in os.listdir('many'))
assert sorted(seen) == allin and len(seen) == len(set(seen)), seen"
check "shard rule: 1 + FNV-1a-64(path) mod N" python3 -c "
import json
def fnv(s):
    h = 0xcbf29ce484222325
    for b in s.encode():
        h = ((h ^ b) * 0x100000001b3) % (1 << 64)
    return h
for k in (1, 2, 3):
    for i in json.load(open('shard%d.json' % k))['inputs']:
        assert 1 + fnv(i['input']) % 3 == k, (i['input'], k)"
check "reports merge: totals add up" python3 -c "
import json
rs = [json.load(open('shard%d.json' % k)) for k in (1, 2, 3)]
assert sum(r['totals']['inputs'] for r in rs) == 9
assert sum(r['totals']['failed'] for r in rs) == 1"

# ---- --update ----------------------------------------------------------------------------
check "--update: first run converts" sh -c "'$GALLEY' -q --update -t dump -o up in"
touch -d '2000-01-01' in/z.xml
sleep 1
touch in/a.xml
check "--update: skips what is newer, redoes what is not" sh -c "'$GALLEY' -q --update -t dump -o up --report up.json in && python3 -c \"
import json; r = json.load(open('up.json'))
sk = {i['input']: i.get('skipped', False) for i in r['inputs']}
assert sk['in/a.xml'] is False and sk['in/z.xml'] is True, sk\""

# ---- collections --------------------------------------------------------------------
check "collection: exit 0" expect_status 0 "$GALLEY" -q --collection "Daily Brief: 3 May" -o coll/ --report coll.json in
check "collection: named from the title" sh -c "test -s coll/daily-brief-3-may.pdf && test -s coll/daily-brief-3-may.epub"
check "collection: only the collection is written" sh -c "[ \$(ls coll | wc -l) = 2 ]"
check "collection: report" python3 -c "
import json; r = json.load(open('coll.json'))
c = r['collection']
assert c['title'] == 'Daily Brief: 3 May' and c['status'] == 'ok'
assert [o['format'] for o in c['outputs']] == ['pdf', 'epub'] and c['pages'] > 1
assert r['totals']['inputs'] == 4"
check "collection: -o FILE with one format" sh -c "'$GALLEY' -q --collection T -t pdf -o coll/one.pdf in && test -s coll/one.pdf"
check "collection: -o - with one format" sh -c "'$GALLEY' -q --collection T -t dump -o - in >coll/c.dump && [ \$(grep -c '^  part' coll/c.dump) = 4 ]"
check "collection: a bad input is left out, exit 1" sh -c "'$GALLEY' -q --collection Mixed -t dump -o coll/ mix 2>/dev/null; [ \$? = 1 ] && [ \$(grep -c '^  part' coll/mixed.dump) = 3 ]"

# ---- progress -----------------------------------------------------------------------------
check "--progress draws on stderr" sh -c "'$GALLEY' -q --progress -t dump -o pr in 2>'$TMP/p'; grep -q 'done' '$TMP/p'"
check "no progress when not a TTY" sh -c "'$GALLEY' -t dump -o pr2 in 2>'$TMP/p2'; ! grep -q 'ETA' '$TMP/p2'"

# ---- signals ------------------------------------------------------------------------------
# SIGTERM in the middle of a batch: no temporary file anywhere, no worker
# left. The moment is not a time, which would depend on the machine's
# load, but a state: the two inputs named *-stall.xml stop in the middle
# of writing their PDF (tests/cli/faults.c), one in each worker, while
# the others are converted; the test waits until both have stopped.
mkdir -p big
for i in 01 02 03 04 05 06; do cp "$S/harbour-lights.xml" big/h$i.xml; done
cp "$S/harbour-lights.xml" big/h03-stall.xml
cp "$S/harbour-lights.xml" big/h06-stall.xml
cp -R "$S/images" big/
# both stopped, and the other inputs' outputs in place (a worker's
# committer renames them while it converts the next)
stalled() { [ "$(grep -c '^galley-fault: stalled' "$TMP/esig")" = 2 ] && [ "$(ls sig | grep -c '^h0[1-5].pdf$')" = 5 ]; }
LD_PRELOAD="$FAULTS" GALLEY_FAULT_CRASH=stall:-stall.xml "$GALLEY" -q -j2 -t pdf -o sig big >/dev/null 2>"$TMP/esig" &
pid=$!
wait_for stalled
workers=$(pgrep -P $pid | tr '\n' ' ')
check "SIGTERM: both workers stopped mid-output" sh -c "[ \$(echo $workers | wc -w) = 2 ] && [ \$(grep -c '^galley-fault: stalled' '$TMP/esig') = 2 ]"
kill -TERM $pid 2>/dev/null
{ wait $pid; } 2>/dev/null
check "SIGTERM: galley ends by the signal" test "$?" = 143
check "SIGTERM: no temporary file" sh -c "! ls -a sig | grep -q tmp"
check "SIGTERM: no output of the stopped inputs" sh -c "! ls sig | grep -q stall"
check "SIGTERM: what was finished stays" sh -c "[ \$(ls sig | grep -c '^h0[1-5].pdf\$') = 5 ]"
# gone, or a zombie waiting for an init that does not reap
check "SIGTERM: every worker gone" sh -c "for w in $workers; do ! ps -o stat= -p \$w | grep -q '^[^Z]' || exit 1; done"
