/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h - what every fuzz target in tests/fuzz/ provides and may use.
 *
 * A target is one file defining LLVMFuzzerTestOneInput(), libFuzzer's entry
 * point: it feeds the bytes to one parser of untrusted input and checks the
 * invariants that must hold whatever the bytes are (no crash, 0 or a
 * negative errno, every resource back to its baseline).  A broken invariant
 * calls fuzz_fail(), which aborts, so that libFuzzer saves the input.
 *
 * The same file is linked two ways: with libFuzzer (clang
 * -fsanitize=fuzzer,address,undefined; `make fuzz`), and with replay.c
 * under any compiler, a plain program that feeds it the regression inputs
 * of tests/fuzz/regressions/<target>/ and the seed corpus (`make check`).
 */
#ifndef LKM_TESTS_FUZZ_H
#define LKM_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional; called once before the first input. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Report a broken invariant on stderr and abort. */
void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* A private, exactly @size bytes long, malloc'ed copy of @data (so that an
 * over-read is caught by AddressSanitizer, and the copy is 8-byte aligned). */
uint8_t *fuzz_copy(const uint8_t *data, size_t size);

/*
 * Put @data into an anonymous in-memory file and return a path that opens
 * it ("/proc/self/fd/N"), for parsers that only take paths.  The file is
 * rewritten on each call and the path stays the same.
 */
const char *fuzz_file_put(const uint8_t *data, size_t size);

#endif /* LKM_TESTS_FUZZ_H */
