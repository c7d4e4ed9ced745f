#!/bin/sh
# make fuzz: build the libFuzzer harness with clang (ASan+UBSan, and
# GAL_DEBUG: the model is checked after import and prep) and run it
# for FUZZ_TIME seconds per vocabulary (FUZZ_FORMATS picks some). Seeds come from samples/, the
# project's golden inputs and, at run time only, ../shared/corpus (copied to a
# scratch directory, never into the project). New crashes land in
# build/fuzz/crashes/; turn each into a small input under tests/patho/.
set -e
TOP=$(cd "$(dirname "$0")/.." && pwd)
F=$TOP/build/fuzz
FUZZ_TIME=${FUZZ_TIME:-60}
mkdir -p "$F/crashes"
make -C "$TOP" --no-print-directory BUILD=build/fuzz-obj CC=clang \
	CFLAGS="-O1 -g -DGAL_DEBUG -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" \
	build/fuzz-obj/libgalley.a
clang -O1 -g -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE -I"$TOP/src" \
	$(pkg-config --cflags pango cairo libxml-2.0) \
	"$TOP/tests/fuzz/fuzz_galley.c" "$TOP/build/fuzz-obj/libgalley.a" \
	$(pkg-config --libs libxml-2.0 libzip cairo pangocairo pangoft2 harfbuzz fontconfig fribidi json-c librsvg-2.0 libpng libjpeg inih libtiff-4) \
	-lhyphen -lgif -lm -o "$F/fuzz_galley"
for fmt in ${FUZZ_FORMATS:-auto article jats docbook nitf}; do
	seeds=$F/seeds-$fmt; kept=$TOP/tests/fuzz/corpus-$fmt
	rm -rf "$seeds"; mkdir -p "$seeds" "$kept"
	cp "$TOP"/samples/*.xml "$seeds/" 2>/dev/null || true
	find "$TOP/tests/golden" -name '*.xml' -exec cp {} "$seeds/" \; 2>/dev/null || true
	[ -d "$TOP/../shared/corpus" ] && find "$TOP/../shared/corpus" -name '*.xml' -size -64k -exec cp {} "$seeds/" \;
	echo "== fuzzing $fmt for $FUZZ_TIME s"
	FUZZ_FORMAT=$fmt ASAN_OPTIONS=detect_leaks=0 "$F/fuzz_galley" "$kept" "$seeds" \
		-dict="$TOP/tests/fuzz/galley.dict" -max_total_time="$FUZZ_TIME" \
		-max_len=65536 -timeout=20 -rss_limit_mb=2048 -artifact_prefix="$F/crashes/" \
		-print_final_stats=1 2>&1 | grep -E 'stat::|#[0-9]+.*DONE|ERROR|SUMMARY|fuzz_galley:' || true
done
