# galley — build, test, install.
#   make demo    converts samples/ into out/ (installs what it needs)
#   make check   runs every test, then again under ASan+UBSan
#   make epub-look  the sample EPUBs as a reading engine shows them
.SUFFIXES:

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
BUILD   ?= build

# Debian 12 packages: to build and run, and what only the tests need.
DEPS_PKGS = build-essential pkg-config libxml2-dev libzip-dev libcairo2-dev \
	libpango1.0-dev libfribidi-dev libharfbuzz-dev libfontconfig-dev libhyphen-dev \
	libinih-dev libjson-c-dev librsvg2-dev libpng-dev libjpeg-dev \
	libgif-dev libtiff-dev fontconfig fonts-sil-charis fonts-noto-core \
	fonts-noto-cjk fonts-noto-mono fonts-noto-color-emoji fonts-texgyre-math hyphen-en-us hyphen-de hyphen-fr \
	hyphen-es hyphen-pt-pt hyphen-pt-br hyphen-it hyphen-nl hyphen-ru \
	docbook-xml docbook5-xml w3c-sgml-lib xml-core
TEST_PKGS = epubcheck default-jre-headless poppler-utils qpdf libqpdf-dev \
	python3 python3-lxml libxml2-utils clang libclang-rt-14-dev

PKGS    = libxml-2.0 libzip cairo pangocairo pangoft2 harfbuzz fontconfig fribidi \
	  json-c libpng libjpeg inih
