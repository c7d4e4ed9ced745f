#!/bin/sh
# make bench: galley against pandoc (EPUB) and WeasyPrint (PDF), side by side
# in the same run, on briefs shaped like the seed brief and a 20-page article.
# Installs pandoc, weasyprint and time when missing (tests never need them).
TOP=$(cd "$(dirname "$0")/.." && pwd)
GALLEY=${GALLEY:-$TOP/build/galley}
N=${N:-400}
B=$TOP/build/bench
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
for p in pandoc weasyprint time strace hyperfine; do
	dpkg -s $p >/dev/null 2>&1 || { $SUDO apt-get update -qq; $SUDO apt-get install -y -qq --no-install-recommends $p >/dev/null; }
done
rm -rf "$B"; mkdir -p "$B/in" "$B/out1" "$B/out2" "$B/single" "$B/peer"
export SOURCE_DATE_EPOCH=1700000000
python3 "$TOP/tests/gen_briefs.py" "$TOP/samples/north-korea-china.xml" "$B/in" "$N" "$B/long.xml"

# median wall time in ms of RUNS runs of a command (hyperfine: time(1)'s
# %e has only 10 ms steps, and truncates)
median_ms() {
	runs=$1; shift
	hyperfine -N -w 3 -r "$runs" --export-json "$B/h.json" "$*" >/dev/null 2>&1
	python3 -c "import json,sys; print('%.1f' % (json.load(open(sys.argv[1]))['results'][0]['median'] * 1000))" "$B/h.json"
}
peak_rss() { /usr/bin/time -f "%M" -o "$B/t" "$@" >/dev/null 2>&1; cat "$B/t"; }
# "MS KIB": the median CPU time (user + system, from getrusage; on a
# shared machine wall time says more about the neighbours) in ms of RUNS
# runs of a command, and the largest peak RSS in KiB
cpu_ms() {
	runs=$1; shift
	python3 -c '
import resource, subprocess, sys
runs, cmd = int(sys.argv[1]), sys.argv[2:]
cpu = []
for _ in range(runs):
    t0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    t1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu.append((t1.ru_utime - t0.ru_utime + t1.ru_stime - t0.ru_stime) * 1000)
cpu.sort()
print("%.1f %d" % (cpu[len(cpu) // 2], resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
' "$runs" "$@"
}

echo "== galley, one fresh process per brief (PDF + EPUB), 30 runs"
single=$(median_ms 30 "$GALLEY" -q -o "$B/single/" "$B/in/brief-0001.xml")
single_rss=$(peak_rss "$GALLEY" -q -o "$B/single/" "$B/in/brief-0001.xml")
echo "median ${single} ms, peak RSS ${single_rss} KiB"

# German sets the largest hyphenation automaton (14 MiB): what the
# compiled dictionaries in hyph/ save shows here
echo "== galley, one fresh process, the German sample (PDF + EPUB), 30 runs"
german=$(median_ms 30 "$GALLEY" -q -o "$B/single/" "$TOP/samples/stadtwerke-solar.xml")
echo "median ${german} ms"

# a batch is timed three times and the median kept: on a shared virtual
# machine one run in several comes out a third slower
for j in 1 2; do
	echo "== galley batch -j $j, $N briefs, 3 runs"
	walls=
	for run in 1 2 3; do
		# each run writes fresh outputs, with no writeback of the
		# previous run's still going on
		rm -rf "$B/out$j"
		sync
		/usr/bin/time -f "%e %M" -o "$B/t" "$GALLEY" -q -j $j -o "$B/out$j/" "$B/in/"
		read -r wall rss <"$B/t"
		walls="$walls $wall"
	done
	wall=$(echo $walls | tr ' ' '\n' | sort -n | sed -n 2p)
	rate=$(awk -v n=$N -v w=$wall 'BEGIN {printf "%.1f", n/w}')
	echo "runs:$walls s; median $wall s, $rate briefs/s, peak RSS of the parent ${rss} KiB"
	eval "rate$j=$rate"
done

# memory must stay flat with the number of inputs: the peak RSS that
# time(1) reports is the largest of galley and its workers
echo "== galley batch -j 2, peak memory for 100 and 1000 briefs"
mkdir -p "$B/in100" "$B/in1000"
python3 "$TOP/tests/gen_briefs.py" "$TOP/samples/north-korea-china.xml" "$B/in1000" 1000 "$B/long2.xml"
for f in $(ls "$B/in1000" | head -100); do cp "$B/in1000/$f" "$B/in100/"; done
for n in 100 1000; do
	sync
	/usr/bin/time -f "%e %M" -o "$B/t" "$GALLEY" -q -j 2 -o "$B/mem$n/" "$B/in$n/"
	read -r wall rss <"$B/t"
	echo "$n briefs: $wall s, peak RSS $rss KiB"
	eval "rss$n=$rss"
done

# what the fsync of every output costs: time inside fsync, per output
echo "== fsync cost, batch -j 1 of $N briefs"
strace -f -c -w -e trace=fsync -o "$B/fsync.txt" "$GALLEY" -q -j 1 -o "$B/fs/" "$B/in/" >/dev/null 2>&1
fs=$(awk '$NF == "fsync" {print $2}' "$B/fsync.txt")
fsn=$(awk '$NF == "fsync" {print $4}' "$B/fsync.txt")
echo "fsync: ${fs:-0} s over ${fsn:-0} calls ($(awk -v s="${fs:-0}" -v n="${fsn:-1}" 'BEGIN {printf "%.2f", s*1000/n}') ms each)"

echo "== galley, the 20-page article, 10 runs"
sync
long=$(median_ms 10 "$GALLEY" -q -o "$B/single/" "$B/long.xml")
pages=$(pdfinfo "$B/single/long.pdf" 2>/dev/null | awk '/^Pages/ {print $2}')
echo "median ${long} ms for $pages pages"

# one paragraph of 50,000 words and one of 500,000 (words cycled from a
# sample, so widths and hyphenation vary): the breaker and the page
# builder stay linear while the ratio stays under 12 (ten times the words)
echo "== galley, one paragraph of 50,000 and of 500,000 words (PDF), CPU time, 3 runs"
for w in 50000 500000; do
	python3 "$TOP/tests/patho/gen_paragraph.py" "$TOP/samples/north-korea-china.xml" $w "$B/para$w.xml"
	set -- $(cpu_ms 3 "$GALLEY" -q -t pdf -o "$B/single/para$w.pdf" "$B/para$w.xml")
	pages=$(pdfinfo "$B/single/para$w.pdf" 2>/dev/null | awk '/^Pages/ {print $2}')
	echo "$w words: median $1 ms CPU for $pages pages, peak RSS $2 KiB"
	eval "para$w=$1"
done
para_ratio=$(awk -v a="$para50000" -v b="$para500000" 'BEGIN {printf "%.1f", (a > 0 ? b / a : 0)}')
echo "500,000 / 50,000 words: ${para_ratio}x the CPU time (limit 12x)"

# peers get galley's own XHTML and CSS for the same brief
mkdir -p "$B/x" && (cd "$B/x" && unzip -qo "$B/single/brief-0001.epub")
html=$(find "$B/x" -name '*.xhtml' ! -name 'nav.xhtml' ! -name 'cover*' | sort | head -1)
echo "== pandoc -> EPUB, 10 runs"
pandoc_ms=$(median_ms 10 pandoc -f html "$html" -o "$B/peer/p.epub")
echo "median ${pandoc_ms} ms, peak RSS $(peak_rss pandoc -f html "$html" -o "$B/peer/p.epub") KiB"
echo "== WeasyPrint -> PDF, 5 runs"
weasy_ms=$(median_ms 5 weasyprint "$html" "$B/peer/w.pdf")
echo "median ${weasy_ms} ms, peak RSS $(peak_rss weasyprint "$html" "$B/peer/w.pdf") KiB"

echo
echo "== summary"
awk -v s="$single" -v g="$german" -v r1="$rate1" -v r2="$rate2" -v p="$pandoc_ms" -v w="$weasy_ms" -v l="$long" -v pr="$para_ratio" -v m1="$rss100" -v m2="$rss1000" 'BEGIN {
	printf "galley single brief (PDF+EPUB, fresh process): %s ms\n", s
	printf "galley German sample (PDF+EPUB, fresh process): %s ms\n", g
	printf "galley batch: -j1 %s/s, -j2 %s/s\n", r1, r2
	printf "galley 20-page article: %s ms\n", l
	printf "galley one paragraph, 500,000 / 50,000 words: %sx the CPU time (limit 12x)\n", pr
	printf "peak RSS (galley and workers): %s KiB at 100 briefs, %s KiB at 1000\n", m1, m2
	printf "pandoc -> EPUB: %s ms/doc; WeasyPrint -> PDF: %s ms/doc\n", p, w
	if (s > 0) printf "single-process ratio: %.1fx pandoc, %.1fx WeasyPrint\n", p/s, w/s
	if (r2 > 0) printf "batch -j2 ratio: %.0fx pandoc rate, %.0fx WeasyPrint rate\n", r2*p/1000, r2*w/1000
}'
