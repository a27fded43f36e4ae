# witan — build, test, install.
#
#   make            build build/witan and build/libwitan.a
#   make run        list the exports of the bundled Golem example
#   make check      every test (unit, golden, conformance, hostile input,
#                   memory running out, fuzz regressions; again under
#                   sanitizers, then valgrind)
#   make fuzz       FUZZ_SECONDS=60: run each fuzz target (clang's libFuzzer)
#   make deps       install the Debian packages the build needs
#   make install    PREFIX=/usr/local DESTDIR= ; make uninstall ; make clean

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
VERSION := 0.1.0

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wno-unused-parameter
CFLAGS  ?= -O2 -g
ALL_CFLAGS := -std=c11 -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) \
              -Iinclude -Isrc -I$(BUILD)/gen -DWITAN_VERSION='"$(VERSION)"'
LDLIBS  := -pthread -lm

CJSON_CFLAGS = $(shell pkg-config --cflags libcjson 2>/dev/null)
CJSON_LIBS   = $(shell pkg-config --libs libcjson 2>/dev/null || echo -lcjson)
CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   = $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lrt -lpthread -lm)

LIB_SRCS := $(filter-out src/main.c src/cli_%.c,$(wildcard src/*.c))
CLI_SRCS := src/main.c $(wildcard src/cli_*.c)
# The generated lexer and parser are compiled inside src/parse.c (see
# there), under the same warnings as the rest.
GEN_SRCS := $(BUILD)/gen/lexer.c $(BUILD)/gen/parser.c $(BUILD)/gen/parser_tables.h
LIB_OBJS := $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o)
CLI_OBJS := $(CLI_SRCS:src/%.c=$(BUILD)/obj/%.o)

UNICODE_DATA := /usr/share/unicode/DerivedCoreProperties.txt /usr/share/unicode/UnicodeData.txt
DEB_PACKAGES := re2c lemon libcjson-dev check pkg-config unicode-data

.PHONY: all deps run check unit golden conformance sanitize valgrind oom install uninstall clean \
        bless bench bench-instructions bench-compare bench-reference fuzz fuzz-targets fuzz-regress hostile
.DEFAULT_GOAL := all

all: deps
	@$(MAKE) --no-print-directory $(BUILD)/witan $(BUILD)/libwitan.a $(BUILD)/witan.pc

# apt-get as root (through sudo when not root), asking nothing.
APT_GET = $$([ "$$(id -u)" -eq 0 ] || echo sudo) env DEBIAN_FRONTEND=noninteractive apt-get
# $(call install_missing,COMMAND,PACKAGE): installs PACKAGE when COMMAND is missing.
install_missing = command -v $(1) >/dev/null 2>&1 || \
	$(APT_GET) install -y -qq --no-install-recommends $(2) >/dev/null

# Installs only what is missing, so it is quick when nothing is.
deps:
	@missing=""; \
	command -v re2c >/dev/null 2>&1 || missing="$$missing re2c"; \
	command -v lemon >/dev/null 2>&1 || missing="$$missing lemon"; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	[ -f /usr/include/cjson/cJSON.h ] || missing="$$missing libcjson-dev"; \
	[ -f /usr/include/check.h ] || missing="$$missing check"; \
	[ -f /usr/share/unicode/UnicodeData.txt ] || missing="$$missing unicode-data"; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing" >&2; \
	  $(APT_GET) update -qq && \
	  $(APT_GET) install -y -qq --no-install-recommends $$missing >/dev/null || \
	  { echo "make deps: apt-get failed; install:$$missing" >&2; exit 1; }; \
	fi

$(BUILD)/gen/unitab.h: grammar/unicode.awk $(UNICODE_DATA)
	@mkdir -p $(dir $@)
	awk -f grammar/unicode.awk $(UNICODE_DATA) > $@.tmp && mv $@.tmp $@

# lemon exits non-zero on any conflict, which fails the build. One run
# writes both files; parser.h hangs off parser.c so a parallel make runs
# lemon once and sees both fresh.
$(BUILD)/gen/parser.c: grammar/parser.y grammar/engine.c.in Makefile
	@mkdir -p $(BUILD)/gen
	cp grammar/parser.y $(BUILD)/gen/parser.y
	cd $(BUILD)/gen && lemon -c -q -T$(CURDIR)/grammar/engine.c.in parser.y
	@rm -f $(BUILD)/gen/parser.y
$(BUILD)/gen/parser.h: $(BUILD)/gen/parser.c
	@test -f $@
# The engine reads lemon's tables expanded (grammar/tables.awk).
$(BUILD)/gen/parser_tables.h: grammar/tables.awk $(BUILD)/gen/parser.c
	awk -f grammar/tables.awk $(BUILD)/gen/parser.c > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/lexer.c: grammar/lexer.re $(BUILD)/gen/parser.h Makefile
	@mkdir -p $(BUILD)/gen
	re2c -W -Werror -b --no-generation-date --no-version -o $@ $<

# The token loop in src/parse.c, with the scanner and lemon's engine
# inlined, has more live values than registers: GCC's partial-redundancy
# elimination and code hoisting lift loads out of its branches only to
# spill them (about 2 instructions per input byte), and its register
# allocator, left to allocate the loop's regions apart, moves values
# between registers and the stack at their borders (about 0.7 per byte;
# -fira-region=one allocates the function as one region). Compilers
# without these options build it as it is.
PARSE_FLAGS_WANTED := -fno-tree-pre -fno-code-hoisting -fira-region=one
PARSE_CFLAGS := $(shell $(CC) -Werror $(PARSE_FLAGS_WANTED) -c -x c /dev/null \
                  -o /dev/null 2>/dev/null && echo $(PARSE_FLAGS_WANTED))
$(BUILD)/obj/parse.o: ALL_CFLAGS += $(PARSE_CFLAGS)
$(BUILD)/obj/parse.o: $(GEN_SRCS)

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h) include/witan.h $(BUILD)/gen/parser.h $(BUILD)/gen/unitab.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libwitan.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

# The program is linked statically where the C library allows it (glibc's
# libc.a comes with libc6-dev, which the compiler needs anyway): no
# dynamic loader, no relocation of libc at start, and only the parts of
# libc witan calls are mapped. That is about 0.8 MiB less resident memory
# (a third of a 1 MB package's peak) and a quicker start, which is most
# of a run on a small wit/ folder. It links no JSON library (jsonout.h),
# so nothing else stands in the way. Sanitizer builds link dynamically
# (their run-time cannot be static), and so does witan-dynamic, the copy
# `make valgrind` runs (valgrind cannot see malloc in a static program).
STATIC_WANTED := $(if $(findstring -fsanitize,$(LDFLAGS)),,-static-pie)
STATIC_LINK := $(if $(STATIC_WANTED),$(shell printf 'int main(void) { return 0; }\n' | \
                 $(CC) -x c - $(STATIC_WANTED) -o /dev/null >/dev/null 2>&1 && echo $(STATIC_WANTED)))

$(BUILD)/witan: LINK_MODE = $(STATIC_LINK)
$(BUILD)/witan $(BUILD)/witan-dynamic: $(CLI_OBJS) $(BUILD)/libwitan.a
	$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJS) $(BUILD)/libwitan.a $(LDLIBS) $(LDFLAGS) $(LINK_MODE)

.PHONY: $(BUILD)/witan.pc
$(BUILD)/witan.pc:
	@mkdir -p $(BUILD)
	printf 'prefix=%s\nlibdir=$${prefix}/lib\nincludedir=$${prefix}/include\n\nName: witan\nDescription: WIT (WebAssembly Interface Types) parser, resolver and export lister\nVersion: %s\nLibs: -L$${libdir} -lwitan\nLibs.private: -pthread -lm\nCflags: -I$${includedir}\n' \
	  '$(PREFIX)' '$(VERSION)' > $@

# ------------------------------------------------------------------ running

# Only the names go to stdout; the build (if any) reports on stderr.
run: deps
	@$(MAKE) --no-print-directory -s $(BUILD)/witan >&2
	@$(BUILD)/witan list testdata/golem/shopping-cart.wit

# ------------------------------------------------------------------ tests

TEST_NAMES := $(patsubst tests/%.c,%,$(wildcard tests/check_*.c))
TEST_BINS  := $(TEST_NAMES:%=$(BUILD)/tests/%)

$(BUILD)/tests/%: tests/%.c $(BUILD)/libwitan.a $(wildcard tests/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) $(CJSON_CFLAGS) -o $@ $< $(BUILD)/libwitan.a \
	  $(CHECK_LIBS) $(CJSON_LIBS) $(LDLIBS) $(LDFLAGS)

unit: all
	@$(MAKE) --no-print-directory $(TEST_BINS)
	@set -e; for t in $(TEST_BINS); do CK_VERBOSITY=minimal $$t; done

# Test runners in as many shards as there are cores (tests/shards.sh).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

# The program the golden and conformance tests run.
WITAN_PROG ?= $(BUILD)/witan

golden: all
	@WITAN=$(WITAN_PROG) sh tests/shards.sh $(JOBS) tests/golden.sh

conformance: all
	@WITAN=$(WITAN_PROG) sh tests/shards.sh $(JOBS) tests/conformance.sh

# The whole suite again under AddressSanitizer + UBSan.
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# A report exits 86, not 1: witan's own status for bad input is 1, so a
# report on an error path would otherwise pass for the expected failure.
SAN_ENV := ASAN_OPTIONS=exitcode=86 UBSAN_OPTIONS=exitcode=86:print_stacktrace=1
sanitize: deps
	@$(SAN_ENV) $(MAKE) --no-print-directory BUILD=$(BUILD)/asan CFLAGS="$(SAN_FLAGS)" \
	  LDFLAGS="-fsanitize=address,undefined" unit golden conformance hostile fuzz-regress

# The golden tests, the reference suite's cases and the fuzz regressions
# once more under valgrind: no errors and no definitely or indirectly lost
# blocks, on error paths too. Exit status 86 (not 1, which is witan's own
# status for bad input) marks a report. Inlined frames are left out of
# reports (a report still names the function and the source line): reading
# them at every start made the whole step about a sixth slower.
VALGRIND := valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect \
            --error-exitcode=86 -q --read-inline-info=no
valgrind: all
	@$(call install_missing,valgrind,valgrind)
	@$(MAKE) --no-print-directory $(BUILD)/witan-dynamic
	@$(MAKE) --no-print-directory golden conformance fuzz-regress WITAN_WRAP="$(VALGRIND)" \
	  WITAN_PROG=$(BUILD)/witan-dynamic

# Hostile and broken input: limits, deep nesting, odd files (tests/hostile.sh).
hostile: all
	@WITAN=$(BUILD)/witan sh tests/hostile.sh

# Memory running out at each allocation in turn (tests/oom.sh): status 3
# and "out of memory", or what a run with memory to spare prints. The shim
# that fails the allocation is loaded with LD_PRELOAD, so the program is
# the dynamically linked copy.
$(BUILD)/tests/failalloc.so: tests/failalloc.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 $(WARN) -fPIC -shared -o $@ $<

oom: all
	@$(MAKE) --no-print-directory $(BUILD)/witan-dynamic $(BUILD)/tests/failalloc.so $(BUILD)/witgen
	@WITAN=$(BUILD)/witan-dynamic FAILALLOC=$(BUILD)/tests/failalloc.so WITGEN=$(BUILD)/witgen \
	  sh tests/shards.sh $(JOBS) tests/oom.sh

check: deps
	@$(MAKE) --no-print-directory unit golden conformance hostile oom fuzz-regress
	@WITAN=$(BUILD)/witan sh tests/manpage.sh
	@WITAN=$(BUILD)/witan sh tests/manifest-output.sh
	@WITAN=$(BUILD)/witan sh tests/params-diff.sh
	@WITAN=$(BUILD)/witan sh tests/lint-validate.sh
	@$(MAKE) --no-print-directory $(BUILD)/witgen $(BUILD)/benchrun
	@WITAN=$(BUILD)/witan WITGEN=$(BUILD)/witgen sh tests/witgen.sh
	@WITAN=$(BUILD)/witan WITGEN=$(BUILD)/witgen BENCHRUN=$(BUILD)/benchrun sh tests/bench-tools.sh
	@WITAN=$(BUILD)/witan WITGEN=$(BUILD)/witgen sh tests/parts.sh
	@$(MAKE) --no-print-directory sanitize
	@$(MAKE) --no-print-directory valgrind
	@echo "make check: all passed"

# ------------------------------------------------------------------ fuzzing
#
# libFuzzer targets in fuzz/, built from the library's sources with clang
# (Debian's clang and libclang-rt-dev, installed when missing). `make fuzz
# FUZZ_SECONDS=N` runs each target for N seconds, one after the other; the
# corpora grow in $(BUILD)/fuzz/corpus/, findings land in
# $(BUILD)/fuzz/artifacts/. Every finding becomes an input under
# testdata/fuzz-regressions/<target>/, which `make check` replays through
# the same entry point (fuzz-regress).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := parse resolve lint params deps
FUZZ_FLAGS   := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer
# clang and gcc warn differently; the gcc build holds the code to -Werror
FUZZ_WARN    := -Wall -Wextra -Wno-unused-parameter

fuzz: deps
	@printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' | \
	  $(FUZZ_CC) -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1 || { \
	  echo "make fuzz: installing clang libclang-rt-dev" >&2; \
	  $(APT_GET) install -y -qq --no-install-recommends clang libclang-rt-dev >/dev/null; }
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/fuzz CC=$(FUZZ_CC) CFLAGS="$(FUZZ_FLAGS)" \
	  WARN="$(FUZZ_WARN)" LDFLAGS="-fsanitize=fuzzer,address,undefined" fuzz-targets
	@sh fuzz/run.sh $(BUILD)/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-targets: $(FUZZ_TARGETS:%=$(BUILD)/fuzz_%)

$(BUILD)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h $(BUILD)/libwitan.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libwitan.a $(LDLIBS) $(LDFLAGS)

# Each target's entry point with fuzz/regress.c as main(), replaying the
# saved findings (in this build: plain, sanitizers, or under WITAN_WRAP).
$(BUILD)/fuzz-regress/%: fuzz/fuzz_%.c fuzz/regress.c fuzz/fuzz.h $(BUILD)/libwitan.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< fuzz/regress.c $(BUILD)/libwitan.a $(LDLIBS) $(LDFLAGS)

fuzz-regress: all
	@$(MAKE) --no-print-directory $(FUZZ_TARGETS:%=$(BUILD)/fuzz-regress/%)
	@set -e; for t in $(FUZZ_TARGETS); do \
	  [ -d testdata/fuzz-regressions/$$t ] || continue; \
	  $(WITAN_WRAP) $(BUILD)/fuzz-regress/$$t testdata/fuzz-regressions/$$t; \
	done

bless: all
	@WITAN=$(BUILD)/witan BLESS=1 sh tests/golden.sh

# ------------------------------------------------------------------ install

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	  $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/witan $(DESTDIR)$(PREFIX)/bin/witan
	install -m 644 $(BUILD)/libwitan.a $(DESTDIR)$(PREFIX)/lib/libwitan.a
	install -m 644 include/witan.h $(DESTDIR)$(PREFIX)/include/witan.h
	install -m 644 $(BUILD)/witan.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/witan.pc
	install -m 644 man/witan.1 $(DESTDIR)$(PREFIX)/share/man/man1/witan.1
	install -d $(DESTDIR)$(PREFIX)/share/witan
	install -m 644 man/witan-manifest.schema.json man/witan-lint.schema.json \
	  $(DESTDIR)$(PREFIX)/share/witan/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/witan $(DESTDIR)$(PREFIX)/lib/libwitan.a \
	  $(DESTDIR)$(PREFIX)/include/witan.h $(DESTDIR)$(PREFIX)/lib/pkgconfig/witan.pc \
	  $(DESTDIR)$(PREFIX)/share/man/man1/witan.1 \
	  $(DESTDIR)$(PREFIX)/share/witan/witan-manifest.schema.json \
	  $(DESTDIR)$(PREFIX)/share/witan/witan-lint.schema.json
	-rmdir $(DESTDIR)$(PREFIX)/share/witan 2>/dev/null

clean:
	rm -rf $(BUILD)

# ------------------------------------------------------------------ benchmarks
# Figures only; nothing here runs in `make check` and no test asserts a time.

$(BUILD)/witgen: bench/witgen.c
	@mkdir -p $(BUILD)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/benchrun: bench/benchrun.c
	@mkdir -p $(BUILD)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

bench: all $(BUILD)/witgen $(BUILD)/benchrun
	@sh bench/bench.sh $(BUILD) $(BENCH_SIZES)

bench-instructions: all $(BUILD)/witgen
	@$(call install_missing,valgrind,valgrind)
	@sh bench/instructions.sh $(BUILD) $(BENCH_INSTR_SIZES)

# this tree against an earlier commit: make bench-compare BASE=HEAD~1
BASE ?= HEAD
COMPARE_SIZE ?= 10M
COMPARE_RUNS ?= 21
COMPARE_GAP ?= 0
bench-compare: all $(BUILD)/witgen $(BUILD)/benchrun
	@sh bench/compare.sh $(BUILD) $(BASE) $(COMPARE_SIZE) $(COMPARE_RUNS) $(COMPARE_GAP)

# witan against the reference resolver, a program of your own that the
# project does not ship (bench/README.md): make bench-reference REFERENCE=...
REFERENCE ?=
REFERENCE_SIZES ?= 1M 10M
REFERENCE_RUNS ?= 11
REFERENCE_FILES ?=
bench-reference: all $(BUILD)/witgen $(BUILD)/benchrun
	@sh bench/reference.sh $(BUILD) "$(REFERENCE)" "$(REFERENCE_SIZES)" $(REFERENCE_RUNS) "$(REFERENCE_FILES)"