# opened on first use (src/base/dynlib.c): headers only
DLPKGS  = librsvg-2.0 libtiff-4 harfbuzz-subset
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) $(DLPKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhyphen -lm
# the unit tests read PDFs back with qpdf (galley itself does not link it)
TEST_CFLAGS = $(shell pkg-config --cflags libqpdf 2>/dev/null)
TEST_LIBS   = $(shell pkg-config --libs libqpdf 2>/dev/null)

WARN    = -Wall -Wextra -Wshadow -Werror -Wno-unused-parameter \
	  $(if $(findstring clang,$(CC)),-Wconditional-uninitialized)
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(PKG_CFLAGS) -Isrc \
	-DGAL_DATADIR='"$(PREFIX)/share/galley"' -DGAL_SRCDIR='"$(CURDIR)"'

# src/ is grouped by stage (src/README); every .c below it is built
SRC     = $(sort $(wildcard src/*/*.c))
LIBSRC  = $(filter-out src/cli/main.c,$(SRC))
OBJ     = $(LIBSRC:src/%.c=$(BUILD)/obj/%.o)
# ar keeps members by their base name: two files of one name would
# silently replace each other in libgalley.a
DUPNAMES = $(shell printf '%s\n' $(notdir $(SRC)) | sort | uniq -d)
$(if $(DUPNAMES),$(error two source files named $(DUPNAMES): base names must be unique))
UNIT    = $(sort $(wildcard tests/unit/test_*.c))
UNITBIN = $(UNIT:tests/unit/%.c=$(BUILD)/unit/%)

FONTCACHE = fonts/cache/.stamp
HYPHCACHE = hyph/.stamp
PDFFONTS  = fonts/pdf/.stamp

.PHONY: all deps test-deps check test asan demo install clean corpus bench \
	fuzz golden-update unit typo spec spec-update epub-look epub-look-deps \
	math-sheet math-compare

all: $(BUILD)/galley $(FONTCACHE) $(HYPHCACHE) $(PDFFONTS)

# ---- dependencies: apt-get only what is missing (idempotent) ----
deps:
	@missing=$$(for p in $(DEPS_PKGS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

test-deps: deps
	@missing=$$(for p in $(TEST_PKGS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# ---- build ----
# (never apt-get: that is `make deps`; a missing library shows as a
# compiler error naming its header)
$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

-include $(OBJ:.o=.d) $(BUILD)/obj/cli/main.d $(UNITBIN:=.d)

# the library as an archive: unit tests pull in only the modules they use
$(BUILD)/libgalley.a: $(OBJ)
	@rm -f $@
	@ar rcs $@ $(OBJ)

$(BUILD)/galley: $(BUILD)/obj/cli/main.o $(BUILD)/libgalley.a
	@echo "LD $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS)

# the font cache that fonts/fonts.conf names, built once; fontconfig reads
# <cachedir prefix="relative"> against the current directory, so fc-cache
# runs from fonts/ and the cache lands in fonts/cache
$(FONTCACHE): fonts/fonts.conf
	@mkdir -p fonts/cache
	cd fonts && FONTCONFIG_FILE=$(CURDIR)/fonts/fonts.conf fc-cache -f >/dev/null 2>&1 || true
	@touch $@

# the installed hyphenation patterns, compiled (src/hyph_load.c): German's
# take 40 ms and more to build in every process that sets German text,
# their compiled form a few to read; a pattern file changed since is
# read from its patterns again
$(HYPHCACHE): $(BUILD)/galley
	@mkdir -p hyph
	$(BUILD)/galley --hyphenation-cache hyph
	@touch $@

# the faces PDF output embeds, copied without their hinting
# (src/font_strip.c): half the font bytes of a brief, compressed again in
# every PDF; a face changed since is embedded as it is
$(PDFFONTS): $(BUILD)/galley $(FONTCACHE)
	@mkdir -p fonts/pdf
	$(BUILD)/galley --pdf-font-cache fonts/pdf
	@touch $@

# ---- tests ----
$(BUILD)/unit/%: tests/unit/%.c $(BUILD)/libgalley.a
	@mkdir -p $(@D)
	@echo "LD $@"
	@$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -MMD -MP -MF $@.d -o $@ $< $(BUILD)/libgalley.a $(PKG_LIBS) $(TEST_LIBS)

# fault injection for the command-line tests (tests/cli/faults.c),
# preloaded into galley; never built with the sanitizers, which a
# preloaded library cannot bring along
$(BUILD)/faults.so: tests/cli/faults.c
	@mkdir -p $(@D)
	@echo "LD $@"
	@$(CC) -std=c11 -D_GNU_SOURCE $(WARN) -O2 -g -fPIC -shared -o $@ $< -ldl

# the math test sheet: tests/data/math-sheet.txt laid out and painted
# into build/math-sheet.pdf, to be looked at (pdftoppm -png)
$(BUILD)/math_sheet: tests/math_sheet.c $(BUILD)/libgalley.a
	@echo "LD $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libgalley.a $(PKG_LIBS)

math-sheet: $(BUILD)/math_sheet $(FONTCACHE)
	$(BUILD)/math_sheet tests/data/math-sheet.txt $(BUILD)/math-sheet.pdf

# the same sheet set by galley and by pandoc + LaTeX, as PNGs side by side
MATHCMP_PKGS = pandoc texlive-latex-recommended texlive-luatex fonts-lmodern lmodern
math-compare: test-deps
	@missing=$$(for p in $(MATHCMP_PKGS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@$(MAKE) --no-print-directory all
	tests/math_compare.sh

unit: $(UNITBIN)
	@fail=0; for t in $(UNITBIN); do $$t || fail=1; done; exit $$fail

test: all $(UNITBIN) $(BUILD)/faults.so
	@GALLEY=$(CURDIR)/$(BUILD)/galley BUILD=$(CURDIR)/$(BUILD) tests/run.sh $(UNITBIN)

# the sanitizer build is a debug build too (GAL_DEBUG: the model is
# checked after every import, src/import/pipeline.c); CFLAGS=-DGAL_DEBUG
# makes any build one
asan:
	$(MAKE) --no-print-directory BUILD=build/asan CC=clang \
	  CFLAGS="-O1 -g -DGAL_DEBUG -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  test GALLEY_SANITIZE=1

check: test-deps
	$(MAKE) --no-print-directory test
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(MAKE) --no-print-directory asan

# the spec examples (tests/spec/README.md) alone; SPEC= selects some
# (a file, FILE:N, FILE:N-M or a piece of a heading)
spec: all
	@python3 tests/spec/run.py --galley $(CURDIR)/$(BUILD)/galley $(SPEC)

# rewrite the examples' expected outputs from the current galley, for
# review with git diff
spec-update: all
	@python3 tests/spec/run.py --galley $(CURDIR)/$(BUILD)/galley --update $(SPEC)

golden-update: all $(UNITBIN)
	GOLDEN_UPDATE=1 $(BUILD)/unit/test_pdf >/dev/null
	GALLEY=$(CURDIR)/$(BUILD)/galley GOLDEN_UPDATE=1 tests/golden.sh

# ---- the main job: convert the samples ----
demo: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p out
	$(BUILD)/galley -o out/ samples/
	@ls -l out/

corpus: test-deps
	@$(MAKE) --no-print-directory all
	tests/corpus.sh

bench: test-deps
	@$(MAKE) --no-print-directory all
	tests/bench.sh

typo: test-deps
	@$(MAKE) --no-print-directory all
	tests/typo.sh

fuzz:
	tests/fuzz.sh

# ---- the EPUB as readers see it (tests/epub-look/) ----
# Debian's Chromium renders every chapter; DAISY's Ace checks
# accessibility. A tool comes from Debian when its command is missing
# (node and npm may come from elsewhere: command:package); the node
# packages come from the committed lock file into the build tree, without
# install scripts (Ace's would download browsers).
LOOK_CMDS = chromium:chromium node:nodejs npm:npm
NODE_DIR  = $(BUILD)/node
LOOK_LOCK = tests/epub-look/package.json tests/epub-look/package-lock.json

epub-look-deps: test-deps
	@missing=$$(for cp in $(LOOK_CMDS); do command -v $${cp%%:*} >/dev/null || \
	  echo $${cp#*:}; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@$(MAKE) --no-print-directory $(NODE_DIR)/.stamp

$(NODE_DIR)/.stamp: $(LOOK_LOCK)
	@mkdir -p $(NODE_DIR)
	cp $(LOOK_LOCK) $(NODE_DIR)/
	cd $(NODE_DIR) && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts \
	  --no-audit --no-fund --loglevel=error
	@touch $@

epub-look: epub-look-deps
	@$(MAKE) --no-print-directory all $(BUILD)/style-dump
	BUILD=$(abspath $(BUILD)) NODE_DIR=$(abspath $(NODE_DIR)) tests/epub-look/run.sh

# a style's values as galley resolves them, which epub-look holds the
# EPUB to (tests/epub-look/style.mjs)
$(BUILD)/style-dump: tests/epub-look/style_dump.c $(BUILD)/libgalley.a
	@echo "LD $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libgalley.a $(PKG_LIBS)

# ---- install ----
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/galley/styles \
	  $(DESTDIR)$(PREFIX)/share/galley/fonts/pdf $(DESTDIR)$(PREFIX)/share/galley/schema \
	  $(DESTDIR)$(PREFIX)/share/galley/xml $(DESTDIR)$(PREFIX)/share/galley/hyph \
	  $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/galley $(DESTDIR)$(PREFIX)/bin/galley
	install -m 644 styles/*.ini $(DESTDIR)$(PREFIX)/share/galley/styles/
	install -m 644 fonts/fonts.conf $(DESTDIR)$(PREFIX)/share/galley/fonts/
	install -m 644 schema/*.rng $(DESTDIR)$(PREFIX)/share/galley/schema/
	cp -R xml/. $(DESTDIR)$(PREFIX)/share/galley/xml/
	install -m 644 galley.1 $(DESTDIR)$(PREFIX)/share/man/man1/galley.1
	$(BUILD)/galley --hyphenation-cache $(DESTDIR)$(PREFIX)/share/galley/hyph
	-cd $(DESTDIR)$(PREFIX)/share/galley/fonts && FONTCONFIG_FILE=$(DESTDIR)$(PREFIX)/share/galley/fonts/fonts.conf fc-cache -f >/dev/null 2>&1
	$(BUILD)/galley --pdf-font-cache $(DESTDIR)$(PREFIX)/share/galley/fonts/pdf

clean:
	rm -rf $(BUILD) out fonts/cache fonts/pdf hyph
