# A 200-brief batch with two workers: every input converted, every output
# complete, nothing left behind. In the sanitizer pass (make check) each
# worker runs LeakSanitizer's check before it exits (batch.c), so a leak in
# any conversion fails its input here; the run must stay clean.
export SOURCE_DATE_EPOCH=1700000000
cd "$TMP" || exit 1
mkdir in
$PYTHON "$TOP/tests/gen_briefs.py" "$TOP/samples/north-korea-china.xml" in 200 long.xml
# a few German briefs, so a second dictionary is loaded before the fork
for i in 1 2 3 4 5; do cp "$TOP/samples/stadtwerke-solar.xml" "in/de-$i.xml"; done
check "200 briefs: exit 0" expect_status 0 "$GALLEY" -q -j 2 --report rep.json -o res/ in/
check "no message at all" test ! -s "$TMP/err"
check "205 PDFs and 205 EPUBs" sh -c "[ \$(ls res/*.pdf | wc -l) = 205 ] && [ \$(ls res/*.epub | wc -l) = 205 ]"
check "report: 205 succeeded" $PYTHON -c "
import json,sys; r=json.load(open('rep.json')); t=r['totals']
sys.exit(0 if t['inputs']==205 and t['ok']==205 and t['failed']==0 else 1)"
check "every PDF ends in %%EOF" sh -c "for f in res/*.pdf; do tail -c 8 \"\$f\" | grep -q EOF || exit 1; done"
check "no temporary file" no_temps res
